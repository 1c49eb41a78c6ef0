// A level of the organisation tree loads when it is opened (htmx swaps the placeholder link in
// the level for its units). One who tabbed onto that link before the units came would lose focus
// to the top of the page when the link is swapped away: focus goes to the level's first unit.
(function () {
  "use strict";
  document.addEventListener("htmx:beforeSwap", function (e) {
    var plass = e.detail.target;
    if (!plass || !plass.hasAttribute("data-tre-nivaa") || !plass.contains(document.activeElement)) return;
    var nivaa = plass.closest("details");
    document.addEventListener("htmx:afterSettle", function flytt() {
      document.removeEventListener("htmx:afterSettle", flytt);
      var forste = nivaa && nivaa.querySelector("ul a");
      if (forste) forste.focus();
    });
  });
})();
