// jianbao serve: live reload. Injected by the development server only, never part of a build.
// Messages from /__jianbao/events: {"type":"reload"}, {"type":"css"}, {"type":"error","text":…}.
(function () {
  "use strict";
  if (window.__jianbaoLiveReload) return;
  window.__jianbaoLiveReload = true;

  var OVERLAY_ID = "__jianbao-error";
  var lost = false;
  var source = null;

  function connect() {
    source = new EventSource("/__jianbao/events");
    // The server went away (restart, Ctrl-C) and came back: what it serves may have changed.
    source.onerror = function () { lost = true; };
    source.onopen = function () { if (lost) location.reload(); };
    source.onmessage = onMessage;
  }

  // A page left for another stays in the browser's back-forward cache with its connections
  // open; six such event streams would take every connection the browser allows per host,
  // and the next request to the server would wait forever. Close on leaving, reopen on return.
  window.addEventListener("pagehide", function () {
    if (source) { source.close(); source = null; }
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && !source) connect();
  });
  connect();

  function onMessage(event) {
    var msg;
    try { msg = JSON.parse(event.data); } catch (_) { return; }
    if (msg.type === "reload") {
      location.reload();
    } else if (msg.type === "css") {
      hideError();
      swapStylesheets();
    } else if (msg.type === "error") {
      showError(String(msg.text));
    }
  }

  // Loads every same-origin stylesheet again under a fresh URL and drops the old <link>
  // once the new one has loaded, so the page never shows unstyled.
  function swapStylesheets() {
    var stamp = Date.now().toString(36);
    var links = document.querySelectorAll('link[rel~="stylesheet"][href]');
    Array.prototype.forEach.call(links, function (old) {
      var url = new URL(old.href, location.href);
      if (url.origin !== location.origin) return;
      url.searchParams.set("__jianbao", stamp);
      var fresh = old.cloneNode(false);
      fresh.href = url.href;
      fresh.onload = fresh.onerror = function () { old.remove(); };
      old.after(fresh);
    });
  }

  function showError(text) {
    var box = document.getElementById(OVERLAY_ID);
    if (!box) {
      box = document.createElement("div");
      box.id = OVERLAY_ID;
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
        "padding:2em;background:rgba(30,0,0,.93);color:#fff;font:14px/1.5 monospace;";
      var title = document.createElement("h2");
      title.style.cssText = "margin:0 0 1em;font:bold 18px/1.4 sans-serif;color:#ff8a80;";
      title.textContent = "jianbao: the build failed. The page reloads when the next build succeeds.";
      var pre = document.createElement("pre");
      pre.style.cssText = "margin:0;white-space:pre-wrap;word-break:break-word;";
      box.appendChild(title);
      box.appendChild(pre);
      (document.body || document.documentElement).appendChild(box);
    }
    // textContent, never innerHTML: the error quotes the user's files.
    box.querySelector("pre").textContent = text;
  }

  function hideError() {
    var box = document.getElementById(OVERLAY_ID);
    if (box) box.remove();
  }
})();
