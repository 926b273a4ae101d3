// Ask before a destructive action (closeknit/lib/confirm.py). A form with
// data-confirm="question" (and data-confirm-yes="label", data-confirm-detail="...") opens
// a small dialog first; "No" (or Escape) leaves everything as it was. On "yes" the form
// is sent with confirm=yes, so the server does not ask a second time. Without this
// script, the server asks on a page of its own.
(function () {
  "use strict";

  function label(name, fallback) {
    var words = document.getElementById("ck-confirm-words");
    var found = words && words.content.querySelector('[data-word="' + name + '"]');
    return found ? found.textContent : fallback;
  }

  function build(form) {
    var dialog = document.createElement("dialog");
    dialog.className = "ck-confirm";
    dialog.setAttribute("aria-labelledby", "ck-confirm-q");
    var question = document.createElement("p");
    question.id = "ck-confirm-q";
    question.className = "ck-confirm-question";
    question.textContent = form.getAttribute("data-confirm");
    dialog.appendChild(question);
    var detailText = form.getAttribute("data-confirm-detail");
    if (detailText) {
      var detail = document.createElement("p");
      detail.className = "muted";
      detail.textContent = detailText;
      dialog.appendChild(detail);
    }
    var actions = document.createElement("form");
    actions.method = "dialog";
    actions.className = "actions";
    var no = document.createElement("button");
    no.value = "no";
    no.className = "button";
    no.textContent = label("no", "No, go back");
    var yes = document.createElement("button");
    yes.value = "yes";
    yes.className = "button secondary";
    yes.textContent = form.getAttribute("data-confirm-yes") || "OK";
    actions.appendChild(no);
    actions.appendChild(yes);
    dialog.appendChild(actions);
    return dialog;
  }

  function ask(form, submitter) {
    var dialog = build(form);
    document.body.appendChild(dialog);
    dialog.addEventListener("close", function () {
      var yes = dialog.returnValue === "yes";
      dialog.remove();
      if (!yes) { if (submitter) { submitter.focus(); } return; }
      var field = form.querySelector('input[name="confirm"]');
      if (!field) {
        field = document.createElement("input");
        field.type = "hidden";
        field.name = "confirm";
        form.appendChild(field);
      }
      field.value = "yes";
      form.setAttribute("data-confirmed", "");
      if (form.requestSubmit) { form.requestSubmit(submitter || undefined); } else { form.submit(); }
    });
    dialog.showModal();
    // The gentle choice has the focus: Enter never deletes by accident.
    dialog.querySelector('button[value="no"]').focus();
  }

  // Capture phase: runs before htmx's own submit handler on the form.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-confirm")) { return; }
    if (form.hasAttribute("data-confirmed")) { form.removeAttribute("data-confirmed"); return; }
    if (typeof HTMLDialogElement === "undefined") { return; }  // the server asks instead
    event.preventDefault();
    event.stopImmediatePropagation();
    ask(form, event.submitter || null);
  }, true);
})();
