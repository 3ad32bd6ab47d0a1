// Terpadu: the only hand-written script. Menu toggle for small screens; everything else is HTMX.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-toggle]");
  if (!button) return;
  var target = document.getElementById(button.getAttribute("data-toggle"));
  if (!target) return;
  var open = target.classList.toggle("open");
  button.setAttribute("aria-expanded", open ? "true" : "false");
});
document.addEventListener("DOMContentLoaded", function () {
  document.body.addEventListener("htmx:configRequest", function (event) {
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (token) event.detail.headers["X-CSRFToken"] = token.value;
  });
});
