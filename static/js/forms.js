/* Forms: one submit per click (the clicked button's value kept), and "add row" for inline rows (no inline script: strict CSP). */
(function () {
  "use strict";

  document.querySelectorAll("form[data-once]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.submitted === "1") {
        event.preventDefault();
        return;
      }
      form.dataset.submitted = "1";
      // A disabled button is left out of what the form sends, the one clicked included: the
      // clicked button's name and value («xuat=pdf») go in a hidden field instead.
      var submitter = event.submitter;
      if (submitter && submitter.name) {
        var kept = document.createElement("input");
        kept.type = "hidden";
        kept.name = submitter.name;
        kept.value = submitter.value;
        kept.dataset.submitter = "1";
        form.appendChild(kept);
      }
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        button.disabled = true;
        button.setAttribute("aria-disabled", "true");
        if (button.dataset.savingLabel) button.textContent = button.dataset.savingLabel;
      });
    });
  });

  // A page restored from the back/forward cache must be submittable again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-once]").forEach(function (form) {
      form.dataset.submitted = "";
      form.querySelectorAll("input[data-submitter]").forEach(function (kept) {
        kept.remove();
      });
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        button.disabled = false;
        button.removeAttribute("aria-disabled");
      });
    });
  });

  document.querySelectorAll("[data-add-row]").forEach(function (button) {
    var prefix = button.dataset.addRow;
    var template = document.getElementById("mau-" + prefix);
    var rows = document.querySelector('[data-formset="' + prefix + '"]');
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    if (!template || !rows || !total) return;
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      rows.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      var added = rows.lastElementChild;
      var first = added && added.querySelector("input:not([type=hidden]), select, textarea");
      if (first) first.focus();
    });
  });
})();
