// A link that starts slow work (laying out a PDF) says so when it takes longer than a second.
// The message goes into the live region the link names in aria-describedby, so screen readers
// hear it too; coming back to the page (back button, or the PDF opened elsewhere) clears it.
(function () {
  "use strict";
  var tidar = [];
  document.addEventListener("click", function (e) {
    var lenkje = e.target.closest && e.target.closest("a[data-framdrift]");
    if (!lenkje || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
    var status = document.getElementById(lenkje.getAttribute("aria-describedby"));
    if (!status) return;
    tidar.push(setTimeout(function () { status.textContent = lenkje.getAttribute("data-framdrift"); }, 1000));
  });
  window.addEventListener("pageshow", function () {
    tidar.forEach(clearTimeout);
    tidar = [];
    document.querySelectorAll("a[data-framdrift]").forEach(function (lenkje) {
      var status = document.getElementById(lenkje.getAttribute("aria-describedby"));
      if (status) status.textContent = "";
    });
  });
})();
