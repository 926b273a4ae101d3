// Writing a note: a sentence starter for the chosen quality, and a live preview.
// The form works without this; it only adds help while typing.
(function () {
  "use strict";

  function setup(form) {
    if (form.dataset.ready) { return; }
    form.dataset.ready = "1";
    var text = form.querySelector("textarea[name=text]");
    var previewText = form.querySelector("[data-preview-text]");
    var previewQuality = form.querySelector("[data-preview-quality]");
    if (!text || !previewText) { return; }
    var lastStarter = "";

    function render() {
      var empty = !text.value.trim();
      previewText.textContent = empty ? (previewText.getAttribute("data-empty") || "") : text.value;
      previewText.classList.toggle("muted", empty);
    }

    form.addEventListener("change", function (event) {
      var input = event.target;
      if (input.name !== "quality") { return; }
      var label = input.getAttribute("data-label") || "";
      if (previewQuality) {
        previewQuality.textContent = label;
        previewQuality.hidden = !label;
      }
      var starter = label
        ? (text.getAttribute("data-starter") || "").replace("{quality}", label)
        : (text.getAttribute("data-starter-plain") || "");
      if (!text.value.trim() || text.value === lastStarter) {
        text.value = starter;
        lastStarter = starter;
        render();
      }
      text.focus();
      text.setSelectionRange(text.value.length, text.value.length);
    });
    text.addEventListener("input", render);
    render();
  }

  function scan(root) {
    root.querySelectorAll("[data-note-form]").forEach(setup);
  }

  // Loaded late (after a boosted page change brought this page in), the page is already here.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { scan(document); });
  } else { scan(document); }
  document.addEventListener("htmx:afterSwap", function (event) { scan(event.target.parentNode || document); });
})();
