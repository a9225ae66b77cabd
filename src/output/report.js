(function () {
  "use strict";
  var body = document.body;
  var corpus = body.getAttribute("data-corpus") || "";
  var PREFIX = "selaras-edits|" + corpus + "|";
  var header = document.querySelector("header");
  var fitHeader = function () {
    if (header) document.documentElement.style.setProperty("--hdr", header.offsetHeight + "px");
  };
  window.addEventListener("resize", fitHeader);

  /* ---- The edits: the same operations as src/review/ops.rs. A bead is
     [srcStart, srcEnd, tgtStart, tgtEnd] (ends exclusive); `moved` holds the keys of the
     aligner's moved beads (only unlinked; other edits apply between neighbours that touch
     on both sides). Each returns false, changing nothing, where it does not apply. ---- */
  function isMoved(moved, x) { return !!(moved && moved[keyOf(x)]); }
  function touch(moved, a, b) {
    return a[1] === b[0] && a[3] === b[2] && !isMoved(moved, a) && !isMoved(moved, b);
  }
  var ops = {
    merge: function (b, k, side, moved) {
      if (k + 1 >= b.length || !touch(moved, b[k], b[k + 1])) return false;
      var n = b.splice(k + 1, 1)[0];
      b[k] = [b[k][0], n[1], b[k][2], n[3]];
      return true;
    },
    split: function (b, k, side, moved) {
      var x = b[k];
      if (!x) return false;
      var ls = x[1] - x[0], lt = x[3] - x[2];
      if ((ls < 2 && lt < 2) || isMoved(moved, x)) return false;
      var cs = x[0] + Math.min(ls, 1), ct = x[2] + Math.min(lt, 1);
      b.splice(k, 1, [x[0], cs, x[2], ct], [cs, x[1], ct, x[3]]);
      return true;
    },
    unlink: function (b, k, side, moved) {
      var x = b[k];
      if (!x || x[1] === x[0] || x[3] === x[2]) return false;
      if (!isMoved(moved, x)) {
        b.splice(k, 1, [x[0], x[1], x[2], x[2]], [x[1], x[1], x[2], x[3]]);
        return true;
      }
      var atT = 0, i;
      for (i = k - 1; i >= 0; i--) if (!isMoved(moved, b[i])) { atT = b[i][3]; break; }
      b[k] = [x[0], x[1], atT, atT];
      var at = 0, atS = 0;
      for (i = b.length - 1; i >= 0; i--) {
        if (!isMoved(moved, b[i]) && b[i][3] <= x[2]) { at = i + 1; atS = b[i][1]; break; }
      }
      b.splice(at, 0, [atS, atS, x[2], x[3]]);
      return true;
    },
    toPrev: function (b, k, side, moved) {
      var o = side === "tgt" ? 2 : 0;
      if (k === 0 || k >= b.length || b[k][o + 1] === b[k][o] || !touch(moved, b[k - 1], b[k])) return false;
      b[k] = b[k].slice(); b[k - 1] = b[k - 1].slice();
      b[k][o] += 1; b[k - 1][o + 1] += 1;
      if (b[k][0] === b[k][1] && b[k][2] === b[k][3]) b.splice(k, 1);
      return true;
    },
    toNext: function (b, k, side, moved) {
      var o = side === "tgt" ? 2 : 0;
      if (k + 1 >= b.length || b[k][o + 1] === b[k][o] || !touch(moved, b[k], b[k + 1])) return false;
      b[k] = b[k].slice(); b[k + 1] = b[k + 1].slice();
      b[k][o + 1] -= 1; b[k + 1][o] -= 1;
      if (b[k][0] === b[k][1] && b[k][2] === b[k][3]) b.splice(k, 1);
      return true;
    }
  };
  function keyOf(x) { return x.join("-"); }
  function range(a, z) { var r = []; for (var i = a; i < z; i++) r.push(i); return r; }

  /* ---- Storage: one entry per document pair, across the pages of a report. ---- */
  function load(key) {
    try { return JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }
  function store(key, v) {
    try {
      if (v) localStorage.setItem(key, JSON.stringify(v)); else localStorage.removeItem(key);
    } catch (e) { /* storage full or off: the page still works, without keeping edits */ }
  }
  function storedKeys() {
    var out = [];
    try {
      for (var i = 0; i < localStorage.length; i++) {
        var k = localStorage.key(i);
        if (k && k.indexOf(PREFIX) === 0) out.push(k);
      }
    } catch (e) { /* no storage */ }
    return out.sort();
  }

  /* ---- Document sections and their beads. ---- */
  var docs = Array.prototype.slice.call(document.querySelectorAll("section.doc")).map(function (sec) {
    var rows = Array.prototype.slice.call(sec.querySelectorAll("tr.bead"));
    var d = {
      sec: sec,
      tbody: sec.querySelector("tbody"),
      key: PREFIX + sec.getAttribute("data-doc") + "|" + sec.getAttribute("data-src") + "-" + sec.getAttribute("data-tgt"),
      orig: [], rowOf: {}, moved: {}, src: {}, tgt: {}, beads: null, dec: {}, hist: []
    };
    rows.forEach(function (r) {
      var b = r.getAttribute("data-b").split("-").map(Number);
      d.orig.push(b);
      d.rowOf[keyOf(b)] = r;
      if (r.classList.contains("moved")) d.moved[keyOf(b)] = true;
      var cells = r.children;
      Array.prototype.forEach.call(cells[1].querySelectorAll("span.s"), function (s) { d.src[s.getAttribute("data-i")] = s; });
      Array.prototype.forEach.call(cells[2].querySelectorAll("span.s"), function (s) { d.tgt[s.getAttribute("data-i")] = s; });
    });
    d.beads = d.orig.map(function (b) { return b.slice(); });
    var saved = load(d.key);
    if (saved && saved.src_hash === sec.getAttribute("data-src-hash") && saved.tgt_hash === sec.getAttribute("data-tgt-hash")) {
      d.beads = saved.state.beads; d.dec = saved.state.dec || {}; d.hist = saved.state.hist || [];
    } else if (saved) {
      store(d.key, null);
      var warn = document.createElement("p");
      warn.className = "stale";
      warn.textContent = "Edits kept in this browser were made on another version of this document and were set aside.";
      sec.insertBefore(warn, sec.children[1]);
    }
    return d;
  });

  function changed(d) {
    if (Object.keys(d.dec).length) return true;
    if (d.beads.length !== d.orig.length) return true;
    for (var i = 0; i < d.beads.length; i++) if (keyOf(d.beads[i]) !== keyOf(d.orig[i])) return true;
    return false;
  }
  function record(d) {
    var s = d.sec;
    return {
      doc: s.getAttribute("data-doc"), src_lang: s.getAttribute("data-src"), tgt_lang: s.getAttribute("data-tgt"),
      src_hash: s.getAttribute("data-src-hash"), tgt_hash: s.getAttribute("data-tgt-hash"),
      state: { beads: d.beads, dec: d.dec, hist: d.hist.slice(-50) }
    };
  }
  function save(d) { store(d.key, changed(d) ? record(d) : null); }

  function newRow(b) {
    var tr = document.createElement("tr");
    tr.className = "bead edited" + ((b[0] === b[1] || b[2] === b[3]) ? " null" : "");
    tr.setAttribute("data-s", "1");
    tr.setAttribute("data-b", keyOf(b));
    for (var i = 0; i < 6; i++) tr.appendChild(document.createElement("td"));
    tr.children[0].className = "i"; tr.children[3].className = "k"; tr.children[4].className = "c"; tr.children[5].className = "n";
    tr.children[3].textContent = (b[1] - b[0]) + "-" + (b[3] - b[2]);
    tr.children[4].textContent = "hand";
    tr.children[5].textContent = "edited";
    return tr;
  }
  function fill(cell, spans, ids) {
    while (cell.firstChild) cell.removeChild(cell.firstChild);
    ids.forEach(function (i, n) {
      if (n) cell.appendChild(document.createTextNode(" "));
      cell.appendChild(spans[i]);
    });
  }
  function render(d) {
    var frag = document.createDocumentFragment();
    d.beads.forEach(function (b, k) {
      var key = keyOf(b);
      var tr = d.rowOf[key] || newRow(b);
      fill(tr.children[1], d.src, range(b[0], b[1]));
      fill(tr.children[2], d.tgt, range(b[2], b[3]));
      tr.children[0].textContent = String(k + 1);
      Array.prototype.forEach.call(tr.querySelectorAll("span.f"), function (f) {
        var v = d.dec[key + "|" + f.getAttribute("data-k") + "|" + f.textContent];
        f.classList.toggle("accepted", v === "accept");
        f.classList.toggle("dismissed", v === "dismiss");
      });
      frag.appendChild(tr);
    });
    d.tbody.textContent = "";
    d.tbody.appendChild(frag);
    rows = Array.prototype.slice.call(document.querySelectorAll("tr.bead"));
    showEdited();
  }

  function current() {
    var tr = document.querySelector("tr.bead.current");
    if (!tr) return null;
    for (var i = 0; i < docs.length; i++) {
      if (docs[i].sec.contains(tr)) {
        return { d: docs[i], k: Array.prototype.indexOf.call(docs[i].tbody.children, tr) };
      }
    }
    return null;
  }
  function select(tr) {
    var cur = document.querySelector("tr.current");
    if (cur) cur.classList.remove("current");
    if (tr) { tr.classList.add("current"); tr.scrollIntoView({ block: "nearest" }); }
  }
  function edit(act) {
    var c = current();
    if (!c) { note("select a bead first (click a row)"); return; }
    var d = c.d, before = JSON.stringify({ beads: d.beads, dec: d.dec });
    var b = d.beads.map(function (x) { return x.slice(); });
    var ok;
    if (act === "accept" || act === "dismiss") {
      var key = keyOf(b[c.k]);
      var fs = d.tbody.children[c.k].querySelectorAll("span.f");
      ok = fs.length > 0;
      Array.prototype.forEach.call(fs, function (f) {
        var id = key + "|" + f.getAttribute("data-k") + "|" + f.textContent;
        if (d.dec[id] === act) delete d.dec[id]; else d.dec[id] = act;
      });
      if (!ok) { note("this bead has no finding to " + act); return; }
    } else {
      var side = act.indexOf("tgt") === 0 ? "tgt" : "src";
      var op = act === "merge" ? ops.merge : act === "split" ? ops.split : act === "unlink" ? ops.unlink :
        /-prev$/.test(act) ? ops.toPrev : /-next$/.test(act) ? ops.toNext : null;
      ok = op ? op(b, c.k, side, d.moved) : false;
      if (!ok) {
        note("cannot " + act + " this bead" + (isMoved(d.moved, b[c.k]) ? " (a moved bead can only be marked wrong: w)" : ""));
        return;
      }
      d.beads = b;
    }
    d.hist.push(before);
    save(d);
    render(d);
    select(d.tbody.children[Math.min(c.k, d.tbody.children.length - 1)]);
    note("");
  }
  function undo() {
    var c = current();
    var d = c ? c.d : null;
    if (!d || !d.hist.length) {
      d = docs.filter(function (x) { return x.hist.length; })[0];
    }
    if (!d) { note("nothing to undo"); return; }
    var s = JSON.parse(d.hist.pop());
    d.beads = s.beads; d.dec = s.dec;
    save(d);
    render(d);
    if (c && c.d === d) select(d.tbody.children[Math.min(c.k, d.tbody.children.length - 1)]);
  }

  /* ---- Export: every edited document pair of this report (all its pages). ---- */
  function exportEdits() {
    docs.forEach(save);
    var out = { selaras_edits: 1, corpus: corpus, documents: [] };
    storedKeys().forEach(function (k) {
      var r = load(k);
      if (!r || !r.state) return;
      var finals = {};
      r.state.beads.forEach(function (b) { finals[keyOf(b)] = true; });
      var findings = [];
      Object.keys(r.state.dec).sort().forEach(function (id) {
        var p = id.split("|"), b = p[0].split("-").map(Number);
        if (!finals[p[0]]) return;
        findings.push({ src: range(b[0], b[1]), tgt: range(b[2], b[3]), kind: p[1], note: p.slice(2).join("|"), decision: r.state.dec[id] });
      });
      out.documents.push({
        doc: r.doc, src_lang: r.src_lang, tgt_lang: r.tgt_lang, src_hash: r.src_hash, tgt_hash: r.tgt_hash,
        beads: r.state.beads.map(function (b) { return { src: range(b[0], b[1]), tgt: range(b[2], b[3]) }; }),
        findings: findings
      });
    });
    var json = JSON.stringify(out, null, 1) + "\n";
    var box = document.getElementById("exportbox"), ta = document.getElementById("export");
    if (box && ta) { ta.value = json; box.hidden = false; }
    try {
      var a = document.createElement("a");
      a.href = URL.createObjectURL(new Blob([json], { type: "application/json" }));
      a.download = "selaras-edits.json";
      document.body.appendChild(a);
      a.click();
      a.remove();
    } catch (e) { /* the text box still has it */ }
    note(out.documents.length + " edited document pairs exported");
    return json;
  }
  function note(msg) {
    var el = document.getElementById("edited");
    if (el) el.textContent = msg || el.getAttribute("data-base") || "";
  }
  function showEdited() {
    var n = storedKeys().length, el = document.getElementById("edited");
    if (!el) return;
    var base = n ? n + " edited document pair" + (n > 1 ? "s" : "") + " kept in this browser" : "";
    el.setAttribute("data-base", base);
    el.textContent = base;
  }

  /* ---- Filters and navigation of beads. ---- */
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.bead"));
  var only = document.getElementById("only");
  var thr = document.getElementById("thr");
  var count = document.getElementById("count");
  function visibleFindings() {
    return rows.filter(function (r) { return !r.hidden && r.classList.contains("finding"); });
  }
  function apply() {
    var t = parseFloat(thr.value);
    var o = only.checked;
    var shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      var hide = (o && !r.classList.contains("finding")) ||
        (!isNaN(t) && t < 1 && parseFloat(r.getAttribute("data-s")) >= t);
      r.hidden = hide;
      if (!hide) shown++;
    }
    count.textContent = shown + " of " + rows.length + " beads shown";
  }
  function go(step, all) {
    var f = all ? rows.filter(function (r) { return !r.hidden; }) : visibleFindings();
    if (!f.length) return;
    var cur = document.querySelector("tr.current");
    var idx = cur ? f.indexOf(cur) : -1;
    idx = idx < 0 ? (step > 0 ? 0 : f.length - 1) : (idx + step + f.length) % f.length;
    select(f[idx]);
    f[idx].scrollIntoView({ block: "center" });
  }
  var keys = { m: "merge", s: "split", w: "unlink", "[": "src-prev", "]": "src-next", "{": "tgt-prev", "}": "tgt-next", a: "accept", x: "dismiss" };
  if (rows.length) {
    only.addEventListener("change", apply);
    thr.addEventListener("input", apply);
    document.addEventListener("click", function (e) {
      var btn = e.target.closest && e.target.closest("button[data-act]");
      if (btn) {
        var act = btn.getAttribute("data-act");
        if (act === "undo") undo(); else if (act === "export") exportEdits(); else edit(act);
        return;
      }
      var tr = e.target.closest && e.target.closest("tr.bead");
      if (tr) select(tr);
    });
    document.addEventListener("keydown", function (e) {
      if (e.target && (e.target.tagName === "INPUT" || e.target.tagName === "TEXTAREA" || e.target.tagName === "SELECT")) return;
      if (e.altKey || e.metaKey) return;
      if (e.ctrlKey) {
        if (e.key === "z") { undo(); e.preventDefault(); }
        return;
      }
      var k = e.key;
      if (k === "n" || k === "j") go(1);
      else if (k === "p" || k === "k") go(-1);
      else if (k === "ArrowDown") go(1, true);
      else if (k === "ArrowUp") go(-1, true);
      else if (k === "u") undo();
      else if (k === "e") exportEdits();
      else if (keys[k]) edit(keys[k]);
      else return;
      e.preventDefault();
    });
    docs.forEach(function (d) { if (changed(d)) render(d); });
    showEdited();
    var t0 = performance.now();
    apply();
    body.setAttribute("data-filter-ms", String(Math.round(performance.now() - t0)));
  } else {
    // a page without beads (the index of a large report): only the export, of the edits
    // made on every page of the report
    Array.prototype.forEach.call(document.querySelectorAll(".beadbar, .editbar button:not([data-act=export])"), function (el) { el.hidden = true; });
    var exp = document.querySelector("button[data-act=export]");
    if (exp) exp.addEventListener("click", exportEdits);
    showEdited();
  }

  /* ---- The index: rows from the page's data, sorted by a column, filtered by language
     pair, findings, confidence and name; one page of rows in the table at a time. ---- */
  var itable = document.querySelector("table.index");
  var idata = document.getElementById("index-data");
  var index = null;
  if (itable && idata) {
    var t1 = performance.now();
    var PAGE = 200;
    var itbody = itable.tBodies[0];
    var all = [];
    (JSON.parse(idata.textContent) || []).forEach(function (r, n) {
      if (!r) return;
      all.push({
        n: n, doc: r[0], docl: String(r[0]).toLowerCase(), href: r[1], pair: r[2] + "-" + r[3], src: r[2], tgt: r[3],
        ns: r[4], nt: r[5], sent: r[4] + r[5], kinds: r[6], mean: r[7], low: r[8], fig: r[9], names: r[10]
      });
    });
    var ipair = document.getElementById("ipair"), ifind = document.getElementById("ifind");
    var ilow = document.getElementById("ilow"), idoc = document.getElementById("idoc"), icount = document.getElementById("icount");
    var iprev = document.getElementById("iprev"), inext = document.getElementById("inext"), ipage = document.getElementById("ipage");
    var pairs = {};
    all.forEach(function (r) { pairs[r.pair] = true; });
    Object.keys(pairs).sort().forEach(function (p) {
      var o = document.createElement("option"); o.value = p; o.textContent = p; ipair.appendChild(o);
    });
    var order = all, view = all, page = 0, sortKey = null, sortDir = 1;
    var cell = function (tr, text, cls) {
      var td = document.createElement("td");
      if (cls) td.className = cls;
      td.textContent = text;
      tr.appendChild(td);
      return td;
    };
    var ishow = function () {
      var pages = Math.max(1, Math.ceil(view.length / PAGE));
      page = Math.min(Math.max(page, 0), pages - 1);
      var frag = document.createDocumentFragment();
      view.slice(page * PAGE, page * PAGE + PAGE).forEach(function (r) {
        var tr = document.createElement("tr");
        tr.setAttribute("data-fig", r.fig);
        tr.setAttribute("data-names", r.names);
        var a = document.createElement("a");
        a.href = r.href; a.textContent = r.doc;
        cell(tr, "").appendChild(a);
        cell(tr, r.src + " \u2192 " + r.tgt);
        cell(tr, r.ns + " / " + r.nt, "num");
        cell(tr, r.kinds);
        cell(tr, r.mean.toFixed(2), "num");
        cell(tr, r.low, "num");
        cell(tr, r.fig, "num" + (r.fig ? " hit" : ""));
        cell(tr, r.names, "num" + (r.names ? " hit" : ""));
        frag.appendChild(tr);
      });
      itbody.textContent = "";
      itbody.appendChild(frag);
      icount.textContent = view.length + " of " + all.length + " document pairs shown";
      ipage.textContent = "page " + (page + 1) + " of " + pages;
      iprev.disabled = page === 0;
      inext.disabled = page >= pages - 1;
    };
    var ifilter = function () {
      var p = ipair.value, f = ifind.checked, l = ilow.checked, q = idoc.value.toLowerCase();
      view = order.filter(function (r) {
        return !((p && r.pair !== p) || (f && !(r.fig || r.names)) || (l && !r.low) || (q && r.docl.indexOf(q) < 0));
      });
      page = 0;
      ishow();
    };
    var isort = function (key) {
      sortDir = key === sortKey ? -sortDir : 1;
      sortKey = key;
      var num = key !== "doc" && key !== "pair";
      order = all.slice().sort(function (a, b) {
        var x = a[key], y = b[key];
        var c = num ? x - y : (x < y ? -1 : x > y ? 1 : 0);
        return c * sortDir || a.n - b.n;
      });
      Array.prototype.forEach.call(itable.tHead.rows[0].cells, function (th) {
        th.classList.toggle("asc", th.getAttribute("data-key") === key && sortDir > 0);
        th.classList.toggle("desc", th.getAttribute("data-key") === key && sortDir < 0);
      });
      ifilter();
    };
    [ipair, ifind, ilow].forEach(function (el) { el.addEventListener("change", ifilter); });
    idoc.addEventListener("input", ifilter);
    iprev.addEventListener("click", function () { page--; ishow(); });
    inext.addEventListener("click", function () { page++; ishow(); });
    itable.tHead.addEventListener("click", function (e) {
      var th = e.target.closest("th[data-key]");
      if (th) isort(th.getAttribute("data-key"));
    });
    ifilter();
    body.setAttribute("data-index-ms", String(Math.round(performance.now() - t1)));
    index = { sort: isort, filter: ifilter, rows: all.length };
  }
  fitHeader();
  window.selarasReport = { ops: ops, exportEdits: exportEdits, index: index };
})();
