// Printing (a static file: the CSP forbids inline scripts). The print-only
// footer (templates/includes/print_footer.html) gets the page's address and the
// day of printing; where the browser prints CSS margin boxes, both go to the
// footer of every printed page (print.css reads --print-url and --print-date)
// and the footer at the end of the document is left out.
(function () {
  "use strict";
  var root = document.documentElement;

  function cssString(text) {
    var clean = text.replace(/\s+/g, " ").trim();
    return '"' + clean.replace(/\\/g, "\\\\").replace(/"/g, '\\"') + '"';
  }

  function format(locale, options) {
    try {
      return new Intl.DateTimeFormat(locale, options).format(new Date());
    } catch (error) {
      delete options.timeZone; // an unknown time zone: the reader's own
      return new Intl.DateTimeFormat(locale, options).format(new Date());
    }
  }

  function text(element) {
    return element ? element.textContent : "";
  }

  function update() {
    var footer = document.querySelector(".print-footer");
    if (!footer) {
      return;
    }
    var zone = footer.getAttribute("data-time-zone") || undefined;
    var url = footer.querySelector(".print-url");
    if (url) {
      url.textContent = window.location.href.split("#")[0];
    }
    var day = footer.querySelector(".print-date");
    if (day) {
      day.textContent = format(root.lang || undefined, {
        timeZone: zone, year: "numeric", month: "long", day: "numeric"
      });
      // en-CA writes the ISO form, YYYY-MM-DD.
      day.setAttribute("datetime", format("en-CA", {
        timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit"
      }));
    }
    root.style.setProperty("--print-url", cssString(text(footer.querySelector(".print-footer-url"))));
    root.style.setProperty("--print-date", cssString(text(footer.querySelector(".print-footer-date"))));
    // Margin boxes are printed where the browser knows their rule (Chromium 131+).
    if ("CSSMarginRule" in window) {
      root.classList.add("print-footer-in-margin");
    }
  }

  window.addEventListener("beforeprint", update);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", update);
  } else {
    update();
  }
})();
