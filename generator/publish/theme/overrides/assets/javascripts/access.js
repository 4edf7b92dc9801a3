/*
 * Elder-friendly reading and keyboard access.
 *
 * The reading bar (partials/reading.html): text size 标准/大/特大 and high contrast, kept in
 * localStorage under "dangjian.reading" and applied on <html> before the first paint by the
 * small script in page.html's head. Material's header toggles (menu, search) are labels,
 * which the keyboard cannot reach: they become buttons here, and Escape closes the menu.
 */
(function () {
  "use strict"

  var KEY = "dangjian.reading"
  var root = document.documentElement

  function saved() {
    try {
      return JSON.parse(localStorage.getItem(KEY)) || {}
    } catch (err) {
      return {}
    }
  }

  function save(change) {
    var settings = saved()
    for (var name in change)
      settings[name] = change[name]
    try {
      localStorage.setItem(KEY, JSON.stringify(settings))
    } catch (err) {}  // private mode: the choice holds for this page only
  }

  function show() {
    var size = root.getAttribute("data-text-size") || "0"
    document.querySelectorAll("[data-size-step]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-size-step") === size))
    })
    document.querySelectorAll("[data-contrast-toggle]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(root.getAttribute("data-contrast") === "high"))
    })
  }

  document.querySelectorAll("[data-size-step]").forEach(function (button) {
    button.addEventListener("click", function () {
      var step = Number(button.getAttribute("data-size-step"))
      if (step)
        root.setAttribute("data-text-size", String(step))
      else
        root.removeAttribute("data-text-size")
      save({size: step})
      show()
    })
  })

  document.querySelectorAll("[data-contrast-toggle]").forEach(function (button) {
    button.addEventListener("click", function () {
      var high = root.getAttribute("data-contrast") !== "high"
      if (high)
        root.setAttribute("data-contrast", "high")
      else
        root.removeAttribute("data-contrast")
      save({contrast: high ? "high" : null})
      show()
    })
  })

  show()

  /* Material's menu and search toggles are labels, out of reach of the keyboard: make them buttons. */
  var names = {__drawer: "导航菜单", __search: "搜索"}
  document.querySelectorAll(".md-header__button[for]").forEach(function (label) {
    var toggle = document.getElementById(label.htmlFor)
    if (!toggle || !names[label.htmlFor])
      return
    var button = document.createElement("button")
    button.type = "button"
    button.className = label.className
    button.setAttribute("data-for", label.htmlFor)
    button.setAttribute("aria-label", names[label.htmlFor])
    button.setAttribute("aria-expanded", String(toggle.checked))
    button.innerHTML = label.innerHTML
    label.replaceWith(button)
    toggle.addEventListener("change", function () {
      button.setAttribute("aria-expanded", String(toggle.checked))
    })
    button.addEventListener("click", function () {
      toggle.click()  // checks it and tells Material, as the label did
      if (!toggle.checked)
        return
      var target = toggle.id === "__drawer"
        ? document.querySelector(".md-sidebar--primary a[href]")
        : document.querySelector(".md-search__input")
      if (target)
        setTimeout(function () { target.focus() }, 50)  // once the panel is visible
    })
  })

  /* The open menu is a panel over the page: Escape, or leaving it, closes it. */
  var drawer = document.getElementById("__drawer")
  var sidebar = document.querySelector(".md-sidebar--primary")
  var opener = function () { return document.querySelector('.md-header__button[data-for="__drawer"]') }
  function closeDrawer() {
    drawer.checked = false
    drawer.dispatchEvent(new Event("change"))
  }
  if (drawer && sidebar) {
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && drawer.checked) {
        closeDrawer()
        if (opener())
          opener().focus()
      }
    })
    sidebar.addEventListener("focusout", function (event) {
      if (drawer.checked && event.relatedTarget && !sidebar.contains(event.relatedTarget)
          && event.relatedTarget !== opener())
        closeDrawer()
    })
  }
})()
