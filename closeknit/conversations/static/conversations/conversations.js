// Listening turns: the speaker's timer (one shared device) and a live preview of the
// "I feel ... when ... and I need ..." sentence. The page works without this file.
(function () {
  "use strict";

  function format(seconds) {
    var m = Math.floor(seconds / 60);
    var s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  function setUpTimer(root) {
    if (root.dataset.ready) { return; }
    root.dataset.ready = "1";
    var display = root.querySelector("[data-timer-display]");
    var start = root.querySelector("[data-timer-start]");
    var reset = root.querySelector("[data-timer-reset]");
    var length = root.querySelector("[data-timer-length]");
    var done = root.querySelector("[data-timer-done]");
    var total = parseInt(root.dataset.seconds, 10) || 120;
    var left = total;
    var handle = null;

    function show() { display.textContent = format(left); }
    function stop() {
      if (handle !== null) { clearInterval(handle); handle = null; }
      start.textContent = start.dataset.labelStart;
    }
    function tick() {
      left -= 1;
      show();
      if (left <= 0) {
        stop();
        root.classList.add("finished");
        done.hidden = false;
      }
    }
    start.addEventListener("click", function () {
      if (handle !== null) { stop(); return; }
      if (left <= 0) { left = total; done.hidden = true; root.classList.remove("finished"); }
      handle = setInterval(tick, 1000);
      start.textContent = start.dataset.labelPause;
    });
    reset.addEventListener("click", function () {
      stop();
      left = total;
      done.hidden = true;
      root.classList.remove("finished");
      show();
    });
    length.addEventListener("change", function () {
      total = parseInt(length.value, 10) || 120;
      stop();
      left = total;
      done.hidden = true;
      root.classList.remove("finished");
      show();
    });
    show();
  }

  function setUpPreview(form) {
    if (form.dataset.ready) { return; }
    form.dataset.ready = "1";
    var inputs = form.querySelectorAll("[data-part]");
    var preview = form.querySelector("[data-preview]");
    function update() {
      var parts = [];
      inputs.forEach(function (input) {
        var value = input.value.trim();
        if (value) { parts.push(input.dataset.part + " " + value); }
      });
      var sentence = parts.join(" ");
      if (sentence && !/[.!?]$/.test(sentence)) { sentence += "."; }
      preview.textContent = sentence ? "“" + sentence.charAt(0).toUpperCase() + sentence.slice(1) + "”" : "";
    }
    inputs.forEach(function (input) { input.addEventListener("input", update); });
    update();
  }

  function setUp(root) {
    root.querySelectorAll("[data-timer]").forEach(setUpTimer);
    root.querySelectorAll("[data-compose]").forEach(setUpPreview);
  }

  // Loaded late (after a boosted page change brought this page in), the page is already here.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { setUp(document); });
  } else { setUp(document); }
  // htmx swaps a new card in after every move.
  document.addEventListener("htmx:load", function (event) { setUp(event.target); });
})();
