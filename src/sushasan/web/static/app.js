// Sushasan dashboard: small progressive enhancements; every page works without them.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // Quarter picker: jump to the chosen quarter's league table.
  document.querySelectorAll("select[data-nav]").forEach(function (sel) {
    sel.addEventListener("change", function () {
      if (/^[0-9A-Za-z-]{4,16}$/.test(sel.value)) {
        window.location.assign(sel.getAttribute("data-nav") + encodeURIComponent(sel.value));
      }
    });
  });
});
