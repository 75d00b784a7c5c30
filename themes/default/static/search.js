// The search page: Pagefind's default UI over the bundle in pagefind/, in the theme's
// look (see style.css). The header search box submits here as ?q=…; the query in the URL
// runs on load, and each new query replaces it, so a search can be bookmarked and shared.
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box || typeof PagefindUI === "undefined") return;
  var params = new URLSearchParams(window.location.search);
  var query = (params.get("q") || "").trim();
  var ui = new PagefindUI({
    element: "#search",
    bundlePath: box.dataset.bundle,
    baseUrl: box.dataset.base,
    showImages: false,
    showSubResults: true,
    excerptLength: 40,
    autofocus: !query,
    // The hidden index terms (names and every tail of them) are not for readers.
    processResult: function (result) {
      if (result && result.meta) delete result.meta.terms;
      return result;
    },
    processTerm: function (term) {
      var url = new URL(window.location.href);
      if (term) url.searchParams.set("q", term); else url.searchParams.delete("q");
      window.history.replaceState(null, "", url);
      return term;
    },
  });
  if (query) ui.triggerSearch(query);
})();
