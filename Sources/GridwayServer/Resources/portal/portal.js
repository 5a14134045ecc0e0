// Gridway portal: small progressive enhancements. Every page works without this script.
(function () {
  "use strict";

  // Forms that post only a button can ask first.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) { event.preventDefault(); }
  });

  // After an upload, the outcome is where the reader's attention goes (it is below the form on a phone).
  var outcome = document.getElementById("import-summary");
  if (outcome) { outcome.focus(); }

  // A period picker copies the chosen period into the text input beside it; typing in the text input
  // shows the same period in the picker when it is in the written form, and none otherwise.
  document.addEventListener("change", function (event) {
    var picker = event.target;
    if (!picker.matches("[data-period-for]") || picker.value === "") { return; }
    document.getElementById(picker.dataset.periodFor).value = picker.value;
  });
  document.addEventListener("input", function (event) {
    var picker = event.target.id && document.querySelector('[data-period-for="' + event.target.id + '"]');
    if (picker) { picker.value = event.target.value; }
  });

  // A value the prefill sources disagree on: picking one fills the field, which stays editable.
  document.addEventListener("change", function (event) {
    var choice = event.target;
    if (!choice.matches("input[data-fill]")) { return; }
    var input = document.getElementById(choice.dataset.fill);
    if (input) { input.value = choice.value; input.dispatchEvent(new Event("input", { bubbles: true })); }
  });

  // Repeatable rows: "add" copies the template with a fresh index; "remove" drops the row.
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target.matches("[data-add-row]")) {
      var group = target.closest("[data-rows]");
      var template = group.querySelector("template");
      var index = group.dataset.next;
      group.dataset.next = String(Number(index) + 1);
      var holder = document.createElement("div");
      holder.innerHTML = template.innerHTML.split("__i__").join(index);
      var row = holder.firstElementChild;
      group.querySelector(".row-list").appendChild(row);
      var first = row.querySelector("input, select, textarea");
      if (first) { first.focus(); }
    } else if (target.matches("[data-remove-row]")) {
      var gone = target.closest("[data-row]");
      var list = gone.parentNode;
      gone.remove();
      var next = list.querySelector("input, select, textarea") || list.closest("fieldset").querySelector("[data-add-row]");
      if (next) { next.focus(); }
    }
  });

  // Client-side validation with the schema's constraints, errors shown beside each field as the server shows them.
  function isBlankRow(row) {
    return Array.prototype.every.call(row.querySelectorAll("input, select, textarea"), function (input) {
      return input.type === "checkbox" ? !input.checked : input.value.trim() === "";
    });
  }

  function message(form, input) {
    var v = input.validity;
    if (v.valueMissing) { return form.dataset.msgRequired; }
    if (v.rangeOverflow || v.rangeUnderflow || v.stepMismatch) { return form.dataset.msgRange + (input.min || input.max ? " (" + (input.min || "…") + "–" + (input.max || "…") + ")" : ""); }
    if (v.patternMismatch) { return form.dataset.msgPattern; }
    if (v.tooLong || v.tooShort) { return form.dataset.msgLength; }
    if (v.badInput || v.typeMismatch) { return form.dataset.msgType; }
    return input.validationMessage;
  }

  function showError(input, text) {
    var box = document.getElementById("e-" + input.id);
    if (!box) { return; }
    box.textContent = text || "";
    box.hidden = !text;
    if (text) { input.setAttribute("aria-invalid", "true"); } else { input.removeAttribute("aria-invalid"); }
  }

  document.querySelectorAll("form[data-validate]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (event.submitter && event.submitter.hasAttribute("formnovalidate")) { return; }
      var invalid = [];
      form.querySelectorAll("input, select, textarea").forEach(function (input) {
        if (!input.id || input.type === "hidden" || input.closest("template")) { return; }
        var row = input.closest("[data-row]");
        if (row && isBlankRow(row)) { showError(input, ""); return; }
        if (input.checkValidity()) { showError(input, ""); } else { showError(input, message(form, input)); invalid.push(input); }
      });
      if (invalid.length === 0) { return; }
      event.preventDefault();
      var summary = document.getElementById("error-summary");
      if (!summary) {
        summary = document.createElement("div");
        summary.id = "error-summary";
        summary.className = "error-summary";
        summary.setAttribute("role", "alert");
        summary.tabIndex = -1;
        form.parentNode.insertBefore(summary, form);
      }
      summary.innerHTML = "";
      var heading = document.createElement("h2");
      heading.textContent = form.dataset.msgSummary;
      var list = document.createElement("ul");
      invalid.forEach(function (input) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        var label = form.querySelector("label[for='" + input.id + "']");
        link.href = "#" + input.id;
        link.textContent = (label ? label.textContent.replace("*", "") + "：" : "") + document.getElementById("e-" + input.id).textContent;
        item.appendChild(link);
        list.appendChild(item);
      });
      summary.appendChild(heading);
      summary.appendChild(list);
      invalid[0].focus();
    });
  });

  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }

  // Parts of a page that refresh themselves while something is still on its way (delivery states).
  function refresh(element) {
    var url = element.dataset.refresh;
    if (!url) { return; }
    window.setTimeout(function () {
      fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
        .then(function (response) {
          // Sent to the sign-in page: the session ended, so stop refreshing.
          if (response.redirected) { return Promise.reject("signed out"); }
          return response.ok ? response.text() : Promise.reject(response.status);
        })
        .then(function (html) {
          var holder = document.createElement("div");
          holder.innerHTML = html;
          var fresh = holder.firstElementChild;
          element.replaceWith(fresh);
          refresh(fresh);
        })
        .catch(function (reason) { if (reason !== "signed out") { refresh(element); } });
    }, 1000);
  }
  document.querySelectorAll("[data-refresh]").forEach(refresh);

  // The inbox listens for new results (Server-Sent Events) and says so.
  var live = document.querySelector("[data-stream]");
  if (live && window.EventSource) {
    var source = new EventSource(live.dataset.stream);
    // Whether the stream is connected now ("open"), or reconnecting ("closed").
    source.addEventListener("open", function () { live.dataset.state = "open"; });
    source.addEventListener("error", function () { live.dataset.state = "closed"; });
    source.addEventListener("result", function () {
      live.textContent = live.dataset.message;
      var badge = document.getElementById("unread-count");
      if (badge) {
        badge.hidden = false;
        badge.textContent = String((Number(badge.textContent) || 0) + 1);
      }
    });
  }
})();
