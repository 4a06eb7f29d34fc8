/* The reader's edition: filters that narrow a list as the reader types (the figure explorer, the
   chart gallery). Everything filtered is already in the page: nothing is fetched, so the pages work
   from file:// as from a server. Without this script the lists simply show in full.
   At most CAP rows are laid out at once (a browser spends seconds showing or hiding thousands of
   rows); "Show all" lifts the cap for the current search. */
(function () {
  "use strict";
  var CAP = 400;

  /* What a row says, for the search: its id and its text, without its links to other pages (a chart
     title there names other countries and producers). */
  function searchText(item) {
    var parts = [item.id];
    Array.prototype.forEach.call(item.children, function (child) {
      if (!child.classList.contains("links")) parts.push(child.textContent);
    });
    return parts.join(" ").toLowerCase();
  }

  function setUp(form) {
    var list = document.getElementById(form.getAttribute("data-filter"));
    if (!list) return;
    var items = Array.prototype.slice.call(list.querySelectorAll("[data-item]"));
    var texts = items.map(searchText);
    var groups = Array.prototype.slice.call(list.querySelectorAll("[data-group]"));
    var query = form.querySelector("input[type=search]");
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    var output = form.querySelector("output");
    var more = form.querySelector("button.more");
    var none = document.querySelector(".none");
    var noun = output.textContent.replace(/^[\d,]+\s*/, "");
    var limit = CAP;

    function target() {
      var id = decodeURIComponent(window.location.hash.slice(1));
      return id ? document.getElementById(id) : null;
    }

    function apply() {
      var terms = query.value.toLowerCase().split(/\s+/).filter(Boolean);
      var wanted = selects.filter(function (s) { return s.value; });
      var aim = target();
      var matched = 0;
      var shown = 0;
      for (var i = 0; i < items.length; i++) {
        var item = items[i];
        var ok = terms.every(function (t) { return texts[i].indexOf(t) !== -1; }) &&
          wanted.every(function (s) {
            return (item.getAttribute("data-" + s.name) || "").split(";").indexOf(s.value) !== -1;
          });
        if (ok) matched++;
        var show = ok && (matched <= limit || item === aim);
        if (item.hidden === show) item.hidden = !show;
        if (show) shown++;
      }
      groups.forEach(function (g) { g.hidden = !g.querySelector("[data-item]:not([hidden])"); });
      output.textContent = (matched === items.length ? "" : matched.toLocaleString("en") + " of ") +
        items.length.toLocaleString("en") + " " + noun +
        (shown < matched ? "; the first " + shown.toLocaleString("en") + " shown" : "");
      if (more) {
        more.hidden = shown >= matched;
        more.textContent = "Show all " + matched.toLocaleString("en");
      }
      if (none) none.hidden = matched > 0;
    }

    function search() { limit = CAP; apply(); }
    form.addEventListener("input", search);
    form.addEventListener("change", search);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.addEventListener("reset", function () { setTimeout(search, 0); });
    window.addEventListener("hashchange", apply);
    if (more) more.addEventListener("click", function () { limit = Infinity; apply(); });
    var start = new URLSearchParams(window.location.search).get("q");
    if (start) query.value = start;
    if (start || items.length > CAP) apply();
    list.classList.add("live");
    form.hidden = false;
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[data-filter]"), setUp);
})();
