// The web edition's one script (engine/web/markup.py). A formula wider than the screen is
// set smaller, down to FLOOR of its size, to fit; one that still does not fit, and a table
// or box that does not, scrolls inside its own box: a shadow at the edge shows there is more,
// and the box takes the keyboard's focus, so that a reader without a touch screen can scroll
// it too. Without the script the page still reads: the page itself scrolls instead.
"use strict";

const FLOOR = 0.8;
const BOXES = 'math[display="block"], .wide, table, .answer, figure';

function blockAround(element) {
  let box = element.parentElement;
  while (getComputedStyle(box).display.startsWith("inline")) box = box.parentElement;
  return box;
}

function fitToScreen() {
  for (const wide of document.querySelectorAll(".wide")) wide.classList.remove("wide");
  for (const formula of document.querySelectorAll("math")) formula.style.fontSize = "";
  // an inline formula too wide for its line: a line of its own (with the punctuation it
  // is kept with), which scrolls
  for (const formula of document.querySelectorAll('math[display="inline"]')) {
    if (formula.getBoundingClientRect().width > blockAround(formula).clientWidth) {
      const kept = formula.parentElement.classList.contains("nobreak");
      (kept ? formula.parentElement : formula).classList.add("wide");
    }
  }
  for (const formula of document.querySelectorAll('math[display="block"], .wide')) {
    // not all of a formula scales with its font (its padding, its rules): close in on it
    let size = 1;
    while (formula.scrollWidth > formula.clientWidth && size > FLOOR) {
      size = Math.max(FLOOR, Math.min(size - 0.02, (size * formula.clientWidth) / formula.scrollWidth));
      formula.style.fontSize = `${size * 100}%`;
    }
  }
  for (const box of document.querySelectorAll(BOXES)) {
    const scrolls = box.scrollWidth > box.clientWidth;
    box.classList.toggle("scrolls", scrolls);
    if (scrolls) {
      box.tabIndex = 0;
    } else {
      box.removeAttribute("tabindex");
    }
  }
}

document.addEventListener("DOMContentLoaded", fitToScreen);
window.addEventListener("load", fitToScreen); // the math font has arrived: widths changed
window.addEventListener("resize", fitToScreen);
