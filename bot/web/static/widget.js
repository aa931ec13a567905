/*
 * Lotse chat widget. One tag on any page:
 *
 *   <script src="https://lotse.example.org/widget.js"
 *           data-api="https://lotse.example.org"   (default: where this file came from)
 *           data-lang="auto"                        (auto | de | en | pl | cs: interface language)
 *           data-title="Lotse" data-accent="#0a6e5c" data-position="right"
 *           data-welcome="Hello!" data-suggestions="First question|Second question"></script>
 *
 * Plain JavaScript, no build step, no dependencies. Everything lives in a Shadow DOM so the
 * host page's CSS cannot reach in and ours cannot leak out. Server text is only ever set with
 * textContent; the only links made are http(s) source and programme URLs.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || window.LotseWidget) {
    return; // loaded twice: the first copy keeps working
  }

  var STRINGS = {
    de: {
      open: "Chat öffnen", close: "Chat schließen", title: "Lotse",
      welcome: "Guten Tag! Ich beantworte Fragen zu Förderprogrammen, Partnerfirmen und " +
        "Beratungsstellen im Grenzraum. Wie kann ich helfen?",
      placeholder: "Ihre Frage …", inputLabel: "Ihre Frage", send: "Senden",
      newChat: "Neues Gespräch", advisor: "Beratung anfragen", sources: "Quellen",
      programmes: "Förderprogramme",
      suggestions: "Beispielfragen", you: "Sie", bot: "Lotse",
      up: "Hilfreich", down: "Nicht hilfreich", thanks: "Danke für Ihre Rückmeldung!",
      reason: "Was war nicht hilfreich? (optional)", reasonSend: "Grund senden",
      reasonThanks: "Danke! Wir sehen uns das an.",
      thinking: "Ich suche in unseren Unterlagen …",
      error: "Entschuldigung, da ist etwas schiefgegangen. Bitte versuchen Sie es noch einmal.",
      formTitle: "Beratung anfragen", name: "Name", email: "E-Mail",
      organisation: "Organisation (optional)", message: "Ihr Anliegen",
      consent: "Ich bin einverstanden, dass die Agentur meine Angaben speichert, um mich zu " +
        "meinem Anliegen zu kontaktieren.",
      submit: "Anfrage senden", cancel: "Abbrechen",
      formInvalid: "Bitte füllen Sie Name, E-Mail und Anliegen aus und bestätigen Sie die " +
        "Einwilligung.",
      dialog: "Chat mit dem Lotse"
    },
    en: {
      open: "Open chat", close: "Close chat", title: "Lotse",
      welcome: "Hello! I answer questions about funding programmes, partner companies and " +
        "support institutions in the border region. How can I help?",
      placeholder: "Your question …", inputLabel: "Your question", send: "Send",
      newChat: "New conversation", advisor: "Talk to an advisor", sources: "Sources",
      programmes: "Funding programmes",
      suggestions: "Example questions", you: "You", bot: "Lotse",
      up: "Helpful", down: "Not helpful", thanks: "Thank you for your feedback!",
      reason: "What was not helpful? (optional)", reasonSend: "Send reason",
      reasonThanks: "Thank you! We will look into it.",
      thinking: "Searching our documents …",
      error: "Sorry, something went wrong. Please try again.",
      formTitle: "Talk to an advisor", name: "Name", email: "Email",
      organisation: "Organisation (optional)", message: "How can we help?",
      consent: "I agree that the agency stores my details in order to contact me about my " +
        "request.",
      submit: "Send request", cancel: "Cancel",
      formInvalid: "Please fill in name, email and message and give your consent.",
      dialog: "Chat with Lotse"
    },
    pl: {
      open: "Otwórz czat", close: "Zamknij czat", title: "Lotse",
      welcome: "Dzień dobry! Odpowiadam na pytania o programy wsparcia, firmy partnerskie i " +
        "instytucje wsparcia w regionie przygranicznym. Jak mogę pomóc?",
      placeholder: "Twoje pytanie …", inputLabel: "Twoje pytanie", send: "Wyślij",
      newChat: "Nowa rozmowa", advisor: "Kontakt z doradcą", sources: "Źródła",
      programmes: "Programy wsparcia",
      suggestions: "Przykładowe pytania", you: "Ty", bot: "Lotse",
      up: "Pomocne", down: "Niepomocne", thanks: "Dziękujemy za opinię!",
      reason: "Co było niepomocne? (opcjonalnie)", reasonSend: "Wyślij powód",
      reasonThanks: "Dziękujemy! Przyjrzymy się temu.",
      thinking: "Szukam w naszych dokumentach …",
      error: "Przepraszamy, coś poszło nie tak. Spróbuj ponownie.",
      formTitle: "Kontakt z doradcą", name: "Imię i nazwisko", email: "E-mail",
      organisation: "Organizacja (opcjonalnie)", message: "W czym możemy pomóc?",
      consent: "Wyrażam zgodę na przechowywanie moich danych przez agencję w celu kontaktu " +
        "w sprawie mojego zapytania.",
      submit: "Wyślij zapytanie", cancel: "Anuluj",
      formInvalid: "Uzupełnij imię, e-mail i wiadomość oraz wyraź zgodę.",
      dialog: "Czat z Lotse"
    },
    cs: {
      open: "Otevřít chat", close: "Zavřít chat", title: "Lotse",
      welcome: "Dobrý den! Odpovídám na otázky o dotačních programech, partnerských firmách " +
        "a podpůrných institucích v příhraničí. Jak vám mohu pomoci?",
      placeholder: "Vaše otázka …", inputLabel: "Vaše otázka", send: "Odeslat",
      newChat: "Nová konverzace", advisor: "Kontaktovat poradce", sources: "Zdroje",
      programmes: "Dotační programy",
      suggestions: "Příklady otázek", you: "Vy", bot: "Lotse",
      up: "Užitečné", down: "Neužitečné", thanks: "Děkujeme za zpětnou vazbu!",
      reason: "Co nebylo užitečné? (nepovinné)", reasonSend: "Odeslat důvod",
      reasonThanks: "Děkujeme! Podíváme se na to.",
      thinking: "Hledám v našich podkladech …",
      error: "Omlouváme se, něco se pokazilo. Zkuste to prosím znovu.",
      formTitle: "Kontaktovat poradce", name: "Jméno", email: "E-mail",
      organisation: "Organizace (nepovinné)", message: "S čím vám můžeme pomoci?",
      consent: "Souhlasím s tím, že agentura uloží mé údaje, aby mě mohla kontaktovat " +
        "ohledně mého dotazu.",
      submit: "Odeslat dotaz", cancel: "Zrušit",
      formInvalid: "Vyplňte prosím jméno, e-mail a zprávu a potvrďte souhlas.",
      dialog: "Chat s Lotse"
    }
  };
  // The languages the server speaks: GET /widget.js fills them in from its one language
  // registry (knowledge/languages.py). A language without STRINGS here uses the English ones.
  var SUPPORTED = /* first-class languages */ ["en"];

  // ---- configuration from the script tag -------------------------------------------------
  var data = script.dataset;
  var apiBase = (data.api || new URL(script.src, window.location.href).origin)
    .replace(/\/+$/, "");
  var fixedLang = supported(data.lang);
  var uiLang = fixedLang || browserLanguage();
  var accent = data.accent && window.CSS && CSS.supports("color", data.accent)
    ? data.accent : "#0a6e5c";
  var position = data.position === "left" ? "left" : "right";
  var suggestions = (data.suggestions || "").split("|")
    .map(function (s) { return s.trim(); }).filter(Boolean).slice(0, 4);
  var storageKey = "lotse-widget:" + apiBase;

  function supported(code) {
    if (!code) { return null; }
    var short = String(code).toLowerCase().split(/[-_]/)[0];
    if (short === "cz") { short = "cs"; }
    return SUPPORTED.indexOf(short) >= 0 ? short : null;
  }

  function browserLanguage() {
    var wanted = navigator.languages && navigator.languages.length
      ? navigator.languages : [navigator.language];
    for (var i = 0; i < wanted.length; i++) {
      var code = supported(wanted[i]);
      if (code) { return code; }
    }
    return "en";
  }

  function s(key) { return (STRINGS[uiLang] || STRINGS.en)[key]; }

  // ---- state kept across page loads ------------------------------------------------------
  var state = load();

  function load() {
    try {
      var saved = JSON.parse(window.localStorage.getItem(storageKey) || "null");
      if (saved && Array.isArray(saved.messages)) { return saved; }
    } catch (e) { /* private mode or corrupt entry: start afresh */ }
    return { sessionId: null, messages: [], open: false, lang: null };
  }

  function save() {
    try {
      window.localStorage.setItem(storageKey, JSON.stringify(state));
    } catch (e) { /* storage full or blocked: the chat still works for this page view */ }
  }

  if (!fixedLang && supported(state.lang)) { uiLang = supported(state.lang); }

  // ---- tiny DOM helper: text only, never HTML ---------------------------------------------
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) { return; }
      if (name === "text") { node.textContent = value; } else if (name === "on") {
        Object.keys(value).forEach(function (ev) { node.addEventListener(ev, value[ev]); });
      } else { node.setAttribute(name, value === true ? "" : String(value)); }
    });
    (children || []).forEach(function (child) { if (child) { node.appendChild(child); } });
    return node;
  }

  // Icons are drawn, not emoji: many systems (and headless browsers) lack an emoji font.
  var CHAT_BUBBLE = "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 " +
    "0 0 1 2-2zm3 6v2h2V9H7zm4 0v2h2V9h-2zm4 0v2h2V9h-2z";
  var THUMB_UP = "M2 10h4v11H2zm6 11V10l5-8 1.2.6c.8.4 1.2 1.3 1 2.2L14.3 9H20a2 2 0 0 1 2 " +
    "2.3l-1.4 8A2 2 0 0 1 18.6 21z";
  var THUMB_DOWN = "M2 3h4v11H2zm6 0v11l5 8 1.2-.6c.8-.4 1.2-1.3 1-2.2L14.3 15H20a2 2 0 0 0 " +
    "2-2.3l-1.4-8A2 2 0 0 0 18.6 3z";

  function svgIcon(pathData) {
    var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var path = document.createElementNS("http://www.w3.org/2000/svg", "path");
    path.setAttribute("d", pathData);
    svg.appendChild(path);
    return svg;
  }

  function isWebLink(url) { return /^https?:\/\/[^\s]+$/i.test(String(url || "")); }

  // Web addresses inside an answer (a company's website, a programme page) become links; the
  // rest stays text. Only http(s): other schemes are never made clickable.
  var WEB_ADDRESS = /https?:\/\/[^\s<>"'`]+/gi;

  function textWithLinks(text) {
    var span = el("span", { class: "text" });
    var whole = String(text || "");
    var last = 0;
    var match;
    WEB_ADDRESS.lastIndex = 0;
    while ((match = WEB_ADDRESS.exec(whole)) !== null) {
      // Punctuation that ends the sentence is not part of the address.
      var url = match[0].replace(/[.,;:!?)\]]+$/, "");
      if (!/^https?:\/\/[a-z0-9[]/i.test(url)) { continue; }
      if (match.index > last) {
        span.appendChild(document.createTextNode(whole.slice(last, match.index)));
      }
      span.appendChild(el("a", {
        href: url, target: "_blank", rel: "noopener noreferrer nofollow", text: url
      }));
      last = match.index + url.length;
      WEB_ADDRESS.lastIndex = last;
    }
    span.appendChild(document.createTextNode(whole.slice(last)));
    return span;
  }

  // ---- the shell --------------------------------------------------------------------------
  var host = el("div", { id: "lotse-widget" });
  host.style.setProperty("--lotse-accent", accent);
  var root = host.attachShadow({ mode: "open" });

  var style = el("style", { text: [
    ":host{all:initial;position:fixed;bottom:16px;" + position + ":16px;z-index:2147483000;",
    "font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1d2430}",
    "*{box-sizing:border-box}",
    "button,input,textarea{font:inherit;color:inherit}",
    ".bubble{width:60px;height:60px;border-radius:50%;border:0;cursor:pointer;",
    "background:var(--lotse-accent);color:#fff;box-shadow:0 4px 14px rgba(0,0,0,.25);",
    "display:flex;align-items:center;justify-content:center}",
    ".bubble svg{width:28px;height:28px;fill:currentColor}",
    ".panel{position:absolute;bottom:72px;" + position + ":0;width:min(400px,calc(100vw - 32px));",
    "height:min(640px,calc(100vh - 110px));display:flex;flex-direction:column;background:#fff;",
    "border-radius:14px;box-shadow:0 10px 40px rgba(0,0,0,.28);overflow:hidden}",
    ".panel[hidden]{display:none}",
    "header{display:flex;align-items:center;gap:6px;padding:10px 12px;",
    "background:var(--lotse-accent);color:#fff}",
    "header h2{flex:1;margin:0;font-size:16px;font-weight:600;overflow:hidden;",
    "text-overflow:ellipsis;white-space:nowrap}",
    "header button{background:rgba(255,255,255,.16);border:1px solid rgba(255,255,255,.4);",
    "color:#fff;border-radius:8px;padding:4px 8px;cursor:pointer;font-size:13px}",
    "button:focus-visible,a:focus-visible,textarea:focus-visible,input:focus-visible,",
    ".log:focus-visible{outline:3px solid #f5b800;outline-offset:2px}",
    ".log{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:10px;",
    "background:#f4f6f8}",
    ".msg{max-width:88%;padding:8px 11px;border-radius:12px;white-space:pre-wrap;",
    "overflow-wrap:anywhere}",
    ".msg.user{align-self:flex-end;background:var(--lotse-accent);color:#fff;",
    "border-bottom-right-radius:3px}",
    ".msg.bot{align-self:flex-start;background:#fff;border:1px solid #dde3e9;",
    "border-bottom-left-radius:3px}",
    ".msg.notice{align-self:center;background:#fff8e1;border:1px solid #f0d98a;font-size:14px}",
    ".msg .who{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}",
    ".msg.pending .text{color:#5b6673;font-style:italic}",
    ".msg.bot .text a{color:var(--lotse-accent);text-decoration:underline}",
    ".sources{margin:8px 0 0;padding:6px 0 0;border-top:1px solid #e6eaee;font-size:13px;",
    "white-space:normal}",
    ".sources h3{margin:0 0 2px;font-size:12px;text-transform:uppercase;letter-spacing:.04em;",
    "color:#5b6673}",
    ".sources ol{margin:0;padding-left:20px}",
    ".sources a{color:var(--lotse-accent);text-decoration:underline}",
    ".sources .path{color:#5b6673}",
    ".choices{display:flex;flex-wrap:wrap;gap:6px;margin-top:8px;white-space:normal}",
    ".choices button{border:1px solid var(--lotse-accent);background:#fff;border-radius:14px;",
    "color:var(--lotse-accent);padding:4px 10px;cursor:pointer;font-size:13px}",
    ".rate{display:flex;gap:6px;align-items:center;margin-top:6px;font-size:13px;",
    "white-space:normal}",
    ".rate button{border:1px solid #ccd4dc;background:#fff;border-radius:8px;padding:3px 8px;",
    "cursor:pointer;display:inline-flex;color:#3d4954}",
    ".rate svg{width:16px;height:16px;fill:currentColor}",
    ".rate button[aria-pressed=true]{background:var(--lotse-accent);color:#fff}",
    ".rate button:disabled{cursor:default}",
    ".reason{display:flex;flex-wrap:wrap;gap:6px;align-items:center;margin-top:6px;",
    "font-size:13px;white-space:normal}",
    ".reason .problem{flex-basis:100%;margin:0;color:#a4262c}",
    ".reason-done{margin:6px 0 0;font-size:13px;white-space:normal}",
    ".reason label{flex-basis:100%;color:#3c4650}",
    ".reason input{flex:1;min-width:0;border:1px solid #ccd4dc;border-radius:8px;",
    "padding:4px 8px;font-size:13px}",
    ".reason button{border:1px solid #ccd4dc;background:#fff;border-radius:8px;",
    "padding:3px 8px;cursor:pointer;font-size:13px}",
    ".suggest{display:flex;flex-wrap:wrap;gap:6px;padding:8px 12px 0;background:#f4f6f8}",
    ".suggest[hidden]{display:none}",
    ".suggest button{border:1px solid var(--lotse-accent);color:var(--lotse-accent);",
    "background:#fff;border-radius:16px;padding:4px 10px;cursor:pointer;font-size:13px;",
    "text-align:left}",
    ".composer{display:flex;gap:8px;padding:10px 12px;border-top:1px solid #e1e6eb}",
    ".composer textarea{flex:1;resize:none;border:1px solid #b8c2cc;border-radius:10px;",
    "padding:8px 10px;min-height:40px;max-height:120px}",
    ".primary{background:var(--lotse-accent);color:#fff;border:0;border-radius:10px;",
    "padding:8px 14px;cursor:pointer;font-weight:600}",
    ".primary:disabled{opacity:.55;cursor:default}",
    ".footer{display:flex;justify-content:center;padding:0 12px 10px}",
    ".link{background:none;border:0;color:var(--lotse-accent);text-decoration:underline;",
    "cursor:pointer;padding:4px;font-size:14px}",
    ".contact{position:absolute;inset:52px 0 0 0;background:#fff;padding:14px;overflow-y:auto;",
    "display:flex;flex-direction:column;gap:8px}",
    ".contact[hidden]{display:none}",
    ".contact h3{margin:0 0 4px;font-size:16px}",
    ".contact label{display:flex;flex-direction:column;gap:2px;font-size:14px}",
    ".contact input,.contact textarea{border:1px solid #b8c2cc;border-radius:8px;padding:7px 9px}",
    ".contact .consent{flex-direction:row;align-items:flex-start;gap:8px}",
    ".contact .consent input{margin-top:4px}",
    ".contact .actions{display:flex;gap:8px;justify-content:flex-end}",
    ".contact .problem{color:#a4000f;font-size:14px;min-height:1em}",
    ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);",
    "white-space:nowrap}",
    "@media (max-width:480px){:host{bottom:10px;" + position + ":10px}",
    ".panel{width:calc(100vw - 20px);height:calc(100vh - 90px)}}"
  ].join("") });

  var bubble = el("button", {
    class: "bubble", type: "button", "aria-expanded": "false", "aria-controls": "lotse-panel",
    "aria-haspopup": "dialog"
  });
  bubble.appendChild(svgIcon(CHAT_BUBBLE));

  var titleNode = el("h2", { id: "lotse-title" });
  var newButton = el("button", { type: "button", class: "new" });
  var closeButton = el("button", { type: "button", class: "close" });
  var log = el("div", {
    class: "log", role: "log", "aria-live": "polite", "aria-relevant": "additions",
    "aria-labelledby": "lotse-title", tabindex: "0"
  });
  var suggestBox = el("div", { class: "suggest", role: "group" });
  var input = el("textarea", { id: "lotse-input", rows: "1", maxlength: "2000" });
  var inputLabel = el("label", { for: "lotse-input", class: "sr" });
  var sendButton = el("button", { type: "submit", class: "primary send" });
  var composer = el("form", { class: "composer" }, [inputLabel, input, sendButton]);
  var advisorButton = el("button", { type: "button", class: "link advisor" });
  var footer = el("div", { class: "footer" }, [advisorButton]);

  // The advisor form
  var formTitle = el("h3", { id: "lotse-form-title" });
  function field(name, type, required) {
    var control = type === "textarea"
      ? el("textarea", { name: name, rows: "4", required: required, maxlength: "5000" })
      : el("input", { name: name, type: type, required: required, maxlength: "300",
        autocomplete: name === "organisation" ? "organization" : name });
    var caption = el("span");
    return { label: el("label", {}, [caption, control]), control: control, caption: caption };
  }
  var nameField = field("name", "text", true);
  var emailField = field("email", "email", true);
  var orgField = field("organisation", "text", false);
  var messageField = field("message", "textarea", true);
  var consentBox = el("input", { type: "checkbox", name: "consent", required: true });
  var consentText = el("span");
  var consentLabel = el("label", { class: "consent" }, [consentBox, consentText]);
  var formProblem = el("p", { class: "problem", role: "alert" });
  var submitButton = el("button", { type: "submit", class: "primary" });
  var cancelButton = el("button", { type: "button", class: "link" });
  var contactForm = el("form", {
    class: "contact", hidden: true, "aria-labelledby": "lotse-form-title", novalidate: true
  }, [formTitle, nameField.label, emailField.label, orgField.label, messageField.label,
    consentLabel, formProblem, el("div", { class: "actions" }, [cancelButton, submitButton])]);

  var panel = el("section", {
    id: "lotse-panel", class: "panel", role: "dialog", "aria-modal": "false",
    "aria-labelledby": "lotse-title", hidden: true
  }, [
    el("header", {}, [titleNode, newButton, closeButton]),
    log, suggestBox, composer,
    footer,
    contactForm
  ]);

  root.appendChild(style);
  root.appendChild(panel);
  root.appendChild(bubble);

  // ---- strings (again whenever the conversation's language changes) ----------------------
  function applyStrings() {
    titleNode.textContent = data.title || s("title");
    bubble.setAttribute("aria-label", panel.hidden ? s("open") : s("close"));
    panel.setAttribute("aria-label", s("dialog"));
    newButton.textContent = s("newChat");
    closeButton.textContent = "✕";
    closeButton.setAttribute("aria-label", s("close"));
    closeButton.setAttribute("title", s("close"));
    inputLabel.textContent = s("inputLabel");
    input.setAttribute("placeholder", s("placeholder"));
    sendButton.textContent = s("send");
    if (welcomeNode && !data.welcome) {
      welcomeNode.querySelector(".who").textContent = s("bot") + ": ";
      welcomeNode.querySelector(".text").textContent = s("welcome");
    }
    advisorButton.textContent = s("advisor");
    suggestBox.setAttribute("aria-label", s("suggestions"));
    formTitle.textContent = s("formTitle");
    nameField.caption.textContent = s("name");
    emailField.caption.textContent = s("email");
    orgField.caption.textContent = s("organisation");
    messageField.caption.textContent = s("message");
    consentText.textContent = s("consent");
    submitButton.textContent = s("submit");
    cancelButton.textContent = s("cancel");
  }

  // ---- rendering --------------------------------------------------------------------------
  function renderSources(sources) {
    if (!sources || !sources.length) { return null; }
    var items = sources.map(function (src) {
      var title = src.title || src.source || "";
      if (isWebLink(src.source)) {
        return el("li", {}, [el("a", {
          href: src.source, target: "_blank", rel: "noopener noreferrer nofollow", text: title
        })]);
      }
      // Anything else (a file as ingested, or a scheme we do not trust) is text, never a
      // link; of a file path only the file name is shown, the server's folders are no news.
      var parts = [el("span", { text: title })];
      var source = String(src.source || "");
      var isUrl = /^[a-z][a-z0-9+.-]+:/i.test(source) && !/^[a-z]:[\\/]/i.test(source);
      var shown = isUrl ? source : source.split(/[\\/]/).pop();
      if (shown && shown !== title) {
        parts.push(el("span", { class: "path", text: " (" + shown + ")" }));
      }
      return el("li", {}, parts);
    });
    return el("div", { class: "sources" }, [
      el("h3", { text: s("sources") }), el("ol", {}, items)
    ]);
  }

  // The funding finder's programmes: name (linked when the URL is http(s)), funder and the
  // call's closing date; why each fits is in the answer text above.
  function renderProgrammes(programmes) {
    if (!programmes || !programmes.length) { return null; }
    var items = programmes.map(function (p) {
      var name = isWebLink(p.url)
        ? el("a", { href: p.url, target: "_blank", rel: "noopener noreferrer nofollow",
          text: p.name })
        : el("span", { text: p.name });
      var details = " – " + p.funder + (p.open_until ? " (" + p.open_until + ")" : "");
      return el("li", {}, [name, el("span", { class: "path", text: details })]);
    });
    return el("div", { class: "sources programmes" }, [
      el("h3", { text: s("programmes") }), el("ol", {}, items)
    ]);
  }

  // A guided question's choices: a press sends the choice's value, shown as its label.
  function renderChoices(guided) {
    if (!guided || !guided.choices || !guided.choices.length) { return null; }
    return el("div", { class: "choices" }, guided.choices.map(function (choice) {
      return el("button", {
        type: "button", text: choice.label,
        on: { click: function () { ask(choice.value, choice.label); } }
      });
    }));
  }

  function renderRating(message) {
    var box = el("div", { class: "rate" });
    var thanks = el("span", { text: message.rating ? s("thanks") : "" });
    function rateButton(rating, label) {
      var button = el("button", {
        type: "button", "aria-label": label, title: label,
        "aria-pressed": message.rating === rating ? "true" : "false",
        disabled: Boolean(message.rating),
        on: { click: function () { sendFeedback(message, rating, box, thanks); } }
      });
      button.appendChild(svgIcon(rating === "up" ? THUMB_UP : THUMB_DOWN));
      return button;
    }
    box.appendChild(rateButton("up", s("up")));
    box.appendChild(rateButton("down", s("down")));
    box.appendChild(thanks);
    return box;
  }

  function messageNode(message) {
    var who = message.role === "user" ? s("you") : s("bot");
    var node = el("div", { class: "msg " + message.role }, [
      el("span", { class: "who", text: who + ": " }),
      message.role === "bot" ? textWithLinks(message.text)
        : el("span", { class: "text", text: message.text })
    ]);
    if (message.role === "bot") {
      var sources = renderSources(message.sources);
      if (sources) { node.appendChild(sources); }
      var programmes = renderProgrammes(message.programmes);
      if (programmes) { node.appendChild(programmes); }
      // Only the latest question's choices can be pressed.
      var choices = message === state.messages[state.messages.length - 1]
        ? renderChoices(message.guided) : null;
      if (choices) { node.appendChild(choices); }
      if (message.messageId) { node.appendChild(renderRating(message)); }
    }
    return node;
  }

  // The welcome is kept to be translated when the interface follows the visitor into another
  // language (a host's own data-welcome stays as written).
  var welcomeNode = null;

  function renderAll() {
    log.textContent = "";
    welcomeNode = messageNode({ role: "bot", text: data.welcome || s("welcome") });
    log.appendChild(welcomeNode);
    state.messages.forEach(function (m) { log.appendChild(messageNode(m)); });
    renderSuggestions();
    scrollToLatest();
  }

  function renderSuggestions() {
    suggestBox.textContent = "";
    var show = suggestions.length > 0 && state.messages.length === 0;
    suggestBox.hidden = !show;
    if (!show) { return; }
    suggestions.forEach(function (q) {
      suggestBox.appendChild(el("button", {
        type: "button", text: q, on: { click: function () { ask(q); } }
      }));
    });
  }

  function scrollDown() { log.scrollTop = log.scrollHeight; }

  // A long answer is read from its start: the log follows the newest message to its end only
  // while it fits; a taller one stays with its first line at the top of the log.
  function reveal(node) {
    var room = log.clientHeight;
    var box = node.getBoundingClientRect();
    if (!room || box.height <= room - 24) { scrollDown(); return; }
    log.scrollTop += box.top - log.getBoundingClientRect().top - 12;
  }

  function scrollToLatest() {
    if (log.lastElementChild) { reveal(log.lastElementChild); } else { scrollDown(); }
  }

  // ---- open / close -------------------------------------------------------------------------
  function openPanel(keepFocus) {
    panel.hidden = false;
    bubble.setAttribute("aria-expanded", "true");
    bubble.setAttribute("aria-label", s("close"));
    state.open = true;
    save();
    scrollToLatest();
    if (keepFocus !== true) { input.focus(); }
  }

  function closePanel() {
    panel.hidden = true;
    showForm(false);
    bubble.setAttribute("aria-expanded", "false");
    bubble.setAttribute("aria-label", s("open"));
    state.open = false;
    save();
    bubble.focus();
  }

  bubble.addEventListener("click", function () {
    if (panel.hidden) { openPanel(); } else { closePanel(); }
  });
  closeButton.addEventListener("click", closePanel);
  root.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || panel.hidden) { return; }
    event.preventDefault();
    if (!contactForm.hidden) { closeForm(); } else { closePanel(); }
  });

  // ---- asking -------------------------------------------------------------------------------
  var busy = false;
  var relabel = false;

  composer.addEventListener("submit", function (event) {
    event.preventDefault();
    ask(input.value);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      ask(input.value);
    }
  });

  function setBusy(value) {
    busy = value;
    sendButton.disabled = value;
    log.setAttribute("aria-busy", value ? "true" : "false");
  }

  function ask(question, shownAs) {
    question = String(question || "").trim();
    if (!question || busy) { return; }
    if (panel.hidden) { openPanel(); }
    input.value = "";
    Array.prototype.forEach.call(log.querySelectorAll(".choices"), function (node) {
      node.parentNode.removeChild(node);
    });
    var userMessage = { role: "user", text: shownAs || question };
    state.messages.push(userMessage);
    save();
    log.appendChild(messageNode(userMessage));
    renderSuggestions();

    var answerNode = el("div", { class: "msg bot pending" }, [
      el("span", { class: "who", text: s("bot") + ": " }),
      el("span", { class: "text", text: s("thinking") })
    ]);
    var textNode = answerNode.querySelector(".text");
    log.appendChild(answerNode);
    scrollDown();
    setBusy(true);

    var body = { question: question };
    if (state.sessionId) { body.session_id = state.sessionId; }
    var streamed = "";
    var finished = false;

    function onEvent(name, payload) {
      if (name === "meta") {
        if (payload.session_id) { state.sessionId = payload.session_id; save(); }
        adoptLanguage(payload.language);
      } else if (name === "token") {
        if (!streamed) { answerNode.classList.remove("pending"); }
        streamed += payload.text;
        textNode.textContent = streamed;
        reveal(answerNode);
      } else if (name === "done") {
        finished = true;
        var message = {
          role: "bot", text: payload.answer, sources: payload.sources || [],
          programmes: payload.programmes || [], guided: payload.guided || null,
          messageId: payload.message_id, language: payload.language, rating: null
        };
        state.sessionId = payload.session_id;
        state.messages.push(message);
        save();
        if (relabel) {
          // The interface changed language during this turn: every message is drawn again,
          // so earlier answers' buttons and headings speak the new language too.
          relabel = false;
          renderAll();
        } else {
          var finalNode = messageNode(message);
          log.replaceChild(finalNode, answerNode);
          reveal(finalNode);
        }
      } else if (name === "error") {
        finished = true;
        showError(answerNode, payload.message || s("error"));
      }
    }

    fetch(apiBase + "/api/chat/stream", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "text/event-stream" },
      body: JSON.stringify(body)
    }).then(function (response) {
      if (!response.ok || !response.body) {
        return response.json().then(function (problem) {
          throw new Error(problem && problem.message ? problem.message : s("error"));
        }, function () { throw new Error(s("error")); });
      }
      return readEvents(response.body, onEvent);
    }).then(function () {
      if (!finished) { showError(answerNode, s("error")); }
    }).catch(function (problem) {
      showError(answerNode, problem && problem.message && problem.message !== "Failed to fetch"
        ? problem.message : s("error"));
    }).then(function () {
      setBusy(false);
      if (!panel.hidden && contactForm.hidden) { input.focus(); }
    });
  }

  function showError(node, text) {
    var notice = messageNode({ role: "notice", text: text });
    if (node.parentNode) { node.parentNode.replaceChild(notice, node); }
    scrollDown();
  }

  function adoptLanguage(code) {
    // With data-lang="auto" the interface follows the language the visitor writes in.
    var lang = supported(code);
    if (fixedLang || !lang || lang === uiLang) { return; }
    uiLang = lang;
    state.lang = lang;
    save();
    applyStrings();
    relabel = true;
  }

  /* Server-sent events over fetch: EventSource cannot POST a JSON body. */
  function readEvents(stream, onEvent) {
    var reader = stream.getReader();
    var decoder = new TextDecoder("utf-8");
    var buffer = "";
    function dispatch(block) {
      var name = "message";
      var lines = [];
      block.split("\n").forEach(function (line) {
        if (line.indexOf("event:") === 0) { name = line.slice(6).trim(); }
        else if (line.indexOf("data:") === 0) { lines.push(line.slice(5).replace(/^ /, "")); }
      });
      if (!lines.length) { return; }
      try { onEvent(name, JSON.parse(lines.join("\n"))); } catch (e) { /* skip a bad event */ }
    }
    function pump() {
      return reader.read().then(function (chunk) {
        if (chunk.done) {
          buffer += decoder.decode();
          if (buffer.trim()) { dispatch(buffer.replace(/\r\n/g, "\n")); }
          return;
        }
        buffer += decoder.decode(chunk.value, { stream: true }).replace(/\r\n/g, "\n");
        var end = buffer.indexOf("\n\n");
        while (end >= 0) {
          dispatch(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf("\n\n");
        }
        return pump();
      });
    }
    return pump();
  }

  // ---- feedback -----------------------------------------------------------------------------
  function postFeedback(message, rating, comment) {
    var body = { message_id: message.messageId, rating: rating, session_id: state.sessionId };
    if (comment) { body.comment = comment; }
    return fetch(apiBase + "/api/feedback", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body)
    }).then(function (response) {
      if (!response.ok) { throw new Error("feedback refused"); }
    });
  }

  function sendFeedback(message, rating, box, thanks) {
    if (message.rating) { return; }
    var buttons = box.querySelectorAll("button");
    buttons.forEach(function (b) { b.disabled = true; });
    postFeedback(message, rating).then(function () {
      message.rating = rating;
      save();
      buttons.forEach(function (b) {
        var pressed = (rating === "up") === (b === buttons[0]);
        b.setAttribute("aria-pressed", pressed ? "true" : "false");
      });
      thanks.textContent = s("thanks");
      if (rating === "down") { askReason(message, box); }
    }).catch(function () {
      buttons.forEach(function (b) { b.disabled = false; });
      thanks.textContent = s("error");
    });
  }

  // After a thumbs-down the visitor may say why in a line; it is stored as the rating's
  // comment (the rating itself is stored already, so leaving the line empty loses nothing).
  var reasonCount = 0;
  function askReason(message, box) {
    reasonCount += 1;
    var id = "lotse-reason-" + reasonCount;
    var field = el("input", { id: id, type: "text", name: "reason", maxlength: "2000" });
    var submit = el("button", { type: "submit", text: s("reasonSend") });
    var problem = el("p", { class: "problem", role: "status" });
    var form = el("form", { class: "reason" }, [
      el("label", { for: id, text: s("reason") }), field, submit, problem
    ]);
    function close() {
      if (form.parentNode) { form.parentNode.removeChild(form); }
      input.focus();
    }
    field.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") { return; }
      // Escape closes this line only, not the whole chat.
      event.preventDefault();
      event.stopPropagation();
      close();
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var comment = field.value.trim();
      if (!comment) { close(); return; }
      submit.disabled = true;
      problem.textContent = "";
      postFeedback(message, "down", comment).then(function () {
        message.reason = comment;
        save();
        var done = el("p", { class: "reason-done", role: "status", text: s("reasonThanks") });
        if (form.parentNode) { form.parentNode.replaceChild(done, form); }
        input.focus();
      }).catch(function () {
        submit.disabled = false;
        problem.textContent = s("error");
      });
    });
    box.parentNode.insertBefore(form, box.nextSibling);
    field.focus();
  }

  // ---- new conversation ------------------------------------------------------------------
  newButton.addEventListener("click", function () {
    var old = state.sessionId;
    // Erasing a conversation erases its advisor request too: once one was sent, the
    // conversation stays with the advisors (until the retention period ends) instead of
    // being withdrawn by a button that says "new conversation".
    var keep = state.advisorRequested;
    state.sessionId = null;
    state.messages = [];
    state.advisorRequested = false;
    save();
    renderAll();
    input.focus();
    if (old && !keep) {
      // Erase on the server too; if that fails the old id is simply never used again.
      fetch(apiBase + "/api/sessions/" + encodeURIComponent(old), { method: "DELETE" })
        .catch(function () {});
    }
  });

  // ---- advisor form -----------------------------------------------------------------------
  advisorButton.addEventListener("click", function () {
    formProblem.textContent = "";
    showForm(true);
    nameField.control.focus();
  });
  cancelButton.addEventListener("click", closeForm);

  function closeForm() {
    showForm(false);
    advisorButton.focus();
  }

  // The form covers the conversation; what it covers must not take focus (Tab would land on
  // controls nobody can see) nor be read out, so it is inert while the form is open.
  function showForm(show) {
    contactForm.hidden = !show;
    [log, suggestBox, composer, footer].forEach(function (part) {
      if (show) { part.setAttribute("inert", ""); } else { part.removeAttribute("inert"); }
    });
  }

  // One key per submission, kept for a retry of the same content (a request the browser gave
  // up on may still have been stored: the server answers the retry with that one).
  var contactKey = null;
  function newContactKey() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    return "k" + Date.now().toString(36) + Math.random().toString(36).slice(2, 12);
  }
  contactForm.addEventListener("input", function () { contactKey = null; });
  contactForm.addEventListener("change", function () { contactKey = null; });

  contactForm.addEventListener("submit", function (event) {
    event.preventDefault();
    formProblem.textContent = "";
    var controls = [nameField.control, emailField.control, messageField.control, consentBox];
    var invalid = controls.filter(function (c) { return !c.checkValidity(); });
    controls.forEach(function (c) {
      c.setAttribute("aria-invalid", c.checkValidity() ? "false" : "true");
    });
    if (invalid.length) {
      formProblem.textContent = s("formInvalid");
      invalid[0].focus();
      return;
    }
    submitButton.disabled = true;
    var lastBot = state.messages.filter(function (m) { return m.role === "bot"; }).pop();
    var payload = {
      name: nameField.control.value.trim(),
      email: emailField.control.value.trim(),
      organisation: orgField.control.value.trim() || null,
      message: messageField.control.value.trim(),
      language: (lastBot && lastBot.language) || uiLang,
      consent: consentBox.checked
    };
    if (state.sessionId) { payload.session_id = state.sessionId; }
    contactKey = contactKey || newContactKey();
    fetch(apiBase + "/api/contact", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Idempotency-Key": contactKey },
      body: JSON.stringify(payload)
    }).then(function (response) {
      return response.json().then(function (result) {
        if (!response.ok) { throw new Error(result.message || s("error")); }
        return result;
      });
    }).then(function (result) {
      contactKey = null;
      if (payload.session_id && payload.session_id === state.sessionId) {
        state.advisorRequested = true;
      }
      contactForm.reset();
      showForm(false);
      var notice = { role: "notice", text: result.message };
      state.messages.push(notice);
      save();
      log.appendChild(messageNode(notice));
      renderSuggestions();
      scrollDown();
      input.focus();
    }).catch(function (problem) {
      formProblem.textContent = problem && problem.message && problem.message !==
        "Failed to fetch" ? problem.message : s("error");
    }).then(function () { submitButton.disabled = false; });
  });

  // ---- start --------------------------------------------------------------------------------
  function mount() {
    document.body.appendChild(host);
    applyStrings();
    renderAll();
    // Restored open after a reload, but without pulling focus away from the host page.
    if (state.open) { openPanel(true); }
  }

  window.LotseWidget = {
    open: function () { openPanel(); },
    close: closePanel,
    ask: function (question) { ask(question); }
  };

  if (document.body) { mount(); } else {
    document.addEventListener("DOMContentLoaded", mount);
  }
})();
