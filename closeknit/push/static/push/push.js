// "Turn on for this device": only after the tap, ask the browser's permission, subscribe
// with this server's VAPID key and hand the subscription to the API. Loaded only on the
// notification settings page; without it (or where push can't work) the page says why.
(function () {
  "use strict";
  var root = document.querySelector("[data-push]");
  if (!root) { return; }
  var button = root.querySelector("[data-push-enable]");

  function say(reason) {
    root.querySelectorAll("[data-push-says]").forEach(function (line) {
      line.hidden = line.getAttribute("data-push-says") !== reason;
    });
  }

  function call(method, url, body) {
    var token = root.querySelector("input[name=csrfmiddlewaretoken]").value;
    return fetch(url, {
      method: method,
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token },
      body: body ? JSON.stringify(body) : undefined
    }).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    });
  }

  // The key as bytes: older Safari accepts no base64 string here.
  function bytes(base64url) {
    var raw = atob(base64url.replace(/-/g, "+").replace(/_/g, "/"));
    return Uint8Array.from(raw, function (c) { return c.charCodeAt(0); });
  }

  function sameKey(subscription, key) {
    var had = subscription.options && subscription.options.applicationServerKey;
    if (!had) { return false; }
    had = new Uint8Array(had);
    return had.length === key.length && had.every(function (b, i) { return b === key[i]; });
  }

  function subscribe(registration, key) {
    return registration.pushManager.getSubscription().then(function (existing) {
      if (existing && sameKey(existing, key)) { return existing; }
      // Made with another server key (the keys were replaced): start afresh.
      var cleared = existing ? existing.unsubscribe() : Promise.resolve(true);
      return cleared.then(function () {
        return registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
      });
    });
  }

  var iOS = /iPhone|iPad|iPod/.test(navigator.userAgent) ||
    (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);
  var standalone = window.matchMedia("(display-mode: standalone)").matches ||
    navigator.standalone === true;
  if (!window.isSecureContext) { say("insecure"); return; }
  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
    say(iOS && !standalone ? "ios" : "unsupported");
    return;
  }
  if (Notification.permission === "denied") { say("denied"); return; }
  button.hidden = false;

  button.addEventListener("click", function () {
    button.disabled = true;
    say("working");
    Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") { throw new Error("denied"); }
      return Promise.all([
        navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function () {
          return navigator.serviceWorker.ready;
        }),
        call("GET", root.getAttribute("data-key-url"))
      ]);
    }).then(function (both) {
      return subscribe(both[0], bytes(both[1].public_key));
    }).then(function (subscription) {
      return call("POST", root.getAttribute("data-subscriptions-url"), subscription.toJSON());
    }).then(function () {
      window.location.reload();  // the list of devices now shows this one
    }).catch(function (error) {
      say(error && error.message === "denied" ? "denied" : "failed");
      button.disabled = false;
    });
  });
})();
