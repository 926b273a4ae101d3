// The yes / maybe / no list, one card at a time: keys (Y, M, N, arrows) and a swipe
// (right for yes, left for no) press the card's own buttons and links, so every answer
// still goes through the same form. The page works fully without this file.
(function () {
  "use strict";
  var THRESHOLD = 90; // px of horizontal travel that counts as a swipe

  function card() { return document.querySelector("[data-list-card]"); }

  function press(key) {
    var el = card() && card().querySelector('[data-key="' + key + '"]');
    if (el) { el.click(); return true; }
    return false;
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) { return; }
    var target = event.target;
    if (target && target.closest && target.closest("input, textarea, select, [contenteditable], summary")) { return; }
    if (!card()) { return; }
    if (press(event.key.toLowerCase())) { event.preventDefault(); }
  });

  // After a new card arrives: say what happened, and put focus on the new item.
  document.addEventListener("htmx:afterSettle", function () {
    var current = card();
    if (!current) { return; }
    var said = current.querySelector("[data-card-status]");
    var region = document.getElementById("card-announce");
    if (said && region) { region.textContent = said.textContent.trim(); }
    var heading = current.querySelector("#card-heading");
    if (heading) { heading.focus({preventScroll: false}); }
  });

  var start = null;
  document.addEventListener("pointerdown", function (event) {
    var current = card();
    if (!current || !current.contains(event.target) || !event.isPrimary) { return; }
    if (!current.querySelector('[data-key="y"]')) { return; }
    start = {x: event.clientX, y: event.clientY, el: current};
  });
  document.addEventListener("pointermove", function (event) {
    if (!start) { return; }
    var dx = event.clientX - start.x;
    if (Math.abs(dx) > 10 && Math.abs(dx) > Math.abs(event.clientY - start.y)) {
      start.el.style.transform = "translateX(" + dx + "px) rotate(" + dx / 40 + "deg)";
      start.el.classList.toggle("leaning-yes", dx > THRESHOLD);
      start.el.classList.toggle("leaning-no", dx < -THRESHOLD);
    }
  });
  function end(event) {
    if (!start) { return; }
    var dx = event.clientX - start.x, el = start.el;
    start = null;
    el.style.transform = "";
    el.classList.remove("leaning-yes", "leaning-no");
    if (event.type === "pointerup" && Math.abs(dx) > THRESHOLD) {
      press(dx > 0 ? "y" : "n");
    }
  }
  document.addEventListener("pointerup", end);
  document.addEventListener("pointercancel", end);
})();
