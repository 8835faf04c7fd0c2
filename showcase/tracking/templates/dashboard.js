/* 跟踪问效: sort by clicking a column header; filter by text, court and "needs attention". Plain DOM, no libraries, works offline. */
(function () {
  "use strict";
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };
  function value(row, index) {
    var cell = row.cells[index];
    if (!cell) { return ""; }
    var given = cell.getAttribute("data-value");
    return given !== null ? given : cell.textContent.trim();
  }
  function compare(a, b, numeric) {
    if (numeric) { return parseFloat(a) - parseFloat(b); }
    return a.localeCompare(b, "zh-Hans-CN");
  }
  function sortable(box) {
    var table = box.querySelector("table");
    var body = table.tBodies[0];
    var headers = table.tHead.rows[0].cells;
    each(headers, function (th, index) {
      var button = th.querySelector("button");
      if (!button) { return; }
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        var numeric = th.getAttribute("data-type") === "number";
        each(headers, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (x, y) {
          var a = value(x, index), b = value(y, index);
          if (a === "" || b === "") { return (a === "") - (b === ""); } /* blanks last either way */
          var order = compare(a, b, numeric);
          return ascending ? order : -order;
        });
        each(rows, function (row) { body.appendChild(row); });
      });
    });
  }
  function filterable(box) {
    var bar = box.querySelector(".sc-track-filters");
    if (!bar) { return; }
    var text = bar.querySelector("[data-filter=text]");
    var court = bar.querySelector("[data-filter=court]");
    var attention = bar.querySelector("[data-filter=attention]");
    var count = bar.querySelector(".sc-track-count");
    var rows = box.querySelector("table").tBodies[0].rows;
    function apply() {
      var words = text.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      each(rows, function (row) {
        var haystack = row.textContent.toLowerCase();
        var ok = words.every(function (word) { return haystack.indexOf(word) >= 0; }) &&
          (!court.value || row.getAttribute("data-court") === court.value) &&
          (!attention.checked || row.getAttribute("data-attention") === "1");
        row.hidden = !ok;
        if (ok) { shown += 1; }
      });
      count.textContent = "显示 " + shown + " / " + rows.length + " 个品牌";
    }
    each([text, court, attention], function (control) {
      control.addEventListener("input", apply);
      control.addEventListener("change", apply);
    });
    bar.hidden = false; /* the controls only make sense with this script running */
    apply();
  }
  function init() {
    each(document.querySelectorAll(".sc-tracking"), function (box) {
      if (box.getAttribute("data-ready")) { return; }
      box.setAttribute("data-ready", "1");
      sortable(box);
      filterable(box);
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
