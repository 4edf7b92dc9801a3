// `serve` only: shows the problems of the last save (serve-problems.json, rewritten by the
// generator) above the page; live reload brings the page back when the list changes.
(function () {
  var script = document.currentScript
  fetch(new URL(script.dataset.problems, location.href), { cache: "no-store" })
    .then(function (response) { return response.ok ? response.json() : [] })
    .then(function (problems) {
      if (!problems.length) return
      var box = document.createElement("div")
      box.className = "serve-problems"
      box.setAttribute("role", "alert")
      var title = document.createElement("strong")
      title.textContent = "记录有错误，下面还是上一次没有错误时的页面。改正并保存后自动刷新："
      var list = document.createElement("ul")
      problems.forEach(function (problem) {
        var item = document.createElement("li")
        item.textContent = problem
        list.appendChild(item)
      })
      box.appendChild(title)
      box.appendChild(list)
      document.body.insertBefore(box, document.body.firstChild)
    })
    .catch(function () {})
})()
