/* Accessibility fixes for markup the Dash components render, applied as the page changes.
 *
 * - Radio and check lists render each option as a role="option" label around a native input:
 *   screen readers then meet nested interactive controls. The native inputs already carry
 *   the semantics, so the options lose their role and each list becomes a named group.
 * - The dropdowns' hidden focus target is focusable though aria-hidden: taken out of the tab
 *   order (the visible search field is what the keyboard reaches).
 * - The upload's file input gets a name.
 * - The timeline's handle announces its month ("June 2023"), not its index.
 * - The key events under the timeline are one stop of the Tab key: arrow keys move between
 *   them (a roving tabindex), Enter or Space jumps to the event's month.
 */
(function () {
  "use strict";

  const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
                  "September", "October", "November", "December"];

  function labelOf(element) {
    const control = element.closest(".control");
    const label = control && control.querySelector(".control-label");
    if (!label) { return null; }
    if (!label.id) { label.id = "label-" + (element.id || Math.random().toString(36).slice(2)); }
    return label.id;
  }

  function fixLists(root) {
    root.querySelectorAll(".dash-options-list[role='listbox']").forEach(function (list) {
      const radio = list.classList.contains("dash-radioitems");
      list.setAttribute("role", radio ? "radiogroup" : "group");
      const label = labelOf(list);
      if (label) {
        list.setAttribute("aria-labelledby", label);
      } else if (!list.getAttribute("aria-label")) {
        const text = list.textContent.trim();
        list.setAttribute("aria-label", text.length < 80 ? text : "Options");
      }
    });
    root.querySelectorAll(".dash-options-list-option[role], .dash-options-list-option[aria-selected]")
      .forEach(function (option) {
        option.removeAttribute("role");
        option.removeAttribute("aria-selected");
      });
  }

  function fixDropdowns(root) {
    root.querySelectorAll("[aria-hidden='true']").forEach(function (hidden) {
      if (hidden.matches("input, button, a[href], select, textarea, [tabindex]")) {
        hidden.setAttribute("tabindex", "-1");
      }
      hidden.querySelectorAll("input, button, a[href], select, textarea").forEach(function (el) {
        el.setAttribute("tabindex", "-1");
      });
    });
  }

  function fixUpload(root) {
    root.querySelectorAll("input[type='file']:not([aria-label])").forEach(function (input) {
      input.setAttribute("aria-label", "Upload a file to add as a layer");
    });
  }

  function monthText(container, index) {
    const months = (container.getAttribute("data-months") || "").split(",");
    const label = months[index];
    if (!label) { return null; }
    const parts = label.split("-");
    return MONTHS[parseInt(parts[1], 10) - 1] + " " + parts[0];
  }

  function fixSliders(root) {
    root.querySelectorAll("[data-months]").forEach(function (container) {
      container.querySelectorAll("[role='slider']").forEach(function (thumb) {
        const text = monthText(container, parseInt(thumb.getAttribute("aria-valuenow"), 10));
        if (text && thumb.getAttribute("aria-valuetext") !== text) {
          thumb.setAttribute("aria-valuetext", text);
        }
        if (!thumb.getAttribute("aria-label")) {
          thumb.setAttribute("aria-label", container.getAttribute("data-slider-label") || "Month");
        }
      });
    });
  }

  function fixOtherSliders(root) {
    root.querySelectorAll("[role='slider']:not([aria-label]):not([aria-labelledby])")
      .forEach(function (thumb) {
        const label = labelOf(thumb);
        if (label) { thumb.setAttribute("aria-labelledby", label); }
      });
  }

  function fixEvents(root) {
    const strip = root.querySelector("#event-strip");
    if (!strip || strip.getAttribute("data-roving") === "on") { return; }
    const ticks = Array.from(strip.querySelectorAll("button"));
    if (!ticks.length) { return; }
    strip.setAttribute("data-roving", "on");
    strip.setAttribute("role", "toolbar");
    ticks.forEach(function (tick, index) { tick.setAttribute("tabindex", index === 0 ? "0" : "-1"); });
    strip.addEventListener("keydown", function (event) {
      const all = Array.from(strip.querySelectorAll("button"));
      const at = all.indexOf(document.activeElement);
      if (at < 0) { return; }
      const moves = {ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1,
                     Home: -all.length, End: all.length};
      if (!(event.key in moves)) { return; }
      event.preventDefault();
      const next = Math.max(0, Math.min(all.length - 1, at + moves[event.key]));
      all[at].setAttribute("tabindex", "-1");
      all[next].setAttribute("tabindex", "0");
      all[next].focus();
    });
  }

  let queued = false;
  function fixAll() {
    queued = false;
    const root = document.body;
    fixLists(root);
    fixDropdowns(root);
    fixUpload(root);
    fixSliders(root);
    fixOtherSliders(root);
    fixEvents(root);
  }

  function start() {
    fixAll();
    new MutationObserver(function () {
      if (!queued) { queued = true; window.requestAnimationFrame(fixAll); }
    }).observe(document.body, {subtree: true, childList: true, attributes: true,
                               attributeFilter: ["aria-valuenow", "role", "aria-hidden", "aria-selected"]});
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
