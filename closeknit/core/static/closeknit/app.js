// Small progressive enhancements; every page works without them.
(function () {
  "use strict";

  function fillTimezone(root) {
    var tz = "";
    try { tz = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { tz = ""; }
    root.querySelectorAll('input[name="timezone"][type="hidden"]').forEach(function (input) {
      if (!input.value && tz) { input.value = tz; }
    });
  }

  function onCopyClick(event) {
    var button = event.target.closest("[data-copy]");
    if (!button) { return; }
    var source = document.querySelector(button.getAttribute("data-copy"));
    if (!source) { return; }
    var text = source.value !== undefined ? source.value : source.textContent;
    var original = button.textContent;
    navigator.clipboard.writeText(text.trim()).then(function () {
      button.textContent = button.getAttribute("data-copied") || "Copied";
      setTimeout(function () { button.textContent = original; }, 2000);
    }, function () {
      if (source.select) { source.select(); }
    });
  }

  // Quick exit: the button, or Escape pressed twice within a second, leaves at once and
  // replaces this page in the history so Back doesn't return here.
  function quickExit(event) {
    var link = document.querySelector("[data-quick-exit]");
    if (!link) { return; }
    if (event) { event.preventDefault(); }
    document.body.style.visibility = "hidden";
    window.location.replace(link.href);
  }
  var lastEscape = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var now = Date.now();
    if (now - lastEscape < 1000) { quickExit(null); }
    lastEscape = now;
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-quick-exit]")) { quickExit(event); }
  });

  document.addEventListener("DOMContentLoaded", function () { fillTimezone(document); });

  if ("serviceWorker" in navigator && window.isSecureContext) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
    });
  }
  document.addEventListener("click", onCopyClick);
})();
