// policyintel page behaviour: scroll to a record's span and flash it; link text marks to the list.
(function () {
  "use strict";

  function flash(el) {
    if (!el) return;
    el.classList.remove("flash");
    void el.offsetWidth; // restart the animation
    el.classList.add("flash");
  }

  function activate(recId) {
    document.querySelectorAll(".rec-link.active").forEach(function (a) { a.classList.remove("active"); });
    var link = document.querySelector('.rec-link[data-rec="' + recId + '"]');
    if (link) {
      link.classList.add("active");
      var side = link.closest(".doc-side .box") || link.closest(".doc-side");
      if (side && side.scrollHeight > side.clientHeight) {
        side.scrollTop = link.offsetTop - side.clientHeight / 3;
      }
    }
  }

  function goTo(id, smooth) {
    var el = document.getElementById(id);
    if (!el) return false;
    el.scrollIntoView({ behavior: smooth ? "smooth" : "auto", block: "center" });
    flash(el);
    if (el.dataset.rec) activate(el.dataset.rec);
    return true;
  }

  document.addEventListener("click", function (ev) {
    var link = ev.target.closest("a.rec-link");
    if (link) {
      var id = link.getAttribute("href").slice(1);
      if (goTo(id, true)) {
        ev.preventDefault();
        history.replaceState(null, "", "#" + id);
      }
      return;
    }
    var mark = ev.target.closest(".doc-text mark[data-rec]");
    if (mark) activate(mark.dataset.rec);
  });

  function fromHash() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (id) goTo(id, false);
  }
  window.addEventListener("hashchange", fromHash);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fromHash);
  } else {
    fromHash();
  }
})();
