/* The reader's edition: filters that narrow a list as the reader types (the figure explorer, the
   chart gallery). Everything filtered is already in the page: nothing is fetched, so the pages work
   from file:// as from a server. Without this script the lists simply show in full. */
(function () {
  "use strict";

  function setUp(form) {
    var list = document.getElementById(form.getAttribute("data-filter"));
    if (!list) return;
    var items = Array.prototype.slice.call(list.querySelectorAll("#" + list.id + " > li, [data-item]"));
    var texts = items.map(function (item) { return item.textContent.toLowerCase(); });
    var groups = Array.prototype.slice.call(list.querySelectorAll("[data-group]"));
    var query = form.querySelector("input[type=search]");
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    var output = form.querySelector("output");
    var none = document.querySelector(".none");
    var noun = output.textContent.replace(/^[\d,]+\s*/, "");

    function apply() {
      var terms = query.value.toLowerCase().split(/\s+/).filter(Boolean);
      var wanted = selects.filter(function (s) { return s.value; });
      var shown = 0;
      for (var i = 0; i < items.length; i++) {
        var item = items[i];
        var ok = terms.every(function (t) { return texts[i].indexOf(t) !== -1; }) &&
          wanted.every(function (s) {
            return (item.getAttribute("data-" + s.name) || "").split(";").indexOf(s.value) !== -1;
          });
        if (item.hidden === ok) item.hidden = !ok;
        if (ok) shown++;
      }
      groups.forEach(function (g) { g.hidden = !g.querySelector("[data-item]:not([hidden])"); });
      output.textContent = (shown === items.length ? "" : shown.toLocaleString("en") + " of ") +
        items.length.toLocaleString("en") + " " + noun;
      if (none) none.hidden = shown > 0;
    }

    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    var start = new URLSearchParams(window.location.search).get("q");
    if (start) query.value = start;
    form.hidden = false;
    if (start) apply();
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[data-filter]"), setUp);
})();
