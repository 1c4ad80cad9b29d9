// newsbrief's summary widget. On a publisher's page:
//   <script src="https://NEWSBRIEF/embed.js" data-site="KEY" defer></script>
//   <newsbrief-summary></newsbrief-summary>   (wherever the button goes; docs/embed.md)
// It asks newsbrief, and nobody else, for the summary of this page's canonical URL when the
// reader presses the button. No cookies, no storage, no framework; without it nothing breaks.
(function () {
  "use strict";
  if (!window.customElements || !window.fetch || customElements.get("newsbrief-summary")) return;
  var script = document.currentScript || document.querySelector("script[data-site][src*='embed.js']");
  if (!script) return;
  var SERVICE = new URL(script.src, location.href).origin;
  var KEY = script.getAttribute("data-site") || "";
  var TIMEOUT_MS = 25000;
  var HIGHLIGHT_MS = 2500;
  var answers = {}; // one request per (page, length, method), shared by every widget on the page

  var LABELS = {
    en: {
      ask: "No time to read?", cta: "Get a summary", region: "Summary", loading: "Summarizing…",
      one: "1 sentence picked from this article", many: "{n} sentences picked from this article",
      llm: "Rewritten by an AI model; every sentence checked against this article",
      jump: "Show this sentence in the story",
      refused: "Summaries are not available on this page.",
      notArticle: "This page has no article to summarize.",
      busy: "Too many requests; please try again in a minute.",
      down: "The summary is unavailable right now."
    },
    fr: {
      ask: "Pas le temps de lire ?", cta: "Obtenir un résumé", region: "Résumé", loading: "Résumé en cours…",
      one: "1 phrase tirée de cet article", many: "{n} phrases tirées de cet article",
      llm: "Réécrit par un modèle d’IA ; chaque phrase vérifiée dans l’article",
      jump: "Voir cette phrase dans l’article",
      refused: "Les résumés ne sont pas disponibles sur cette page.",
      notArticle: "Cette page ne contient pas d’article à résumer.",
      busy: "Trop de demandes ; réessayez dans une minute.",
      down: "Le résumé est indisponible pour le moment."
    },
    de: {
      ask: "Keine Zeit zum Lesen?", cta: "Zusammenfassung zeigen", region: "Zusammenfassung",
      loading: "Wird zusammengefasst…",
      one: "1 Satz aus diesem Artikel ausgewählt", many: "{n} Sätze aus diesem Artikel ausgewählt",
      llm: "Von einem KI-Modell umformuliert; jeder Satz am Artikel geprüft",
      jump: "Diesen Satz im Artikel zeigen",
      refused: "Für diese Seite gibt es keine Zusammenfassungen.",
      notArticle: "Diese Seite enthält keinen Artikel zum Zusammenfassen.",
      busy: "Zu viele Anfragen; bitte in einer Minute erneut versuchen.",
      down: "Die Zusammenfassung ist gerade nicht verfügbar."
    },
    es: {
      ask: "¿Sin tiempo para leer?", cta: "Ver un resumen", region: "Resumen", loading: "Resumiendo…",
      one: "1 frase tomada de este artículo", many: "{n} frases tomadas de este artículo",
      llm: "Reescrito por un modelo de IA; cada frase comprobada con el artículo",
      jump: "Mostrar esta frase en el artículo",
      refused: "Los resúmenes no están disponibles en esta página.",
      notArticle: "Esta página no tiene un artículo que resumir.",
      busy: "Demasiadas solicitudes; inténtalo de nuevo en un minuto.",
      down: "El resumen no está disponible en este momento."
    }
  };
  var REFUSED = ["site_not_found", "origin_refused", "url_refused"];
  var NOT_ARTICLE = ["no_article", "no_words", "empty_input", "binary_input"];

  // Theming: the --nb-* custom properties set on the element by the page (docs/embed.md).
  var DARK = "--fg:var(--nb-fg,#e6edf3);--bg:var(--nb-bg,#161b22);--accent:var(--nb-accent,#8ab4f8);" +
    "--on-accent:var(--nb-accent-fg,#0d1117);--line:var(--nb-border,#30363d);--muted:var(--nb-muted,#9da7b3);" +
    "--focus:var(--nb-focus,#8ab4f8)";
  var CSS_TEXT =
    ":host{display:block!important;visibility:visible!important;opacity:1!important;" +
    "position:static!important;float:none!important;transform:none!important;min-height:48px;contain:layout style}" +
    ":host([hidden]){display:none!important}" +
    ".nb{all:initial;display:block;font-family:var(--nb-font,system-ui,-apple-system,'Segoe UI',Roboto,sans-serif);" +
    "font-size:var(--nb-font-size,16px);line-height:1.5;color:var(--fg);" +
    "--fg:var(--nb-fg,#1f2328);--bg:var(--nb-bg,#fff);--accent:var(--nb-accent,#0b57d0);" +
    "--on-accent:var(--nb-accent-fg,#fff);--line:var(--nb-border,#d0d7de);--muted:var(--nb-muted,#57606a);" +
    "--focus:var(--nb-focus,#0b57d0)}" +
    "@media (prefers-color-scheme:dark){.nb:not(.light){" + DARK + "}}.nb.dark{" + DARK + "}" +
    ".bar{display:flex;align-items:center;min-height:48px}" +
    "button{all:unset;box-sizing:border-box;display:flex;align-items:center;gap:.5em;min-height:44px;" +
    "max-width:100%;padding:0 1em;border-radius:var(--nb-radius,8px);background:var(--accent);" +
    "color:var(--on-accent);font:inherit;cursor:pointer;text-align:left}" +
    "button:hover{filter:brightness(1.1)}" +
    "button:focus-visible{outline:3px solid var(--focus);outline-offset:2px}" +
    ".cta{font-weight:600}.chev{width:.45em;height:.45em;border:solid currentColor;border-width:0 2px 2px 0;" +
    "transform:translateY(-25%) rotate(45deg);flex:none}" +
    "[aria-expanded=true] .chev{transform:translateY(25%) rotate(225deg)}" +
    ".out:empty{display:none}" +
    ".out{margin:.5em 0 0;padding:.75em 1em;border:1px solid var(--line);border-radius:var(--nb-radius,8px);" +
    "background:var(--bg);color:var(--fg)}" +
    "p,ul{display:block;margin:0;padding:0}ul{padding-left:1.25em;list-style:disc}" +
    "li{display:list-item;margin:.25em 0}" +
    "a{color:inherit;text-decoration:underline dotted var(--muted);text-underline-offset:.25em;cursor:pointer}" +
    "a:hover{text-decoration:underline solid var(--accent)}a:focus-visible{outline:2px solid var(--focus);outline-offset:1px}" +
    ".note{margin-top:.5em;font-size:.85em;color:var(--muted)}.msg{color:var(--fg)}";

  function sheetFor(root) {
    // A constructed sheet is not inline style, so a page whose CSP forbids inline styles still
    // styles the widget; a <style> element stands in where constructed sheets are unknown.
    try {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS_TEXT);
      root.adoptedStyleSheets = [sheet];
    } catch (e) {
      var style = document.createElement("style");
      style.textContent = CSS_TEXT;
      root.appendChild(style);
    }
  }

  function labelsFor(el) {
    var lang = (el.getAttribute("lang") || document.documentElement.lang || "en").toLowerCase();
    return LABELS[lang.split("-")[0]] || LABELS.en;
  }

  function pageUrl() {
    var link = document.querySelector('link[rel~="canonical"][href]');
    return (link ? link.href : location.href).split("#")[0];
  }

  function request(url, length, method) {
    var key = url + " " + length + " " + method;
    if (!answers[key]) {
      var query = "url=" + encodeURIComponent(url) + "&site=" + encodeURIComponent(KEY) +
        "&length=" + encodeURIComponent(length) + (method ? "&method=" + encodeURIComponent(method) : "");
      var control = window.AbortController ? new AbortController() : null;
      var timer = setTimeout(function () { if (control) control.abort(); }, TIMEOUT_MS);
      answers[key] = fetch(SERVICE + "/api/v1/summary?" + query, {
        credentials: "omit", signal: control ? control.signal : undefined
      }).then(function (response) {
        clearTimeout(timer);
        return response.json().catch(function () { return {}; }).then(function (body) {
          if (!response.ok) throw { status: response.status, code: (body.error || {}).code || "" };
          return body;
        });
      }, function () {
        clearTimeout(timer);
        throw { status: 0, code: "" }; // unreachable, timed out, or refused by CORS
      });
      answers[key].catch(function () { delete answers[key]; }); // a failure is asked again
    }
    return answers[key];
  }

  function failure(labels, error) {
    if (REFUSED.indexOf(error.code) >= 0 || error.status === 403) return labels.refused;
    if (NOT_ARTICLE.indexOf(error.code) >= 0) return labels.notArticle;
    if (error.status === 429) return labels.busy;
    return labels.down;
  }

  // The story's text as one whitespace-collapsed string, with each character's text node and
  // offset, so that a sentence found in it can become a Range on the page.
  var SKIP = /^(SCRIPT|STYLE|NOSCRIPT|TEMPLATE|TEXTAREA|NEWSBRIEF-SUMMARY)$/;
  var INVISIBLE = /[\u00ad\u200b\u200c\u200d\ufeff]/g;
  var INVISIBLE_CHAR = /[\u00ad\u200b\u200c\u200d\ufeff]/;

  function normalise(text) {
    return text.replace(INVISIBLE, "").replace(/\s+/g, " ").trim();
  }

  function pageText() {
    var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        for (var p = node.parentNode; p && p !== document.body; p = p.parentNode) {
          if (SKIP.test(p.nodeName)) return NodeFilter.FILTER_REJECT;
        }
        return NodeFilter.FILTER_ACCEPT;
      }
    });
    var text = "", nodes = [], offsets = [], node;
    while ((node = walker.nextNode())) {
      var data = node.data;
      for (var i = 0; i < data.length; i++) {
        var c = data[i];
        if (INVISIBLE_CHAR.test(c)) continue;
        if (/\s/.test(c)) {
          if (!text || text[text.length - 1] === " ") continue;
          c = " ";
        }
        text += c;
        nodes.push(node);
        offsets.push(i);
      }
    }
    return { text: text, nodes: nodes, offsets: offsets };
  }

  function locate(page, sentence) {
    var wanted = normalise(sentence);
    var at = wanted ? page.text.indexOf(wanted) : -1;
    if (at < 0) {
      // Extraction may have retouched the end (quotes, a footnote mark): the opening words do.
      wanted = wanted.split(" ").slice(0, 8).join(" ");
      at = wanted.length >= 30 ? page.text.indexOf(wanted) : -1;
    }
    if (at < 0) return null;
    var last = at + wanted.length - 1;
    var range = document.createRange();
    range.setStart(page.nodes[at], page.offsets[at]);
    range.setEnd(page.nodes[last], page.offsets[last] + 1);
    return range;
  }

  var highlightSheet = false;
  function show(range) {
    var target = range.startContainer.parentElement;
    var still = window.matchMedia && matchMedia("(prefers-reduced-motion: reduce)").matches;
    if (target) target.scrollIntoView({ block: "center", behavior: still ? "auto" : "smooth" });
    if (window.Highlight && window.CSS && CSS.highlights) {
      // The Custom Highlight API paints the sentence without touching the page's DOM.
      if (!highlightSheet) {
        try {
          var sheet = new CSSStyleSheet();
          sheet.replaceSync("::highlight(newsbrief){background-color:#ffe066;color:#111}");
          document.adoptedStyleSheets = document.adoptedStyleSheets.concat(sheet);
          highlightSheet = true;
        } catch (e) { /* no highlight then; the scroll stands */ }
      }
      CSS.highlights.set("newsbrief", new Highlight(range));
      setTimeout(function () { CSS.highlights.delete("newsbrief"); }, HIGHLIGHT_MS);
    } else {
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
    }
  }

  function element(name, className, text) {
    var made = document.createElement(name);
    if (className) made.className = className;
    if (text) made.textContent = text;
    return made;
  }

  function sentenceNode(page, sentence, labels) {
    var range = locate(page, sentence.text);
    if (!range) return document.createTextNode(sentence.text);
    var link = element("a", "s", sentence.text);
    link.href = "#";
    link.title = labels.jump;
    link.addEventListener("click", function (event) {
      event.preventDefault();
      show(range);
    });
    return link;
  }

  function render(out, body, labels) {
    var page = pageText();
    var sentences = body.sentences || [];
    var list = body.layout === "list";
    var text = element(list ? "ul" : "p", "text");
    sentences.forEach(function (sentence, i) {
      var holder = list ? text.appendChild(element("li")) : text;
      if (!list && i) holder.appendChild(document.createTextNode(" "));
      holder.appendChild(sentenceNode(page, sentence, labels));
    });
    var count = sentences.length;
    var note = body.method === "llm" && !(body.llm && body.llm.status === "fallback")
      ? labels.llm : (count === 1 ? labels.one : labels.many.replace("{n}", count));
    out.textContent = "";
    out.appendChild(text);
    out.appendChild(element("p", "note", note));
  }

  class NewsbriefSummary extends HTMLElement {
    connectedCallback() {
      if (this.shadowRoot) return;
      var root = this.attachShadow({ mode: "open" });
      sheetFor(root);
      var labels = labelsFor(this);
      var theme = this.getAttribute("theme");
      var box = element("div", "nb" + (theme === "dark" || theme === "light" ? " " + theme : ""));
      var bar = box.appendChild(element("div", "bar"));
      var button = bar.appendChild(element("button"));
      button.type = "button";
      button.setAttribute("aria-expanded", "false");
      button.appendChild(element("span", "ask", labels.ask));
      button.appendChild(element("span", "cta", labels.cta));
      button.appendChild(element("span", "chev")).setAttribute("aria-hidden", "true");
      var out = box.appendChild(element("div", "out"));
      out.id = "panel";
      out.setAttribute("role", "region");
      out.setAttribute("aria-label", labels.region);
      out.setAttribute("aria-live", "polite");
      button.setAttribute("aria-controls", "panel");
      root.appendChild(box);
      var self = this;
      button.addEventListener("click", function () { self.toggle(button, out, labels); });
    }

    toggle(button, out, labels) {
      if (button.getAttribute("aria-expanded") === "true") {
        button.setAttribute("aria-expanded", "false");
        out.textContent = "";
        return;
      }
      button.setAttribute("aria-expanded", "true");
      out.setAttribute("aria-busy", "true");
      out.textContent = "";
      out.appendChild(element("p", "msg", labels.loading));
      var length = this.getAttribute("length") || "points";
      var method = this.getAttribute("method") || "";
      request(pageUrl(), length, method).then(function (body) {
        if (button.getAttribute("aria-expanded") === "true") render(out, body, labels);
      }, function (error) {
        if (button.getAttribute("aria-expanded") !== "true") return;
        out.textContent = "";
        out.appendChild(element("p", "msg", failure(labels, error)));
      }).then(function () { out.removeAttribute("aria-busy"); });
    }
  }

  customElements.define("newsbrief-summary", NewsbriefSummary);
})();
