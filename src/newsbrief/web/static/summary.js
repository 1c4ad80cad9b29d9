// "No time to read? Get a summary": shows the summary in place, under the button that was pressed.
// Without this script the button is a plain link to the summary page, so nothing here is required.
(function () {
  "use strict";

  function load(panel, url, button) {
    panel.setAttribute("aria-busy", "true");
    if (button) button.classList.add("is-loading");
    return fetch(url, { headers: { Accept: "text/html" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("summary request failed: " + response.status);
        return response.text();
      })
      .then(function (html) {
        // The fragment is rendered by the server with every article field escaped.
        panel.innerHTML = html;
        panel.hidden = false;
        panel.removeAttribute("aria-busy");
        if (button) {
          button.classList.remove("is-loading");
          button.setAttribute("aria-expanded", "true");
        }
      });
  }

  // "AI rewrite": the extractive summary stays on screen; the LLM's sentences replace it one by
  // one as they arrive, each already checked against the article by the server. On any failure
  // the extractive summary stands, with a note saying why.
  function rewrite(panel, link) {
    var text = panel.querySelector(".summary-text");
    var note = panel.querySelector(".summary-note");
    // The pointer to the paragraph on screen: the rewrite is new text, so it goes while shown.
    var seen = panel.querySelector(".summary-seen");
    if (!text || !note) return;
    var extractive = text.innerHTML;
    var extractiveNote = note.textContent;
    var written = [];
    var source = new EventSource(link.getAttribute("data-ai-stream"));
    link.setAttribute("aria-pressed", "true");
    link.classList.add("is-loading");
    panel.setAttribute("aria-busy", "true");
    // A small model on a CPU takes a while: say it is at work, not stuck.
    note.textContent = "The AI model is still writing…";

    function show(sentences) {
      if (seen) seen.hidden = true;
      if (text.tagName === "UL") {
        text.innerHTML = "";
        sentences.forEach(function (s) {
          var item = document.createElement("li");
          item.textContent = s;
          text.appendChild(item);
        });
      } else {
        text.textContent = sentences.join(" ");
      }
    }
    function finish(message) {
      source.close();
      link.classList.remove("is-loading");
      panel.removeAttribute("aria-busy");
      if (message !== null) {
        text.innerHTML = extractive;
        if (seen) seen.hidden = false;
        note.textContent = extractiveNote + " AI rewrite unavailable: " + message + ".";
        note.setAttribute("data-llm-fallback", "true");
        link.setAttribute("aria-pressed", "false");
      }
    }
    source.addEventListener("sentence", function (event) {
      written.push(JSON.parse(event.data).text);
      show(written);
      note.textContent = "Rewritten by an AI model; every sentence checked against the article. Still writing…";
    });
    source.addEventListener("done", function (event) {
      var data = JSON.parse(event.data);
      show(data.sentences.map(function (s) { return s.text; }));
      note.textContent = data.words + " words, rewritten by an AI model; every sentence checked against the article." +
        (data.notes && data.notes.length ? " " + data.notes.join(" ") + "." : "");
      finish(null);
    });
    source.addEventListener("fallback", function (event) {
      finish(JSON.parse(event.data).message);
    });
    source.onerror = function () {
      finish("the connection was lost");
    };
  }

  function fragmentUrl(button, length) {
    var url = button.getAttribute("data-summary-fragment");
    if (!length) return url;
    return url + (url.indexOf("?") < 0 ? "?" : "&") + "length=" + encodeURIComponent(length);
  }

  function enhance(slot) {
    var button = slot.querySelector(".summary-button");
    var panel = slot.querySelector(".summary-panel");
    if (!button || !panel) return;
    var length = null;
    button.setAttribute("role", "button");

    function toggle(event) {
      event.preventDefault();
      if (button.getAttribute("aria-expanded") === "true") {
        panel.hidden = true;
        button.setAttribute("aria-expanded", "false");
        return;
      }
      load(panel, fragmentUrl(button, length), button).catch(function () {
        window.location.href = button.href;
      });
    }

    button.addEventListener("click", toggle);
    // A link answers Enter; as a button it should answer Space too.
    button.addEventListener("keydown", function (event) {
      if (event.key === " " || event.key === "Spacebar") toggle(event);
    });
    panel.addEventListener("click", function (event) {
      var ai = event.target.closest ? event.target.closest("[data-ai-stream]") : null;
      if (ai && window.EventSource) {
        event.preventDefault();
        rewrite(panel, ai);
        return;
      }
      var choice = event.target.closest ? event.target.closest("[data-length]") : null;
      if (!choice) return;
      event.preventDefault();
      length = choice.getAttribute("data-length");
      load(panel, fragmentUrl(button, length), null).then(function () {
        var pressed = panel.querySelector('[data-length="' + length + '"]');
        if (pressed) pressed.focus();
      }).catch(function () {
        window.location.href = choice.href;
      });
    });
  }

  function start() {
    var slots = document.querySelectorAll("[data-summary-slot]");
    for (var i = 0; i < slots.length; i++) enhance(slots[i]);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
