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


  function word(name) {
    var words = document.getElementById("ck-words");
    var found = words && words.content.querySelector('[data-word="' + name + '"]');
    return found ? found.cloneNode(true) : null;
  }

  function csrfCookie() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  // ---- The reveal: the first time both answers show, they arrive gently -----------
  // Which reveals this browser has shown is kept as question ids only (no content).
  var SEEN_KEY = "ck-revealed";
  function markReveals(root) {
    var found = root.querySelectorAll ? root.querySelectorAll("[data-reveal]") : [];
    if (!found.length) { return; }
    var seen = [];
    try { seen = JSON.parse(localStorage.getItem(SEEN_KEY) || "[]"); } catch (e) { seen = []; }
    found.forEach(function (el) {
      var id = el.getAttribute("data-reveal");
      if (seen.indexOf(id) !== -1) { return; }
      el.classList.add("arriving");
      seen.push(id);
    });
    try { localStorage.setItem(SEEN_KEY, JSON.stringify(seen.slice(-60))); } catch (e) { /* private mode */ }
  }

  // ---- Live regions -----------------------------------------------------------
  // Pages where two people act in turn mark what changes with data-live (and an id).
  // While the tab is visible we ask /live/ whether anything this person can see has
  // changed: one indexed query, 204 when not. Only then is the page fetched again and
  // those parts swapped. docs/architecture.md says why a poll and not a stream.
  // Every 5 s while things happen, easing off to 30 s while they don't. (Browser tests
  // set window.closeknitLivePace before this runs, so they need not wait that long.)
  var pace = window.closeknitLivePace || {};
  var FAST = pace.fast || 5000;
  var SLOW = pace.slow || 30000;
  var live = { v: null, delay: FAST, timer: null, busy: false, stopped: false, seen: {}, fresh: null, banner: null, status: null };

  function regions(root) { return Array.prototype.slice.call(root.querySelectorAll("[data-live][id]")); }

  // What the server sent for a region, minus what differs on every render (CSRF masks),
  // so a change we made ourselves, coming back unchanged, is not news.
  function shape(html) { return html.replace(/ value="[^"]*"(?=[^>]*name="csrfmiddlewaretoken")| name="csrfmiddlewaretoken" value="[^"]*"/g, ""); }

  function busyWith(region) {
    // An error or a failed send not yet dealt with stays until the person acts on it.
    if (region.querySelector("[role=alert]")) { return true; }
    var active = document.activeElement;
    if (active && region.contains(active) && active.matches("textarea, input:not([type=hidden]):not([type=radio]):not([type=checkbox]), select")) { return true; }
    return Array.prototype.some.call(region.querySelectorAll("textarea, input, select"), function (field) {
      if (field.type === "hidden" || field.type === "submit" || field.type === "button") { return false; }
      if (field.type === "radio" || field.type === "checkbox") { return field.checked !== field.defaultChecked; }
      if (field.tagName === "SELECT") {
        return Array.prototype.some.call(field.options, function (o) { return o.selected !== o.defaultSelected; });
      }
      return field.value !== field.defaultValue;
    });
  }

  function schedule(delay) {
    clearTimeout(live.timer);
    live.timer = null;
    if (live.stopped || document.hidden || !navigator.onLine) { return; }
    live.timer = setTimeout(ask, delay);
  }

  function ask() {
    live.timer = null;
    if (live.busy || live.stopped || document.hidden || !navigator.onLine) { return; }
    if (!regions(document).length) { live.stopped = true; return; }
    live.busy = true;
    var url = document.body.getAttribute("data-changes-url") + "?v=" + encodeURIComponent(live.v);
    fetch(url, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (response.status === 204) { live.delay = Math.min(SLOW, Math.round(live.delay * 1.5)); return null; }
        if (response.status === 401 || response.status === 423) { live.stopped = true; return null; }
        if (!response.ok) { live.delay = SLOW; return null; }
        return response.json().then(function (data) { live.delay = FAST; return refetch(String(data.v)); });
      })
      .catch(function () { live.delay = SLOW; })
      .then(function () { live.busy = false; schedule(live.delay); });
  }

  function refetch(version) {
    var here = window.location.href.split("#")[0];
    return fetch(here, { credentials: "same-origin", cache: "no-store" }).then(function (response) {
      if (!response.ok || (response.redirected && response.url !== here)) { return; }
      return response.text().then(function (html) {
        live.v = version;
        apply(new DOMParser().parseFromString(html, "text/html"));
      });
    });
  }

  function apply(doc) {
    var changed = [];
    var lost = false;
    regions(document).forEach(function (region) {
      var fresh = doc.getElementById(region.id);
      if (!fresh) { lost = true; return; }
      var html = shape(fresh.outerHTML);
      if (html !== live.seen[region.id]) { changed.push([region, fresh, html]); }
    });
    if (!changed.length && !lost) { return; }
    if (lost || changed.some(function (pair) { return busyWith(pair[0]); })) {
      // Never under someone's fingers: offer it instead.
      live.fresh = lost ? null : changed;
      offer(changed.length ? changed[0][0] : regions(document)[0]);
      return;
    }
    changed.forEach(function (pair) { swap(pair[0], pair[1], pair[2]); });
    announce();
  }

  function swap(region, fresh, html) {
    var focused = document.activeElement && region.contains(document.activeElement) ? document.activeElement.id : "";
    var incoming = document.importNode(fresh, true);
    region.replaceWith(incoming);
    live.seen[incoming.id] = html;
    if (window.htmx) { window.htmx.process(incoming); window.htmx.trigger(incoming, "htmx:load", { elt: incoming }); }
    fillTimezone(incoming);
    markReveals(incoming);
    if (focused && document.getElementById(focused)) { document.getElementById(focused).focus(); }
  }

  function offer(near) {
    if (!live.banner) {
      live.banner = word("banner");
      if (!live.banner) { return; }
    }
    if (near && live.banner.nextElementSibling !== near) { near.parentNode.insertBefore(live.banner, near); }
  }

  function showOffered() {
    var pending = live.fresh;
    if (live.banner) { live.banner.remove(); live.banner = null; }
    live.fresh = null;
    if (!pending) { window.location.reload(); return; }
    pending.forEach(function (pair) {
      var region = document.getElementById(pair[0].id);
      if (region) { swap(region, pair[1], pair[2]); }
    });
    announce();
  }

  function announce() {
    if (!live.status) { return; }
    live.status.textContent = "";
    var said = word("updated");
    // A moment later, so screen readers notice the change of text.
    setTimeout(function () { live.status.textContent = said ? said.textContent : ""; }, 100);
  }

  // Called at load and again after each boosted page change: the regions, the version
  // and what was last seen are the new page's. The listeners below are set up once.
  function startLive() {
    clearTimeout(live.timer);
    live.timer = null;
    live.seen = {};
    live.fresh = null;
    live.banner = null;
    var found = regions(document);
    var version = document.body.getAttribute("data-v");
    live.stopped = !found.length || version === null || !window.fetch || !window.DOMParser;
    if (live.stopped) { return; }
    live.v = version;
    live.delay = FAST;
    found.forEach(function (region) { live.seen[region.id] = shape(region.outerHTML); });
    if (!live.status || !live.status.isConnected) {
      live.status = document.createElement("p");
      live.status.className = "visually-hidden";
      live.status.setAttribute("role", "status");
      live.status.setAttribute("aria-live", "polite");
      document.body.appendChild(live.status);
    }
    schedule(FAST);
  }

  document.addEventListener("visibilitychange", function () {
    if (live.stopped) { return; }
    if (document.hidden) { schedule(0); return; }
    live.delay = FAST;
    ask();
  });
  window.addEventListener("online", function () { if (!live.stopped) { live.delay = FAST; ask(); } });
  window.addEventListener("offline", function () { schedule(0); });
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-show-new]")) { showOffered(); }
  });
  // What our own htmx requests put in a region is what the server says it holds now.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var detail = event.detail;
    if (live.stopped || !detail.shouldSwap || !detail.serverResponse || detail.boosted) { return; }
    var doc = new DOMParser().parseFromString(detail.serverResponse, "text/html");
    var mine = regions(doc);
    mine.forEach(function (region) { live.seen[region.id] = shape(region.outerHTML); });
    if (mine.length && live.banner) {
      // What was on offer is older than what just came back.
      live.banner.remove();
      live.banner = null;
      live.fresh = null;
    }
  });

  // ---- Boosted page changes (hx-boost on the navigation) ---------------------------
  // htmx swaps the body's content and the title. The rest of a page lives elsewhere:
  // the body's own attributes (the person's version, the CSRF token) and the page's own
  // stylesheets and scripts in the head. Bring those along, then start the page's parts.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var detail = event.detail;
    if (!detail.boosted || !detail.shouldSwap || !detail.serverResponse) { return; }
    var doc = new DOMParser().parseFromString(detail.serverResponse, "text/html");
    ["data-v", "hx-headers", "data-changes-url", "data-login-url"].forEach(function (name) {
      var value = doc.body.getAttribute(name);
      if (value === null) { document.body.removeAttribute(name); } else { document.body.setAttribute(name, value); }
    });
    doc.head.querySelectorAll('link[rel="stylesheet"], script[src]').forEach(function (asset) {
      var attr = asset.tagName === "LINK" ? "href" : "src";
      var url = asset.getAttribute(attr);
      if (document.head.querySelector(asset.tagName + "[" + attr + '="' + url + '"]')) { return; }
      var copy = document.createElement(asset.tagName);
      if (asset.tagName === "LINK") { copy.rel = "stylesheet"; copy.href = url; } else { copy.src = url; copy.async = false; }
      document.head.appendChild(copy);
    });
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    if (!event.detail.boosted) { return; }
    fillTimezone(document);
    startLive();
    // Start reading the new page where a page load would: at its main content, unless
    // the person already moved into it (a slow settle must not take their typing away).
    var main = document.getElementById("main");
    if (main && !main.contains(document.activeElement)) { main.focus({ preventScroll: true }); }
  });

  // The menu closes when a tap lands elsewhere, or on Escape.
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details[data-menu][open]").forEach(function (menu) {
      if (!menu.contains(event.target)) { menu.open = false; }
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    document.querySelectorAll("details[data-menu][open]").forEach(function (menu) {
      menu.open = false;
      menu.querySelector("summary").focus();
    });
  });

  // ---- Sends that fail say so in place, keep the words, and offer to try again -----
  // htmx forms report through htmx's events; plain forms that carry words first ask
  // /live/ (one query) whether a send can get through, then submit as usual, so success
  // stays an ordinary page load with its messages.
  var FIELDS = "textarea, input[type=text], input:not([type]), input[type=email], input[type=search], input[type=url]";

  function failed(form, why, submitter) {
    clearFailure(form);
    var box = word("failed");
    if (!box) { return; }
    box.querySelectorAll("[data-why]").forEach(function (line) {
      if (line.getAttribute("data-why") !== why) { line.remove(); }
    });
    box.ckForm = form;
    box.ckSubmitter = submitter || null;
    form.ckFailure = box;
    form.insertAdjacentElement("afterend", box);
  }

  function clearFailure(form) {
    if (form.ckFailure) { form.ckFailure.remove(); form.ckFailure = null; }
  }

  function sendAgain(box) {
    var form = box.ckForm;
    var submitter = box.ckSubmitter;
    clearFailure(form);
    if (!form.isConnected) { return; }
    var token = csrfCookie();
    var field = form.querySelector('input[name="csrfmiddlewaretoken"]');
    if (token && field) { field.value = token; }
    var trigger = form.getAttribute("hx-trigger") || "";
    if (trigger.indexOf("change") === 0 && window.htmx) { window.htmx.trigger(form, "change"); return; }
    if (submitter && form.contains(submitter)) { submitter.click(); return; }
    if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
  }

  function whyFrom(status, url, text) {
    var path = "";
    try { path = new URL(url, window.location.href).pathname; } catch (e) { path = ""; }
    var login = document.body.getAttribute("data-login-url");
    if (path === "/lock/") { return "locked"; }
    if ((login && path === login) || (status === 403 && text.indexOf("data-stale-form") !== -1)) { return "signed-out"; }
    if (status >= 500) { return "server"; }
    return "";
  }

  function isHtmxForm(form) {
    return ["hx-post", "hx-put", "hx-patch", "hx-delete"].some(function (a) { return form.hasAttribute(a); });
  }

  // The button that sent each form, so "Try again" sends the same choice.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    form.ckSubmitter = event.submitter || null;
    clearFailure(form);
    if (isHtmxForm(form) || (form.getAttribute("method") || "").toLowerCase() !== "post") { return; }
    if (form.ckChecked || form.target || !form.querySelector(FIELDS) || !window.fetch) { return; }
    event.preventDefault();
    var submitter = event.submitter || null;
    probe().then(function (why) {
      if (why) { failed(form, why, submitter); return; }
      var token = csrfCookie();
      var field = form.querySelector('input[name="csrfmiddlewaretoken"]');
      if (token && field) { field.value = token; }
      form.ckChecked = true;  // this time, let it through
      if (form.requestSubmit) { form.requestSubmit(submitter && form.contains(submitter) ? submitter : undefined); } else { form.submit(); }
      form.ckChecked = false;
    });
  }, true);

  function probe() {
    if (!navigator.onLine) { return Promise.resolve("offline"); }
    var signedIn = document.body.hasAttribute("data-v");
    var stop = window.AbortController ? new AbortController() : null;
    var timer = stop ? setTimeout(function () { stop.abort(); }, 10000) : null;
    var url = document.body.getAttribute("data-changes-url") + "?v=" + encodeURIComponent(document.body.getAttribute("data-v") || "");
    return fetch(url, { credentials: "same-origin", cache: "no-store", signal: stop ? stop.signal : undefined })
      .then(function (response) {
        if (response.status === 401) { return signedIn ? "signed-out" : ""; }
        if (response.status === 423) { return "locked"; }
        return response.status >= 500 ? "server" : "";
      }, function (error) {
        // A slow answer (the 10 s limit) is not a failure: send, and let the page load
        // say how it went. Only a network that refuses means offline.
        return error && error.name === "AbortError" ? "" : "offline";
      })
      .then(function (why) { clearTimeout(timer); return why; });
  }

  document.addEventListener("click", function (event) {
    var again = event.target.closest("[data-send-again]");
    if (again) { sendAgain(again.closest(".send-failed")); }
  });

  function htmxForm(event) {
    // The element that made the request (detail.elt is the swap's target on some events).
    var detail = event.detail || {};
    var elt = (detail.requestConfig && detail.requestConfig.elt) || detail.elt;
    return elt && elt.tagName === "FORM" ? elt : null;
  }
  document.addEventListener("htmx:configRequest", function (event) {
    // A sign-in in another tab renews the CSRF cookie; send what it holds now.
    var token = csrfCookie();
    if (token && event.detail.verb !== "get") { event.detail.headers["X-CSRFToken"] = token; }
  });
  document.addEventListener("htmx:sendError", function (event) {
    var form = htmxForm(event);
    if (form) { failed(form, "offline", form.ckSubmitter); }
  });
  document.addEventListener("htmx:timeout", function (event) {
    var form = htmxForm(event);
    if (form) { failed(form, "offline", form.ckSubmitter); }
  });
  document.addEventListener("htmx:beforeSwap", function (event) {
    var form = htmxForm(event);
    var xhr = event.detail.xhr;
    if (!form || !xhr) { return; }
    var why = whyFrom(xhr.status, xhr.responseURL, xhr.responseText || "");
    if (!why) { return; }
    // Neither the login page nor an error page belongs inside the card.
    event.detail.shouldSwap = false;
    event.detail.isError = false;
    failed(form, why, form.ckSubmitter);
  });

  document.addEventListener("DOMContentLoaded", function () {
    fillTimezone(document);
    markReveals(document);
  });
  document.addEventListener("htmx:load", function (event) { markReveals(event.target); });
  startLive();

  if ("serviceWorker" in navigator && window.isSecureContext) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
    });
  }
  document.addEventListener("click", onCopyClick);
})();
