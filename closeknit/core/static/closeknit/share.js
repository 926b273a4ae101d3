// The phone's share sheet for an invitation (Web Share API). Where the browser has none,
// the share button stays hidden and the copy button next to it takes the lead.
(function () {
  "use strict";
  function init(root) {
    root.querySelectorAll("[data-share]").forEach(function (button) {
      if (!navigator.share) {
        var copy = button.parentNode.querySelector("[data-copy]");
        if (copy) { copy.classList.remove("secondary"); }
        return;
      }
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.share({
          title: button.getAttribute("data-share-title") || "",
          text: button.getAttribute("data-share-text") || "",
          url: button.getAttribute("data-share-url"),
        }).catch(function () { /* closing the sheet is fine */ });
      });
    });
  }
  init(document);
  // A fresh invitation swapped in by htmx gets the same treatment.
  document.addEventListener("htmx:load", function (event) {
    if (event.target !== document.body) { init(event.target); }
  });
})();
