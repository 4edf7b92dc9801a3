// The workbench's few behaviours: list items added, removed and reordered (buttons and drag),
// pictures uploaded into a field, documents dropped for import, publishing progress.
(function () {
  "use strict";
  var counter = 0;
  var RENAMED = ["name", "id", "for", "aria-describedby", "data-image-for"];

  function rename(root, key) {
    root.querySelectorAll("*").forEach(function (el) {
      RENAMED.forEach(function (attr) {
        var value = el.getAttribute(attr);
        if (value && value.indexOf("__i__") >= 0) {
          el.setAttribute(attr, value.split(" ").map(function (v) { return v.replace("__i__", key); }).join(" "));
        }
      });
      if (el.tagName === "TEMPLATE") { rename(el.content, key); }
    });
  }

  function renumber(list) {
    var legend = list.parentElement.querySelector(":scope > legend");
    var listName = legend ? legend.firstChild.textContent.trim() : "";
    Array.prototype.forEach.call(list.children, function (item, i) {
      var number = "第" + (i + 1) + "项";
      var label = item.querySelector(".item-label");
      if (label) { label.firstChild.textContent = number; }
      item.querySelectorAll(":scope > .item-buttons > button").forEach(function (button) {
        button.setAttribute("aria-label", button.textContent + "：" + listName + number);
      });
    });
  }

  function announce(text) {
    var status = document.getElementById("list-status");
    if (status) { status.textContent = text; }
  }

  function place(item) {
    return "第" + (Array.prototype.indexOf.call(item.parentElement.children, item) + 1) + "项";
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) { return; }
    var item = button.closest("li.item");
    if (button.hasAttribute("data-add")) {
      var fieldset = button.closest("fieldset");
      var list = fieldset.querySelector(":scope > ol.items");
      var template = fieldset.querySelector(":scope > template");
      var fragment = template.content.cloneNode(true);
      counter += 1;
      rename(fragment, "n" + counter);
      list.appendChild(fragment);
      renumber(list);
      var first = list.lastElementChild.querySelector("input, textarea, select");
      if (first) { first.focus(); }
      announce("已添加" + place(list.lastElementChild));
    } else if (button.hasAttribute("data-remove") && item) {
      var parentList = item.parentElement;
      var add = parentList.parentElement.querySelector(":scope > button[data-add]");
      item.remove();
      renumber(parentList);
      if (add) { add.focus(); }
      announce("已删除一项，还有 " + parentList.children.length + " 项");
    } else if (button.hasAttribute("data-move") && item) {
      var up = button.getAttribute("data-move") === "up";
      var sibling = up ? item.previousElementSibling : item.nextElementSibling;
      if (sibling) {
        item.parentElement.insertBefore(item, up ? sibling : sibling.nextElementSibling);
        renumber(item.parentElement);
        button.focus();
        announce("已移到" + place(item));
      }
    }
  });

  var dragged = null;
  document.addEventListener("dragstart", function (event) {
    if (!event.target.classList || !event.target.classList.contains("handle")) { return; }
    dragged = event.target.closest("li.item");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", "");
    event.dataTransfer.setDragImage(dragged, 20, 20);
  });
  document.addEventListener("dragover", function (event) {
    var over = event.target.closest && event.target.closest("li.item");
    if (!dragged || !over || over === dragged || over.parentElement !== dragged.parentElement) { return; }
    event.preventDefault();
    // an item takes the place of the one it is dragged over (items can be taller than the window)
    var items = Array.prototype.slice.call(over.parentElement.children);
    var upward = items.indexOf(dragged) > items.indexOf(over);
    over.parentElement.insertBefore(dragged, upward ? over : over.nextElementSibling);
  });
  document.addEventListener("dragend", function () {
    if (dragged) { renumber(dragged.parentElement); dragged = null; }
  });

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.hasAttribute || !input.hasAttribute("data-image-for") || !input.files.length) { return; }
    var target = document.getElementById(input.getAttribute("data-image-for"));
    var status = document.getElementById(input.id + "-status");
    var body = new FormData();
    body.append("image", input.files[0]);
    status.textContent = "正在上传……";
    fetch("/upload-image", {method: "POST", body: body, credentials: "same-origin"})
      .then(function (response) { return response.json(); })
      .then(function (result) {
        if (result.path) { target.value = result.path; status.textContent = result.message + "；请点“保存”。"; }
        else { status.textContent = result.error; }
      })
      .catch(function () { status.textContent = "上传失败，请重试"; });
  });

  var zone = document.getElementById("dropzone");
  if (zone) {
    zone.addEventListener("dragover", function (event) { event.preventDefault(); zone.classList.add("over"); });
    zone.addEventListener("dragleave", function () { zone.classList.remove("over"); });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      zone.classList.remove("over");
      var input = document.getElementById("import-files");
      input.files = event.dataTransfer.files;
      zone.submit();
    });
  }

  // a form left with changes asks before the page is closed or left
  var form = document.querySelector("form.record-form");
  if (form) {
    var changed = false;
    form.addEventListener("input", function () { changed = true; });
    form.addEventListener("change", function () { changed = true; });
    form.addEventListener("click", function (event) {
      if (event.target.closest("button[data-add], button[data-move], button[data-remove]")) { changed = true; }
    });
    form.addEventListener("submit", function () { changed = false; });
    window.addEventListener("beforeunload", function (event) {
      if (changed) { event.preventDefault(); event.returnValue = ""; }
    });
  }

  var progress = document.getElementById("publish-progress");
  if (progress && progress.getAttribute("data-job") === "yes") {
    var state = document.getElementById("publish-state");
    var problems = document.getElementById("publish-problems");
    var poll = function () {
      fetch("/publish/status", {credentials: "same-origin"})
        .then(function (response) { return response.json(); })
        .then(function (job) {
          if (state.textContent !== (job.text || "")) { state.textContent = job.text || ""; }  // announced once per phase
          document.getElementById("publish-detail").textContent = job.detail || "";
          var bar = document.getElementById("publish-bar");
          bar.hidden = !job.total;
          if (job.total) { bar.max = job.total; bar.value = job.done; }
          problems.textContent = "";
          (job.problems || []).forEach(function (line) {
            var li = document.createElement("li");
            var text = li;
            if (line.href) { text = document.createElement("a"); text.href = line.href; li.appendChild(text); }
            text.textContent = line.text;
            problems.appendChild(li);
          });
          document.getElementById("publish-link").hidden = job.state !== "done";
          progress.setAttribute("data-state", job.state);
          if (job.state === "running") { setTimeout(poll, 800); }
        });
    };
    poll();
  }
})();
