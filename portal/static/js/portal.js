// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";

  // Move focus to the error summary so screen reader and keyboard users hear it first.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector(".error-summary");
    if (summary) { summary.focus(); }

    // On phones the main menu folds behind a button (CSS hides it only when this file runs).
    var menuButton = document.querySelector(".menu-button");
    var menu = document.getElementById("main-nav");
    if (menuButton && menu) {
      menuButton.addEventListener("click", function () {
        var open = menuButton.getAttribute("aria-expanded") !== "true";
        menuButton.setAttribute("aria-expanded", String(open));
        menu.classList.toggle("is-open", open);
      });
    }

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

    // While a student types an issue, show open issues on the same campus that look similar.
    var issueForm = document.getElementById("issue-form");
    if (issueForm && window.fetch) {
      var live = document.getElementById("similar-live");
      var seen = issueForm.querySelector("input[name='similar_seen']");
      var timer = null;
      var lastQuery = "";
      var lookUp = function () {
        var campus = issueForm.querySelector("#campus");
        var text = (issueForm.querySelector("#title").value + " " + issueForm.querySelector("#description").value).trim();
        if (!campus || text.length < 8) { return; }
        var query = "campus=" + encodeURIComponent(campus.value) + "&text=" + encodeURIComponent(text.slice(0, 1000));
        if (query === lastQuery) { return; }
        lastQuery = query;
        fetch(issueForm.getAttribute("data-similar-url") + "?" + query, { credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.text() : ""; })
          .then(function (html) {
            live.innerHTML = html;
            // The student has seen the similar issues: no separate step on submit.
            if (html.trim() && seen) { seen.value = "1"; }
          })
          .catch(function () { /* the form still works; the server checks on submit */ });
      };
      var schedule = function () { window.clearTimeout(timer); timer = window.setTimeout(lookUp, 600); };
      ["title", "description"].forEach(function (id) {
        var field = document.getElementById(id);
        if (field) { field.addEventListener("input", schedule); }
      });
      var campusField = document.getElementById("campus");
      if (campusField) { campusField.addEventListener("change", schedule); }
    }

    // Check photo count and size before a large upload is sent (the server checks again).
    var photos = document.getElementById("photos");
    var photosCheck = document.getElementById("photos-check");
    if (photos && photosCheck && photos.files) {
      photos.addEventListener("change", function () {
        var message = "";
        if (photos.files.length > 3) {
          message = photosCheck.getAttribute("data-too-many");
        } else {
          for (var i = 0; i < photos.files.length; i++) {
            if (photos.files[i].size > 8 * 1024 * 1024) {
              message = photosCheck.getAttribute("data-too-large").replace("{name}", photos.files[i].name);
              break;
            }
          }
        }
        photosCheck.textContent = message;
        if (message) { photos.value = ""; }
      });
    }
    var photosChosen = document.getElementById("photos-chosen");
    if (photos && photosChosen && photos.files) {
      // The native input is hidden: say which files are chosen (after the check above).
      photos.addEventListener("change", function () {
        var names = [];
        for (var i = 0; i < photos.files.length; i++) { names.push(photos.files[i].name); }
        photosChosen.textContent = names.length
          ? photosChosen.getAttribute("data-chosen").replace("{names}", names.join(", "))
          : photosChosen.getAttribute("data-none");
      });
    }

    // Confirm destructive actions when the form asks for it.
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
      });
    });
  });
})();
