// The web edition's one script (engine/web/markup.py): a formula, table or figure wider than
// the screen scrolls inside its own box; such a box takes the keyboard's focus, so that a
// reader without a touch screen or a mouse can scroll it too. Without the script the page
// still reads: the page itself scrolls instead.
"use strict";

function blockAround(element) {
  let box = element.parentElement;
  while (getComputedStyle(box).display.startsWith("inline")) box = box.parentElement;
  return box;
}

function fitToScreen() {
  for (const formula of document.querySelectorAll('math[display="inline"]')) {
    formula.classList.remove("wide");
    if (formula.getBoundingClientRect().width > blockAround(formula).clientWidth) {
      formula.classList.add("wide");
    }
  }
  const boxes = 'math[display="block"], math.wide, table, figure, .answer';
  for (const box of document.querySelectorAll(boxes)) {
    if (box.scrollWidth > box.clientWidth) {
      box.tabIndex = 0;
    } else {
      box.removeAttribute("tabindex");
    }
  }
}

document.addEventListener("DOMContentLoaded", fitToScreen);
window.addEventListener("resize", fitToScreen);
