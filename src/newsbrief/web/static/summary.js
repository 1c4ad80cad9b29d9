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

  function fragmentUrl(button, length) {
    var url = button.getAttribute("data-summary-fragment");
    return length ? url + "?length=" + encodeURIComponent(length) : url;
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
