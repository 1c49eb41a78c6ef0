/* The multi-choice lists (alver/lib/fleirval.py): a filter box that hides what does not match
   and says how many do, a «selected: N» count kept up to date, and arrow keys that move between
   the boxes. Nothing here changes a choice: only Space (or a click) on a box does that.
   Without this file the list is a plain fieldset of checkboxes that works the same. */
(function () {
  "use strict";

  function tekst(el) {
    return (el.textContent || "").toLocaleLowerCase().replace(/\s+/g, " ").trim();
  }

  function setOpp(boks) {
    var sok = boks.querySelector("[data-fleirval-sok]");
    var felt = sok && sok.querySelector("input");
    var treff = boks.querySelector("[data-fleirval-treff]");
    var valt = boks.querySelector("[data-fleirval-valt]");
    if (!felt || !treff || !valt) return;
    var grupper = Array.prototype.map.call(boks.querySelectorAll("[data-fleirval-gruppe]"), function (g) {
      var legend = g.querySelector("legend");
      var namn = legend ? tekst(legend) : "";
      return {
        el: g,
        // a group's heading counts as part of each option, so typing a plan's name finds its goals
        valg: Array.prototype.map.call(g.querySelectorAll("[data-fleirval-valg]"), function (v) {
          return { el: v, tekst: namn + " " + tekst(v) };
        }),
      };
    });
    var boksar = function () {
      return Array.prototype.filter.call(boks.querySelectorAll("[data-fleirval-valg] input"), function (i) {
        return !i.closest("[hidden]");
      });
    };
    var venting = null;

    function filtrer() {
      var ord = felt.value.toLocaleLowerCase().trim().split(/\s+/).filter(Boolean);
      var tal = 0;
      grupper.forEach(function (g) {
        var synlege = 0;
        g.valg.forEach(function (v) {
          var passar = ord.every(function (o) { return v.tekst.indexOf(o) !== -1; });
          v.el.hidden = !passar;
          if (passar) synlege += 1;
        });
        g.el.hidden = synlege === 0;
        tal += synlege;
      });
      // announce once the typing pauses, not after every letter
      clearTimeout(venting);
      venting = setTimeout(function () {
        treff.textContent = (tal === 1 ? treff.dataset.ein : treff.dataset.fleire).replace("%(n)s", tal);
      }, 400);
    }

    function tel() {
      var n = boks.querySelectorAll("[data-fleirval-valg] input:checked").length;
      valt.textContent = valt.dataset.mal.replace("%(n)s", n);
    }

    function flytt(fra, steg) {
      var alle = boksar();
      if (!alle.length) return;
      var i = alle.indexOf(fra);
      var neste = i === -1 ? (steg > 0 ? 0 : alle.length - 1) : Math.min(Math.max(i + steg, 0), alle.length - 1);
      alle[neste].focus();
    }

    sok.hidden = false;
    felt.addEventListener("input", filtrer);
    felt.addEventListener("keydown", function (e) {
      if (e.key === "Enter") e.preventDefault(); // would submit the whole form half-filled
      if (e.key === "ArrowDown") {
        e.preventDefault();
        flytt(null, 1);
      }
    });
    boks.addEventListener("change", function (e) {
      if (e.target.type === "checkbox") tel();
    });
    boks.addEventListener("keydown", function (e) {
      if (e.target.type !== "checkbox") return;
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        var alle = boksar();
        if (e.key === "ArrowUp" && alle.indexOf(e.target) === 0) {
          felt.focus();
        } else {
          flytt(e.target, e.key === "ArrowDown" ? 1 : -1);
        }
      }
    });
    tel();
    if (felt.value) filtrer(); // the browser may bring back what was typed before
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-fleirval]"), setOpp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
