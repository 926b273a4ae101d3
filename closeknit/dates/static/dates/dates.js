// Phone-free timer: a live clock for a running session. The page works without it.
(function () {
  "use strict";
  function pad(n) { return n < 10 ? "0" + n : String(n); }
  function tick() {
    document.querySelectorAll("[data-started]").forEach(function (el) {
      var started = parseInt(el.getAttribute("data-started"), 10) * 1000;
      if (!started) { return; }
      var seconds = Math.max(0, Math.floor((Date.now() - started) / 1000));
      var h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
      el.textContent = (h ? h + ":" + pad(m) : m) + ":" + pad(s);
    });
  }
  setInterval(tick, 1000);
  document.addEventListener("DOMContentLoaded", tick);
})();

// Date ideas' filters fold away (closed on phones so the first idea is on the first
// screen). Open on wide screens; a person's own open or close is kept for the visit.
(function () {
  "use strict";
  var KEY = "closeknit:idea-filters-open";
  function setup() {
    var panel = document.querySelector("details[data-remember-open]");
    if (!panel) { return; }
    var kept = null;
    try { kept = window.sessionStorage.getItem(KEY); } catch (e) { /* storage off */ }
    if (!panel.open) {
      if (kept !== null) { panel.open = kept === "1"; }
      else if (window.matchMedia("(min-width: 48rem)").matches) { panel.open = true; }
    }
    panel.addEventListener("toggle", function () {
      try { window.sessionStorage.setItem(KEY, panel.open ? "1" : "0"); } catch (e) { /* fine */ }
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", setup); }
  else { setup(); }
})();
