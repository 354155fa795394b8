/* The controls' drawer on narrow screens: the button opens and closes it (no server round
 * trip); on wide screens the button is hidden and the controls always shown (style.css). */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    const button = event.target.closest && event.target.closest("#controls-toggle");
    if (!button) { return; }
    const controls = document.getElementById("controls");
    if (!controls) { return; }
    const open = !controls.classList.contains("open");
    controls.classList.toggle("open", open);
    button.setAttribute("aria-expanded", open ? "true" : "false");
  });
})();
