// "Open again" reloads the page (a new session on the same seat). A file of its own rather than an inline
// handler, so the page's Content-Security-Policy can forbid every script this server did not ship.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("button.restart")) {
    button.addEventListener("click", () => { window.location.href = window.location.pathname; });
  }
});
