/* The letter editor's formatting buttons (templates/verksemdsplan/brev_endre.html): each
   toolbar is rendered hidden and shown here, so without JavaScript nobody meets buttons that do
   nothing. A button works on the textarea it controls (aria-controls): a heading or list mark
   at the start of the selected lines, ** around the selection, or a link. Focus goes back to
   the textarea with the new text selected or the caret placed, and an `input` event lets the
   live preview (htmx) catch up. */
(function () {
  "use strict";

  // the start of the line the caret (or selection) starts on, and the end of the last line
  function linjer(felt) {
    var v = felt.value;
    var fra = v.lastIndexOf("\n", felt.selectionStart - 1) + 1;
    var til = v.indexOf("\n", felt.selectionEnd);
    return { fra: fra, til: til === -1 ? v.length : til };
  }

  function prefiks(felt, merke) {
    var l = linjer(felt);
    var gamal = felt.value.slice(l.fra, l.til);
    var ny = gamal
      .split("\n")
      .map(function (linje) {
        return linje.indexOf(merke) === 0 ? linje : merke + linje;
      })
      .join("\n");
    felt.setRangeText(ny, l.fra, l.til, "end");
  }

  function rundt(felt, merke) {
    var fra = felt.selectionStart;
    var til = felt.selectionEnd;
    var valt = felt.value.slice(fra, til);
    felt.setRangeText(merke + valt + merke, fra, til, "select");
    // keep the words selected (or the caret between the marks) so typing goes on naturally
    felt.setSelectionRange(fra + merke.length, fra + merke.length + valt.length);
  }

  function lenkje(felt, standardtekst) {
    var fra = felt.selectionStart;
    var til = felt.selectionEnd;
    var valt = felt.value.slice(fra, til) || standardtekst;
    var adresse = "https://";
    felt.setRangeText("[" + valt + "](" + adresse + ")", fra, til, "end");
    // the address is what is left to write: put the caret after «https://»
    var slutt = fra + valt.length + 3 + adresse.length;
    felt.setSelectionRange(slutt, slutt);
  }

  function bruk(knapp) {
    var felt = document.getElementById(knapp.getAttribute("aria-controls"));
    if (!felt) return;
    felt.focus();
    switch (knapp.getAttribute("data-md")) {
      case "overskrift":
        prefiks(felt, "## ");
        break;
      case "punktliste":
        prefiks(felt, "- ");
        break;
      case "feit":
        rundt(felt, "**");
        break;
      case "lenkje":
        lenkje(felt, knapp.getAttribute("data-tekst") || "text");
        break;
      default:
        return;
    }
    felt.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function setOpp() {
    document.querySelectorAll(".md-verktoy").forEach(function (verktoy) {
      verktoy.hidden = false;
      verktoy.querySelectorAll("button[data-md]").forEach(function (knapp) {
        // a button takes focus on click; the textarea keeps its selection, so we work on that
        knapp.addEventListener("click", function () {
          bruk(knapp);
        });
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setOpp);
  } else {
    setOpp();
  }
})();
