// On a narrow screen the menu and the tools (language, profile, log out) fold behind one
// button; without this script, or on a wide screen, they simply show.
(function () {
  "use strict";
  var knapp = document.getElementById("meny-knapp");
  var topp = document.querySelector(".topp");
  if (!knapp || !topp) return;
  topp.classList.add("topp--foldbar");
  knapp.hidden = false;
  knapp.addEventListener("click", function () {
    var open = knapp.getAttribute("aria-expanded") !== "true";
    knapp.setAttribute("aria-expanded", open ? "true" : "false");
    topp.classList.toggle("topp--open", open);
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && knapp.getAttribute("aria-expanded") === "true") {
      knapp.setAttribute("aria-expanded", "false");
      topp.classList.remove("topp--open");
      knapp.focus();
    }
  });
})();
