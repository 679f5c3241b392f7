// Polls the import status endpoint and moves the <progress> bar; opens the review screen
// when parsing has finished. Loaded as an external file because the CSP forbids inline script.
(function () {
  "use strict";
  var box = document.querySelector("[data-status-url]");
  if (!box) { return; }
  var bar = box.querySelector("progress");
  var message = box.querySelector(".job-progress__message");
  var url = box.getAttribute("data-status-url");
  var delay = 1000;

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (state) {
        bar.value = state.progress;
        bar.textContent = state.progress + "%";
        if (message) { message.textContent = state.message || state.status_label; }
        if (state.done) { window.location.assign(state.url); return; }
        window.setTimeout(poll, delay);
      })
      .catch(function () {
        // A hiccup (server restart): slow down and keep trying rather than giving up.
        delay = Math.min(delay * 2, 10000);
        window.setTimeout(poll, delay);
      });
  }
  window.setTimeout(poll, delay);
})();
