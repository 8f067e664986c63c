// Rampart's only script: small progressive enhancements. Pages work without it.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // Confirm destructive actions.
  for (const b of document.querySelectorAll("button.danger")) {
    b.addEventListener("click", (ev) => {
      if (!window.confirm(b.textContent.trim() + "?")) ev.preventDefault();
    });
  }
});
