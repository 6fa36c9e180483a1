// Roadlab's only script: served from 'self' (no inline script, CSP script-src 'self').
// A submission page that is still grading polls the API and reloads when the report is ready.
(function () {
  "use strict";
  var waiting = document.querySelector("[data-poll]");
  if (!waiting) {
    return;
  }
  var url = waiting.getAttribute("data-poll");
  var delay = 500;
  function poll() {
    fetch(url, { headers: { "Accept": "application/json" }, cache: "no-store", credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (body) {
        if (body && body.status === "done") {
          window.location.reload();
          return;
        }
        if (body && body.status) {
          var strong = waiting.querySelector("strong");
          if (strong) { strong.textContent = body.status; }
        }
        delay = Math.min(delay * 1.5, 3000);
        window.setTimeout(poll, delay);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, delay);
}());
