// "Catch me up": remembers when this browser last opened the story (localStorage, this site
// only, no account) and asks for what is new since that day. Without this script the button is
// a link to the story so far.
(function () {
  "use strict";
  var button = document.querySelector("[data-catchup]");
  if (!button) return;
  var panel = document.getElementById(button.getAttribute("aria-controls"));
  var key = "newsbrief.story." + button.getAttribute("data-story-id") + ".visit";
  var previous = null;
  try {
    previous = window.localStorage.getItem(key);
    window.localStorage.setItem(key, new Date().toISOString().slice(0, 10));
  } catch (error) {
    previous = null; // storage refused (private mode): the story so far
  }
  var since = previous && /^\d{4}-\d{2}-\d{2}$/.test(previous) ? previous : null;
  var query = since ? "?since=" + since : "";
  if (since) {
    button.querySelector("[data-catchup-label]").textContent = "Last here " + since + "?";
    button.setAttribute("href", button.getAttribute("href") + query);
  }
  button.addEventListener("click", function (event) {
    event.preventDefault();
    if (button.getAttribute("aria-expanded") === "true") {
      panel.hidden = true;
      button.setAttribute("aria-expanded", "false");
      return;
    }
    panel.setAttribute("aria-busy", "true");
    fetch(button.getAttribute("data-catchup") + query, {
      headers: { Accept: "text/html" },
      credentials: "same-origin",
    })
      .then(function (response) {
        if (!response.ok) throw new Error("catch-up request failed: " + response.status);
        return response.text();
      })
      .then(function (html) {
        // Rendered by the server with every article field escaped.
        panel.innerHTML = html;
        panel.hidden = false;
        panel.removeAttribute("aria-busy");
        button.setAttribute("aria-expanded", "true");
      })
      .catch(function () {
        window.location.href = button.getAttribute("href");
      });
  });
})();
