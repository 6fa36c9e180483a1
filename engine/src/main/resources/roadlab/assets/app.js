// Roadlab's own script: served from 'self' (no inline script, CSP script-src 'self'). Every page works without it;
// it only adds colour to code, keeps the table of contents in step with the reader, and refreshes a grading page.
(function () {
  "use strict";

  // Code: highlight.js (vendored, loaded before this file) colours fenced blocks that name a language it knows.
  // Blocks without a language, or with one it does not know, stay plain rather than being guessed at.
  function highlightCode() {
    var hljs = window.hljs;
    if (!hljs) {
      return;
    }
    document.querySelectorAll("pre > code[class*='language-']").forEach(function (block) {
      var match = /(?:^|\s)language-([\w-]+)/.exec(block.className);
      if (match && hljs.getLanguage(match[1])) {
        hljs.highlightElement(block);
      }
    });
  }

  // Table of contents: open beside the text on wide screens, folded above it on narrow ones (it is open without
  // this script, so nothing is hidden from a reader without JavaScript). The link of the section being read is
  // marked with aria-current.
  function followToc() {
    var toc = document.querySelector("details.toc");
    if (!toc) {
      return;
    }
    if (window.matchMedia("(max-width: 64rem)").matches) {
      toc.open = false;
    }
    if (!("IntersectionObserver" in window)) {
      return;
    }
    var links = {};
    toc.querySelectorAll("a[href^='#']").forEach(function (a) {
      links[decodeURIComponent(a.getAttribute("href").slice(1))] = a;
    });
    var headings = Array.prototype.filter.call(document.querySelectorAll(".prose h2[id], .prose h3[id]"),
      function (h) { return links[h.id]; });
    var visible = new Set();
    function mark() {
      var current = null;
      for (var i = 0; i < headings.length; i++) {
        if (visible.has(headings[i])) { current = headings[i]; break; }
      }
      if (!current) {
        // Between headings: the last one above the top of the viewport is the section being read.
        for (var j = headings.length - 1; j >= 0; j--) {
          if (headings[j].getBoundingClientRect().top < 0) { current = headings[j]; break; }
        }
      }
      Object.keys(links).forEach(function (id) { links[id].removeAttribute("aria-current"); });
      if (current) {
        links[current.id].setAttribute("aria-current", "true");
      }
    }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) { if (e.isIntersecting) { visible.add(e.target); } else { visible.delete(e.target); } });
      mark();
    }, { rootMargin: "0px 0px -60% 0px" });
    headings.forEach(function (h) { observer.observe(h); });
  }

  // A submission page that is still grading follows its event stream (server-sent events): the queue position,
  // then each check as it finishes, then a reload for the report. Browsers without EventSource poll the API.
  function followGrading() {
    var waiting = document.querySelector("[data-events]");
    if (!waiting) {
      return;
    }
    if (!("EventSource" in window)) {
      pollGrading(waiting);
      return;
    }
    var state = waiting.querySelector(".grading-state");
    var position = waiting.querySelector(".queue-position");
    var list = document.getElementById("live-checks");
    var source = new EventSource(waiting.getAttribute("data-events"));
    function data(e) { return JSON.parse(e.data); }
    source.addEventListener("queued", function (e) {
      state.textContent = "queued";
      position.textContent = " (position " + data(e).position + " in the queue)";
    });
    source.addEventListener("started", function (e) {
      state.textContent = "running";
      position.textContent = " (" + data(e).total + " checks)";
      list.textContent = "";
    });
    source.addEventListener("retrying", function () {
      state.textContent = "running again after a fault on our side";
      list.textContent = "";
    });
    source.addEventListener("check", function (e) {
      var check = data(e);
      var item = document.createElement("li");
      item.className = "live-check check-" + check.verdict;
      var badge = document.createElement("span");
      badge.className = "verdict verdict-" + check.verdict;
      badge.textContent = check.verdict;
      var title = document.createElement("span");
      title.className = "check-title";
      title.textContent = check.title;
      var points = document.createElement("span");
      points.className = "points";
      points.textContent = check.points + " / " + check.max_points + " · " + check.duration + " · at " + check.elapsed;
      item.append(badge, " ", title, " ", points);
      list.appendChild(item);
      state.textContent = "running";
      position.textContent = " (" + check.done + " of " + check.total + " checks done)";
    });
    source.addEventListener("done", function () {
      source.close();
      window.location.reload();
    });
  }

  function pollGrading(waiting) {
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
  }

  // Lab page: each code textarea becomes a CodeMirror editor (editor.min.js, loaded before this file on lab pages
  // only) that writes back into the textarea, so the form submits the same fields with or without it.
  function attachEditors() {
    var editor = window.RoadlabEditor;
    if (!editor) {
      return;
    }
    document.querySelectorAll("textarea.code-input").forEach(function (textarea) {
      editor.attach(textarea);
    });
  }

  // Code blocks get a Copy button (made here, so a page without JavaScript shows no button that cannot work).
  function addCopyButtons() {
    if (!navigator.clipboard) {
      return;
    }
    document.querySelectorAll(".prose pre > code, .submitted-file pre > code").forEach(function (code) {
      var pre = code.parentNode;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy-code";
      button.textContent = "Copy";
      button.setAttribute("aria-label", "Copy this code");
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(code.textContent).then(function () {
          button.textContent = "Copied";
          window.setTimeout(function () { button.textContent = "Copy"; }, 2000);
        }, function () {
          button.textContent = "Select and copy by hand";
        });
      });
      pre.classList.add("has-copy");
      pre.insertBefore(button, code);
    });
  }

  highlightCode();
  addCopyButtons();
  attachEditors();
  followToc();
  followGrading();
}());
