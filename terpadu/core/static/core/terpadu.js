// Terpadu: the only hand-written script. Menu toggle for small screens; everything else is HTMX.
function terpaduSetOpen(button, target, open) {
  target.classList.toggle("open", open);
  button.setAttribute("aria-expanded", open ? "true" : "false");
}
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-toggle]");
  if (!button) return;
  var target = document.getElementById(button.getAttribute("data-toggle"));
  if (!target) return;
  terpaduSetOpen(button, target, !target.classList.contains("open"));
});
// Escape closes an open menu and gives the focus back to the button that opened it.
document.addEventListener("keydown", function (event) {
  if (event.key !== "Escape") return;
  document.querySelectorAll("[data-toggle][aria-expanded=true]").forEach(function (button) {
    var target = document.getElementById(button.getAttribute("data-toggle"));
    if (!target) return;
    terpaduSetOpen(button, target, false);
    if (target.contains(document.activeElement)) button.focus();
  });
});
document.addEventListener("DOMContentLoaded", function () {
  document.body.addEventListener("htmx:configRequest", function (event) {
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (token) event.detail.headers["X-CSRFToken"] = token.value;
  });
});
