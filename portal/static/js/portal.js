// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";

  // Move focus to the error summary so screen reader and keyboard users hear it first.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector(".error-summary");
    if (summary) { summary.focus(); }

    // Live character counters for fields with a maximum length.
    document.querySelectorAll("textarea[maxlength], input[data-count][maxlength]").forEach(function (field) {
      var max = parseInt(field.getAttribute("maxlength"), 10);
      var counter = document.getElementById(field.id + "-count");
      if (!counter || !max) { return; }
      var template = counter.getAttribute("data-template") || "{n}";
      var update = function () { counter.textContent = template.replace("{n}", String(max - field.value.length)); };
      field.addEventListener("input", update);
      update();
    });

    // Confirm destructive actions when the form asks for it.
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
      });
    });
  });
})();
