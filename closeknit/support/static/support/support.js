// Good news: tapping an example reply puts it in the reply box to start from.
// Everything works without this; the examples stay readable as plain text.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-fill]");
    if (!button) { return; }
    var target = document.querySelector(button.getAttribute("data-fill"));
    if (!target) { return; }
    target.value = button.getAttribute("data-text") || "";
    target.focus();
    target.setSelectionRange(target.value.length, target.value.length);
  });
})();
