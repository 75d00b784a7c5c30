// jianbao's search client: the search page's box, filters and results over the index in
// search-index/ (see src/search/mod.rs for the files). No framework, no build step.
//
// A query is cut into terms exactly as src/search/tokens.rs cuts text (NFKC, lowercase; Han
// characters and runs of other letters and digits are units; a unit alone, or each pair of
// neighbouring units); white space in a query separates parts that must all be found. Only
// the shards holding the query's terms are fetched; the documents holding every term are
// ranked from the postings' weights (title, own name, mentioned name, count), and a part of
// three units or more is checked as a phrase in the text of each candidate (the index knows
// which pairs a page has, not where), fetched one fragment per result as it is shown. The page
// whose name or alias is exactly the query comes first (the index's whole-name term `=…`); a
// year (2019, 2019年, 二〇一九年) means the pages of that year or holding it; when fewer than
// ten pages hold every pair, pages holding every character and half the pairs follow, marked
// as partial matches. Quotation marks, book-title marks and middle dots join like white space.
//
// The query lives in the URL (?q=, kept in step while typing), so a search can be shared.
// window.jianbaoSearch.search(query, {all: true}) gives every match, for tests.
(function () {
  "use strict";

  var TITLE = 0x80, NAME = 0x40, MENTION = 0x20, COUNT = 0x1f;
  var PAGE = 10;
  // Shards a query may fetch for partial matches (about 16 KB each on a large site).
  var MAX_SHARDS = 7;
  var HAN = /^[\u3007\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\u{20000}-\u{3FFFF}]$/u;
  var WORD = /^[\p{Alphabetic}\p{N}]$/u;
  var SPACE = /^\p{White_Space}$/u;
  // Marks inside names and titles, which join what they separate (tokens.rs `is_joiner`).
  var JOIN = /^[“”‘’"'《》〈〉「」『』·・•]$/u;
  var JOIN_CLASS = "“”‘’\"'《》〈〉「」『』·・•";
  // A year as readers type it: 2019, 2019年, 二〇一九年.
  var YEAR = /^([12]\d{3}|[〇零一二三四五六七八九]{4})年?$/u;
  var DIGITS = "〇一二三四五六七八九";

  // ---- terms (the twin of tokens.rs) ----

  function runs(text) {
    var out = [], units = [], word = "";
    var endWord = function () { if (word) { units.push(word); word = ""; } };
    for (var c of text.normalize("NFKC").toLowerCase()) {
      if (HAN.test(c)) { endWord(); units.push(c); }
      else if (WORD.test(c)) { word += c; }
      else {
        endWord();
        var joins = (SPACE.test(c) && c !== "\n") || JOIN.test(c);
        if (!joins && units.length) { out.push(units); units = []; }
      }
    }
    endWord();
    if (units.length) out.push(units);
    return out;
  }

  function pairTerm(a, b) {
    return HAN.test(a) && HAN.test(b) ? a + b : a + " " + b;
  }

  // A year typed as 2019, 2019年 or 二〇一九年, as digits; null for anything else.
  function yearOf(piece) {
    var m = YEAR.exec(piece.normalize("NFKC"));
    if (!m) return null;
    var y = m[1].replace(/[〇零一二三四五六七八九]/gu, function (c) { return String(Math.max(0, DIGITS.indexOf(c))); });
    return +y >= 1900 && +y <= 2100 ? y : null;
  }

  // The parts of a query (split on white space), each with its terms and whether it needs a
  // phrase check (three units or more: its pairs could be far apart in a page). A year is a
  // part of its own: the pages of that year (the year filter) or holding the number.
  function parse(query) {
    var parts = [];
    query.split(/\s+/u).forEach(function (piece) {
      var year = yearOf(piece);
      if (year) {
        parts.push({ units: [year], terms: [year], phrase: false, pattern: escape(year), year: year });
        return;
      }
      runs(piece).forEach(function (units) {
        var terms = units.length === 1 ? [units[0]] : units.slice(1).map(function (u, i) { return pairTerm(units[i], u); });
        parts.push({ units: units, terms: terms, phrase: units.length > 2, pattern: pattern(units) });
      });
    });
    return parts;
  }

  function escape(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  // A part as a regular expression over normalised text: its units, white space (not line
  // breaks) allowed between them, as the index joins them.
  function pattern(units) {
    return units.map(escape).join("(?:[^\\S\\n]|[" + JOIN_CLASS + "])*");
  }

  // The whole-name term of a query (tokens.rs `name_term`): its units run together.
  function nameTerm(query) {
    var key = "=", lastWord = false;
    runs(query).forEach(function (units) {
      units.forEach(function (u) {
        var word = !HAN.test(u);
        if (word && lastWord) key += " ";
        key += u;
        lastWord = word;
      });
    });
    return key.length > 1 ? key : null;
  }

  function fnv(text) {
    var h = 0x811c9dc5;
    var bytes = new TextEncoder().encode(text);
    for (var i = 0; i < bytes.length; i++) { h ^= bytes[i]; h = Math.imul(h, 0x01000193) >>> 0; }
    return h >>> 0;
  }

  // ---- files ----

  function Index(root) {
    this.root = root;
    this.manifest = null;
    this.shards = new Map();
    this.docs = new Map();
    this.filters = null;
    this.bytes = 0;
  }

  Index.prototype.load = async function () {
    if (this.manifest) return this.manifest;
    var res = await fetch(this.root + "manifest.json", { cache: "no-cache" });
    if (!res.ok) throw new Error("manifest " + res.status);
    var text = await res.text();
    this.bytes += text.length;
    this.manifest = JSON.parse(text);
    return this.manifest;
  };

  Index.prototype.fetchBin = async function (path) {
    var res = await fetch(this.root + path + "?v=" + this.manifest.version);
    if (!res.ok) throw new Error(path + ": " + res.status);
    var buf = new Uint8Array(await res.arrayBuffer());
    this.bytes += buf.length;
    // A server may have inflated it already (Content-Encoding): gzip starts 1f 8b.
    if (buf[0] !== 0x1f || buf[1] !== 0x8b) return buf;
    var stream = new Blob([buf]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  };

  function varint(bytes, pos) {
    var v = 0, mul = 1, b;
    do { b = bytes[pos.at++]; v += (b & 0x7f) * mul; mul *= 128; } while (b >= 0x80);
    return v;
  }

  // A term table (format.rs): term → {docs, bytes}.
  function readTable(bytes) {
    var table = new Map(), pos = { at: 4 }, dec = new TextDecoder();
    if (dec.decode(bytes.subarray(0, 4)) !== "JBX1") throw new Error("not a jianbao index table");
    var count = varint(bytes, pos);
    for (var i = 0; i < count; i++) {
      var len = varint(bytes, pos);
      var term = dec.decode(bytes.subarray(pos.at, pos.at + len));
      pos.at += len;
      var docs = varint(bytes, pos);
      var plen = varint(bytes, pos);
      table.set(term, { docs: docs, bytes: bytes.subarray(pos.at, pos.at + plen) });
      pos.at += plen;
    }
    return table;
  }

  // Postings → Map(doc → weight byte).
  function postings(entry) {
    var out = new Map();
    if (!entry) return out;
    var bytes = entry.bytes, pos = { at: 0 }, doc = 0, first = true;
    while (pos.at < bytes.length) {
      var v = varint(bytes, pos);
      doc = first ? Math.floor(v / 2) : doc + Math.floor(v / 2);
      first = false;
      out.set(doc, v % 2 ? bytes[pos.at++] : 0);
    }
    return out;
  }

  Index.prototype.shard = function (n) {
    var self = this;
    if (!this.shards.has(n)) this.shards.set(n, this.fetchBin("shards/" + n + ".bin").then(readTable));
    return this.shards.get(n).catch(function (e) { self.shards.delete(n); throw e; });
  };

  Index.prototype.lookup = async function (term) {
    var table = await this.shard(fnv(term) % this.manifest.shards);
    return postings(table.get(term));
  };

  Index.prototype.filterSets = function () {
    if (!this.filters) {
      this.filters = this.fetchBin("filters.bin").then(function (bytes) {
        var sets = new Map();
        readTable(bytes).forEach(function (entry, key) { sets.set(key, new Set(postings(entry).keys())); });
        return sets;
      });
    }
    return this.filters;
  };

  Index.prototype.doc = function (id) {
    var self = this;
    if (!this.docs.has(id)) {
      this.docs.set(id, this.fetchBin("docs/" + id + ".bin").then(function (bytes) {
        var doc = JSON.parse(new TextDecoder().decode(bytes));
        doc.id = id;
        doc.norm = normalise(doc.text);
        return doc;
      }));
    }
    return this.docs.get(id).catch(function (e) { self.docs.delete(id); throw e; });
  };

  // Normalised text and, for each of its UTF-16 positions, the position in the original:
  // phrases are matched on the former and shown in the latter.
  function normalise(text) {
    var norm = "", map = [], at = 0;
    for (var c of text) {
      var n = c.normalize("NFKC").toLowerCase();
      norm += n;
      for (var i = 0; i < n.length; i++) map.push(at);
      at += c.length;
    }
    map.push(at);
    return { text: norm, map: map };
  }

  // ---- query ----

  // A page's score from the weights of the query's terms in it. A term in the page's own name
  // counts a little (a topic word should not put every program named after it first); the
  // page whose name or alias is exactly the query (`named`) comes first.
  function score(weights, named) {
    var s = 0, allTitle = true;
    weights.forEach(function (w) {
      s += 1 + Math.log((w & COUNT) + 1);
      if (w & TITLE) s += 6; else allTitle = false;
      if (w & NAME) s += 2;
      if (w & MENTION) s += 3;
    });
    if (named) s += 40;
    if (allTitle && weights.length) s += 8;
    return s;
  }

  // A year part's documents: those of that year (the index's `@2019`, weighted as a title
  // match) and those holding the number.
  function yearMap(text, pages) {
    var out = new Map(text);
    pages.forEach(function (w, doc) { out.set(doc, (out.get(doc) || 0) | TITLE); });
    return out;
  }

  // Documents in every one of `maps`, each with its weights there.
  function intersect(maps) {
    var sorted = maps.slice().sort(function (a, b) { return a.size - b.size; });
    var out = new Map();
    if (!sorted.length) return out;
    sorted[0].forEach(function (w, doc) {
      var weights = [w];
      for (var i = 1; i < sorted.length; i++) {
        if (!sorted[i].has(doc)) return;
        weights.push(sorted[i].get(doc));
      }
      out.set(doc, weights);
    });
    return out;
  }

  // Candidates of a query, ranked: documents holding every term (a year: of that year or
  // holding it), and the page named exactly the query; then, when fewer than a page of them,
  // partial matches below them (`partial`): documents holding every character of the query and
  // at least half its pairs.
  Index.prototype.candidates = async function (parts) {
    var self = this;
    var plain = [], years = parts.filter(function (p) { return p.year; });
    parts.forEach(function (p) {
      if (!p.year) p.terms.forEach(function (t) { if (plain.indexOf(t) < 0) plain.push(t); });
    });
    var key = nameTerm(parts.map(function (p) { return p.units.join(" "); }).join(" "));
    var yearTerms = [];
    years.forEach(function (p) { yearTerms.push(p.terms[0], "@" + p.year); });
    var found = await Promise.all([
      Promise.all(plain.concat(yearTerms).map(function (t) { return self.lookup(t); })),
      key ? this.lookup(key) : new Map(),
    ]);
    var lists = found[0], named = found[1];
    var reqs = lists.slice(0, plain.length);
    years.forEach(function (p, i) { reqs.push(yearMap(lists[plain.length + 2 * i], lists[plain.length + 2 * i + 1])); });
    var exact = intersect(reqs);
    var out = [];
    exact.forEach(function (weights, doc) { out.push({ id: doc, score: score(weights, named.has(doc)), named: named.has(doc) }); });
    named.forEach(function (w, doc) { if (!exact.has(doc)) out.push({ id: doc, score: score([w], true), named: true }); });
    out.sort(function (a, b) { return b.score - a.score || a.id - b.id; });
    var asked = plain.concat(yearTerms, key ? [key] : []);
    if (out.length < PAGE) out = out.concat(await this.partial(parts, reqs.slice(plain.length), out, asked));
    return out;
  };

  // Partial matches (see `candidates`), not already in `shown`, ranked.
  Index.prototype.partial = async function (parts, yearReqs, shown, asked) {
    var self = this;
    var pairs = [], chars = [];
    var add = function (list, t) { if (list.indexOf(t) < 0) list.push(t); };
    parts.forEach(function (p) {
      if (p.year) return;
      if (p.units.length > 1) p.terms.forEach(function (t) { add(pairs, t); });
      p.units.forEach(function (u) { add(chars, u); });
    });
    if (!pairs.length) return [];
    // Within a first query's budget: no more than MAX_SHARDS shards for the whole query.
    var shards = new Set();
    asked.concat(chars).forEach(function (t) { shards.add(fnv(t) % self.manifest.shards); });
    if (shards.size > MAX_SHARDS) return [];
    var single = await Promise.all(chars.map(function (c) { return self.lookup(c); }));
    var byPair = await Promise.all(pairs.map(function (t) { return self.lookup(t); }));
    var taken = new Set(shown.map(function (c) { return c.id; }));
    var out = [];
    intersect(single.concat(yearReqs)).forEach(function (weights, doc) {
      if (taken.has(doc)) return;
      var held = byPair.filter(function (m) { return m.has(doc); });
      if (held.length * 2 < pairs.length) return;
      var w = held.map(function (m) { return m.get(doc); });
      out.push({ id: doc, score: score(w, false) * held.length / pairs.length, partial: true });
    });
    out.sort(function (a, b) { return b.score - a.score || a.id - b.id; });
    return out;
  };

  function matchesAll(doc, parts) {
    return parts.every(function (p) {
      if (!p.phrase) return true;
      var re = new RegExp(p.pattern, "u");
      return re.test(doc.norm.text) || re.test(normalise(doc.title).text) ||
        doc.names.concat(doc.facts || []).some(function (n) { return re.test(normalise(n).text); });
    });
  }

  // A search in progress: candidates, filtered, verified as far as they have been shown.
  function Search(index, query, parts, ranked) {
    this.index = index;
    this.query = query;
    this.parts = parts;
    this.ranked = ranked;
    this.next = 0;
    this.verified = [];
    this.phrase = parts.some(function (p) { return p.phrase; });
  }

  // The next `n` verified results (fewer at the end).
  Search.prototype.more = async function (n) {
    var out = [];
    while (out.length < n && this.next < this.ranked.length) {
      var batch = this.ranked.slice(this.next, this.next + Math.max(n - out.length, 4));
      this.next += batch.length;
      var self = this;
      var docs = await Promise.all(batch.map(function (c) { return self.index.doc(c.id); }));
      // A partial match has no phrase to check; the page named exactly the query is one.
      docs.forEach(function (d, i) {
        var c = batch[i];
        if (c.partial || c.named || matchesAll(d, self.parts)) out.push({ doc: d, partial: !!c.partial });
      });
    }
    this.verified = this.verified.concat(out);
    return out;
  };

  Search.prototype.done = function () { return this.next >= this.ranked.length; };

  // Whether the count is exact: no phrase to check, or every candidate checked.
  Search.prototype.exact = function () { return !this.phrase || this.done(); };

  Search.prototype.count = function () {
    return this.exact() ? this.verified.length + (this.phrase ? 0 : this.ranked.length - this.next) : this.ranked.length;
  };

  // ---- page ----

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  // `text` with every match of the query's parts marked, into `into`.
  function marked(into, text, parts, from, to) {
    var norm = normalise(text.slice(from, to));
    var source = parts.map(function (p) { return p.pattern; }).join("|");
    var spans = [];
    if (source) {
      var re = new RegExp(source, "gu"), m;
      while ((m = re.exec(norm.text)) && spans.length < 50) {
        if (!m[0].length) { re.lastIndex++; continue; }
        spans.push([norm.map[m.index], norm.map[m.index + m[0].length]]);
      }
    }
    var part = text.slice(from, to), at = 0;
    spans.forEach(function (s) {
      if (s[0] < at) return;
      into.appendChild(document.createTextNode(part.slice(at, s[0])));
      into.appendChild(el("mark", null, part.slice(s[0], s[1])));
      at = s[1];
    });
    into.appendChild(document.createTextNode(part.slice(at)));
    return spans.length;
  }

  // Where to cut the excerpt: around the first match in the text, else its start.
  function excerptRange(doc, parts) {
    var first = -1;
    parts.forEach(function (p) {
      var m = new RegExp(p.pattern, "u").exec(doc.norm.text);
      if (m && (first < 0 || m.index < first)) first = m.index;
    });
    var start = first < 0 ? 0 : doc.norm.map[first];
    var text = doc.text;
    var from = Math.max(0, start - 30), to = Math.min(text.length, from + 110);
    var lineStart = text.lastIndexOf("\n", start);
    if (lineStart >= from) from = lineStart + 1;
    return [from, to];
  }

  // One result; a partial match says so after its title.
  function resultItem(doc, parts, base, partial) {
    var li = el("li", partial ? "search-result search-partial" : "search-result");
    var kind = el("span", "search-kind", doc.kind);
    var link = el("a", "search-link");
    link.href = base + doc.url.replace(/^\//, "");
    var title = el("span", "search-title");
    marked(title, doc.title, parts, 0, doc.title.length);
    link.appendChild(kind);
    link.appendChild(title);
    var h = el("h2", "search-heading");
    h.appendChild(link);
    if (partial) h.appendChild(el("span", "search-partial-note", "部分匹配"));
    li.appendChild(h);
    var range = excerptRange(doc, parts);
    if (range[1] > range[0]) {
      var p = el("p", "search-excerpt");
      if (range[0] > 0) p.appendChild(document.createTextNode("…"));
      marked(p, doc.text.replace(/\n/g, " "), parts, range[0], range[1]);
      if (range[1] < doc.text.length) p.appendChild(document.createTextNode("…"));
      li.appendChild(p);
    }
    var facts = [];
    if (doc.year) facts.push(doc.year + "年");
    if (doc.counties && doc.counties.length) facts.push(doc.counties.slice(0, 5).join("、"));
    if (facts.length) li.appendChild(el("p", "search-facts", facts.join(" · ")));
    return li;
  }

  function Page(root) {
    this.root = root;
    this.base = root.dataset.base;
    this.index = new Index(root.dataset.index);
    this.input = root.querySelector("#search-input");
    this.status = root.querySelector("#search-status");
    this.list = root.querySelector("#search-results");
    this.moreButton = root.querySelector("#search-more");
    this.filtersBox = root.querySelector("#search-filters");
    this.panel = root.querySelector("#search-filter-panel");
    this.kinds = [];
    this.run = 0;
  }

  Page.prototype.start = function () {
    var self = this, timer = null;
    var query = new URLSearchParams(location.search).get("q") || "";
    this.input.value = query;
    this.root.querySelector("form").addEventListener("submit", function (e) {
      e.preventDefault();
      clearTimeout(timer);
      self.update();
    });
    this.input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { self.update(); }, 150);
    });
    this.moreButton.addEventListener("click", function () { self.showMore(true); });
    this.list.addEventListener("keydown", function (e) { self.arrows(e); });
    this.input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") { var a = self.list.querySelector("a"); if (a) { e.preventDefault(); a.focus(); } }
    });
    this.filtersBox.addEventListener("change", function () { self.update(); });
    // The filter table is fetched when the panel is first opened, not with every query.
    this.panel.addEventListener("toggle", function () { if (self.panel.open) self.update(); });
    if (query.trim()) this.update(); else this.input.focus();
  };

  // Up and down arrows move between results; up from the first goes back to the box.
  Page.prototype.arrows = function (e) {
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    var links = Array.prototype.slice.call(this.list.querySelectorAll("a"));
    var i = links.indexOf(document.activeElement);
    if (i < 0) return;
    e.preventDefault();
    var next = e.key === "ArrowDown" ? links[i + 1] : (i === 0 ? this.input : links[i - 1]);
    if (next) next.focus();
  };

  Page.prototype.syncUrl = function (query) {
    var url = new URL(location.href);
    if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
    history.replaceState(null, "", url);
  };

  Page.prototype.selected = function () {
    var get = function (name) { var e = document.getElementById(name); return e ? e.value : ""; };
    var kinds = Array.prototype.slice.call(this.filtersBox.querySelectorAll("input[name=kind]:checked")).map(function (c) { return c.value; });
    return { kinds: kinds, county: get("search-county"), year: get("search-year") };
  };

  Page.prototype.update = async function () {
    var query = this.input.value.trim();
    var run = ++this.run;
    this.syncUrl(query);
    var parts = parse(query);
    if (!parts.length) {
      this.list.replaceChildren();
      this.status.textContent = query ? "请输入文字或数字。" : "";
      this.moreButton.hidden = true;
      this.panel.hidden = true;
      return;
    }
    this.status.textContent = "正在搜索…";
    try {
      await this.index.load();
      var ranked = await this.index.candidates(parts);
      var sets = this.panel.open ? await this.index.filterSets() : null;
      if (run !== this.run) return;
      var chosen = this.selected();
      this.panel.hidden = ranked.length === 0;
      if (sets) this.renderFilters(ranked, sets, chosen); else this.filtersBox.replaceChildren();
      var kept = !sets ? ranked : ranked.filter(function (c) {
        var inSet = function (key) { var s = sets.get(key); return s && s.has(c.id); };
        return (!chosen.kinds.length || chosen.kinds.some(function (k) { return inSet("kind:" + k); })) &&
          (!chosen.county || inSet("county:" + chosen.county)) &&
          (!chosen.year || inSet("year:" + chosen.year));
      });
      this.search = new Search(this.index, query, parts, kept);
      this.list.replaceChildren();
      await this.showMore(false, run);
    } catch (err) {
      if (run !== this.run) return;
      this.status.textContent = "搜索索引暂时无法读取（" + err.message + "），请稍后再试。";
    }
  };

  Page.prototype.showMore = async function (focus, run) {
    var search = this.search;
    run = run || this.run;
    var firstNew = this.list.children.length;
    var docs = await search.more(PAGE);
    if (run !== this.run || search !== this.search) return;
    var self = this;
    docs.forEach(function (r) { self.list.appendChild(resultItem(r.doc, search.parts, self.base, r.partial)); });
    var n = search.count();
    var shown = this.list.children.length;
    this.status.textContent = n === 0 ? "没有找到与“" + search.query + "”相关的结果。" :
      (search.exact() ? "找到 " : "找到约 ") + n + " 个与“" + search.query + "”相关的结果" +
      (shown < n ? "，显示前 " + shown + " 个。" : "。");
    this.moreButton.hidden = search.done();
    if (focus) { var a = this.list.children[firstNew] && this.list.children[firstNew].querySelector("a"); if (a) a.focus(); }
  };

  // The filters, with how many of the current candidates each value has.
  Page.prototype.renderFilters = function (ranked, sets, chosen) {
    var count = function (key) {
      var s = sets.get(key), n = 0;
      if (s) ranked.forEach(function (c) { if (s.has(c.id)) n++; });
      return n;
    };
    var box = this.filtersBox, manifest = this.index.manifest;
    box.replaceChildren();
    var kinds = el("fieldset", "search-filter");
    kinds.appendChild(el("legend", null, "类型"));
    manifest.kinds.forEach(function (k) {
      var n = count("kind:" + k);
      if (!n && chosen.kinds.indexOf(k) < 0) return;
      var label = el("label");
      var box = el("input");
      box.type = "checkbox"; box.name = "kind"; box.value = k;
      box.checked = chosen.kinds.indexOf(k) >= 0;
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + k + "（" + n + "）"));
      kinds.appendChild(label);
    });
    box.appendChild(kinds);
    var select = function (id, legend, all, values, prefix, current) {
      var wrap = el("div", "search-filter");
      var label = el("label", null, legend);
      label.htmlFor = id;
      var s = el("select");
      s.id = id;
      var opt = el("option", null, all);
      opt.value = "";
      s.appendChild(opt);
      values.forEach(function (v) {
        var n = count(prefix + v);
        if (!n && v !== current) return;
        var o = el("option", null, v + "（" + n + "）");
        o.value = v;
        o.selected = v === current;
        s.appendChild(o);
      });
      wrap.appendChild(label);
      wrap.appendChild(s);
      box.appendChild(wrap);
    };
    select("search-county", "县区", "全部县区", manifest.counties, "county:", chosen.county);
    select("search-year", "年份", "全部年份", manifest.years, "year:", chosen.year);
  };

  // ---- for tests: every match of a query, or the first page ----
  async function search(query, options) {
    var index = api.index;
    await index.load();
    var parts = parse(query);
    var s = new Search(index, query, parts, await index.candidates(parts));
    var docs = await s.more(options && options.all ? Infinity : PAGE);
    return { count: s.count(), exact: s.exact(), fetched: index.bytes,
      results: docs.map(function (r) { return { url: r.doc.url, kind: r.doc.kind, title: r.doc.title, partial: r.partial }; }) };
  }

  var api = { search: search, parse: parse, index: null };
  window.jianbaoSearch = api;

  var root = document.getElementById("search");
  if (!root) return;
  var page = new Page(root);
  api.index = page.index;
  page.start();
})();
