(function () {
  "use strict";
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.bead"));
  var only = document.getElementById("only");
  var thr = document.getElementById("thr");
  var count = document.getElementById("count");
  var current = -1;
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
  function go(step) {
    var f = visibleFindings();
    if (!f.length) return;
    var cur = document.querySelector("tr.current");
    var idx = cur ? f.indexOf(cur) : -1;
    if (cur) cur.classList.remove("current");
    idx = idx < 0 ? (step > 0 ? 0 : f.length - 1) : (idx + step + f.length) % f.length;
    current = idx;
    f[idx].classList.add("current");
    f[idx].scrollIntoView({ block: "center" });
  }
  only.addEventListener("change", apply);
  thr.addEventListener("input", apply);
  document.addEventListener("keydown", function (e) {
    if (e.target && e.target.tagName === "INPUT") return;
    if (e.key === "n" || e.key === "j") { go(1); e.preventDefault(); }
    if (e.key === "p" || e.key === "k") { go(-1); e.preventDefault(); }
  });
  var t0 = performance.now();
  apply();
  document.body.setAttribute("data-filter-ms", String(Math.round(performance.now() - t0)));
})();
