// The editors' desk (jianbao serve only): controls under a report page that write
// content/corrections.yaml through same-origin POSTs carrying the session's token. Serve
// re-ingests and the page reloads by itself. Everything shown is set as text, never as HTML.
(function () {
  "use strict";
  var script = document.currentScript;
  var token = script ? script.getAttribute("data-desk-token") : "";
  var KINDS = [["people", "人物"], ["counties", "县"], ["programs", "项目"]];
  var FIELDS = [["title", "标题"], ["date", "日期"], ["source", "来源"]];
  var lastSelection = "";
  var status;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text != null) node.textContent = text;
    return node;
  }

  function say(message, failed) {
    status.textContent = message;
    status.className = failed ? "desk-error" : "";
  }

  function post(url, data) {
    say("正在写入……");
    return fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Desk-Token": token },
      body: JSON.stringify(data || {}),
    })
      .then(function (res) { return res.json(); })
      .catch(function () { return { ok: false, message: "编辑台没有回应：serve 还在运行吗？" }; })
      .then(function (out) {
        say(out.message, !out.ok);
        if (out.ok && out.changed) {
          try { sessionStorage.setItem("jianbao-desk-last", out.message + "（页面已更新）"); } catch (e) {}
        }
        return out;
      });
  }

  function button(label, aria, onclick) {
    var b = el("button", { type: "button", "aria-label": aria }, label);
    b.addEventListener("click", onclick);
    return b;
  }

  function fieldForm(report, field, label) {
    var form = el("form", { class: "desk-field" });
    var id = "desk-" + field;
    form.appendChild(el("label", { for: id }, label));
    var input = el("input", { id: id, name: field, type: "text" });
    input.value = report[field] || "";
    if (field === "date") input.setAttribute("placeholder", "YYYY-MM-DD");
    form.appendChild(input);
    form.appendChild(el("button", { type: "submit" }, "改正" + label));
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      post("/_desk/action", { action: "fix", report: report.key, field: field, value: input.value }).then(function (out) {
        // A new title can move the report to a new address: the reloaded page follows it.
        if (out.ok && field === "title") {
          try { sessionStorage.setItem("jianbao-desk-follow", report.key); } catch (e) {}
        }
      });
    });
    return form;
  }

  function names(kind, list) {
    if (list.dataset.loaded) return;
    list.dataset.loaded = "1";
    fetch("/_desk/names?kind=" + kind).then(function (r) { return r.json(); }).then(function (all) {
      all.forEach(function (n) { list.appendChild(el("option", { value: n })); });
    });
  }

  function entityItem(report, kind, label, name, list) {
    var li = el("li");
    li.appendChild(el("span", { class: "desk-name" }, name));
    li.appendChild(button("不是" + label, "不是" + label + "：" + name, function () {
      post("/_desk/action", { action: "reject", kind: kind, name: name });
    }));
    li.appendChild(button("仅本篇移除", "仅本篇移除：" + name, function () {
      post("/_desk/action", { action: "remove", report: report.key, kind: kind, name: name });
    }));
    var form = el("form", { class: "desk-merge" });
    var input = el("input", { type: "text", list: list.id, "aria-label": name + " 与哪个名称相同" });
    input.addEventListener("focus", function () { names(kind, list); });
    form.appendChild(input);
    form.appendChild(el("button", { type: "submit", "aria-label": "是同一个：" + name }, "是同一个"));
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      post("/_desk/action", { action: "merge", kind: kind, name: name, target: input.value });
    });
    li.appendChild(form);
    return li;
  }

  function entities(panel, report) {
    KINDS.forEach(function (k) {
      var kind = k[0], label = k[1];
      var list = el("datalist", { id: "desk-names-" + kind });
      panel.appendChild(list);
      panel.appendChild(el("h3", {}, label + "（" + report[kind].length + "）"));
      var ul = el("ul", { class: "desk-list", "aria-label": label });
      report[kind].forEach(function (name) { ul.appendChild(entityItem(report, kind, label, name, list)); });
      panel.appendChild(ul);
    });
  }

  function marking(panel, report) {
    panel.appendChild(el("h3", {}, "标注漏掉的名称"));
    panel.appendChild(el("p", {}, "在正文中选中一个名称，然后："));
    var row = el("p");
    KINDS.forEach(function (k) {
      row.appendChild(button("标为" + k[1], "把选中的文字标为" + k[1], function () {
        if (!lastSelection) { say("请先在正文中选中文字", true); return; }
        post("/_desk/action", { action: "add", report: report.key, kind: k[0], name: lastSelection });
      }));
    });
    panel.appendChild(row);
  }

  function build(report) {
    var panel = el("aside", { id: "jianbao-desk", "aria-labelledby": "desk-heading" });
    panel.appendChild(el("h2", { id: "desk-heading" }, "编辑台"));
    status = el("p", { id: "desk-status", role: "status", "aria-live": "polite" });
    panel.appendChild(status);
    panel.appendChild(el("p", {}, "更正写入 content/corrections.yaml（" + report.key + "）"));
    FIELDS.forEach(function (f) { panel.appendChild(fieldForm(report, f[0], f[1])); });
    entities(panel, report);
    marking(panel, report);
    var foot = el("p");
    foot.appendChild(button("撤销上一步", "撤销上一步（编辑台）", function () { post("/_desk/undo"); }));
    foot.appendChild(document.createTextNode(" "));
    foot.appendChild(el("a", { href: "/_desk/" }, "待审阅列表"));
    panel.appendChild(foot);
    (document.querySelector("main") || document.body).appendChild(panel);
    try {
      var last = sessionStorage.getItem("jianbao-desk-last");
      if (last) { say(last); sessionStorage.removeItem("jianbao-desk-last"); }
    } catch (e) {}
  }

  document.addEventListener("selectionchange", function () {
    var sel = window.getSelection();
    var text = sel ? sel.toString().trim() : "";
    var panel = document.getElementById("jianbao-desk");
    if (text && !(panel && sel.anchorNode && panel.contains(sel.anchorNode))) lastSelection = text;
  });

  var follow = null;
  try { follow = sessionStorage.getItem("jianbao-desk-follow"); } catch (e) {}
  if (follow) {
    fetch("/_desk/report?key=" + encodeURIComponent(follow))
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (report) {
        if (!report) return;
        var url = "/reports/" + encodeURIComponent(report.slug) + "/";
        try { sessionStorage.removeItem("jianbao-desk-follow"); } catch (e) {}
        if (location.pathname !== url && decodeURIComponent(location.pathname) !== "/reports/" + report.slug + "/") {
          location.replace(url);
        }
      });
  }
  if (!/^\/reports\/[^/]+\/$/.test(location.pathname)) return;
  fetch("/_desk/report?path=" + encodeURIComponent(location.pathname))
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (report) { if (report) build(report); });
})();
