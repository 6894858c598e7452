// The web edition's one script (engine/web/markup.py). A formula wider than its line breaks
// as a typesetter would break it: after a comma, or before a relation (=, ≈, ⇒…) at its top
// level, never at a plus or minus (a line «2λw ≈ …» would read as an equation of its own):
// it becomes pieces that wrap like words. One that cannot break (a matrix, an aligned
// derivation), or whose pieces still do not fit, is set smaller, down to FLOOR of its size;
// what still does not fit scrolls inside its own box, with a shadow at the edge that hides
// more, and takes the keyboard's focus. Without the script the page still reads: the page
// itself scrolls instead.
"use strict";

const FLOOR = 0.8;
const MATHML = "http://www.w3.org/1998/Math/MathML";
const BREAK_AFTER = new Set([",", ";"]);
const BREAK_BEFORE = new Set(["=", "≈", "⇒", "→", "←", "≤", "≥", "<", ">", "∈", "≠"]);
const BOXES = 'math[display="block"], .wide, table, .answer, figure, .broken, .stacked td';
const brokenFormulas = []; // [pieces, the formula they replace]: put back on a resize

function blockAround(element) {
  let box = element.parentElement;
  while (getComputedStyle(box).display.startsWith("inline")) box = box.parentElement;
  return box;
}

function tooWide(formula) {
  if (formula.getAttribute("display") === "block") return formula.scrollWidth > formula.clientWidth;
  return formula.getBoundingClientRect().width > blockAround(formula).clientWidth;
}

// the formula's top-level terms, cut after a comma and before a relation; null if uncut
function pieces(formula) {
  const row = formula.querySelector(":scope > semantics > mrow, :scope > mrow");
  if (row === null) return null;
  const cut = [[]];
  const terms = [...row.children];
  terms.forEach((term, k) => {
    const text = term.localName === "mo" ? term.textContent.trim() : "";
    const piece = cut[cut.length - 1];
    if (BREAK_BEFORE.has(text) && piece.length > 0) cut.push([term]);
    else piece.push(term);
    if (BREAK_AFTER.has(text) && k < terms.length - 1) cut.push([]);
  });
  return cut.length > 1 ? cut : null;
}

function breakFormula(formula) {
  const cut = pieces(formula);
  if (cut === null) return false;
  const display = formula.getAttribute("display") === "block";
  const holder = document.createElement(display ? "div" : "span");
  holder.className = display ? "broken" : "broken-inline";
  holder.setAttribute("role", "math");
  holder.setAttribute("aria-label", formula.querySelector("annotation")?.textContent ?? "");
  cut.forEach((terms, k) => {
    const piece = document.createElementNS(MATHML, "math");
    if (display) piece.setAttribute("displaystyle", "true");
    piece.setAttribute("aria-hidden", "true");
    piece.append(...terms.map((term) => term.cloneNode(true)));
    if (k > 0) holder.append(" ");
    holder.append(piece);
  });
  const kept = formula.parentElement.classList.contains("nobreak") ? formula.parentElement : null;
  formula.replaceWith(holder);
  if (kept !== null) {
    // the punctuation after the formula stays with its last piece, not with all of it
    kept.classList.replace("nobreak", "nobreak-broken");
    const last = holder.lastElementChild;
    const glued = document.createElement("span");
    glued.className = "nobreak";
    last.replaceWith(glued);
    glued.append(last, ...[...kept.childNodes].filter((node) => node !== holder));
  }
  brokenFormulas.push([holder, formula, kept]);
  return true;
}

function unbreak([holder, formula, kept]) {
  if (kept !== null) {
    const glued = holder.lastElementChild;
    kept.append(...[...glued.childNodes].slice(1));
    kept.classList.replace("nobreak-broken", "nobreak");
  }
  holder.replaceWith(formula);
}

function restore() {
  while (brokenFormulas.length > 0) unbreak(brokenFormulas.pop());
  for (const wide of document.querySelectorAll(".wide")) wide.classList.remove("wide");
  for (const formula of document.querySelectorAll("math, .broken")) formula.style.fontSize = "";
}

function fitToScreen() {
  restore();
  for (const formula of document.querySelectorAll("math")) {
    if (formula.closest(".broken, .broken-inline") === null && tooWide(formula)) {
      if (breakFormula(formula) && formula.getAttribute("display") === "inline") {
        const holder = brokenFormulas[brokenFormulas.length - 1][0];
        const room = blockAround(holder).clientWidth;
        const wide = [...holder.querySelectorAll("math")].some(
          (piece) => piece.getBoundingClientRect().width > room,
        );
        if (wide) unbreak(brokenFormulas.pop()); // a piece still too wide: a line of its own
        else continue;
      }
      if (formula.getAttribute("display") === "inline" && formula.isConnected) {
        const kept = formula.parentElement.classList.contains("nobreak");
        (kept ? formula.parentElement : formula).classList.add("wide"); // a line of its own
      }
    }
  }
  for (const box of document.querySelectorAll('math[display="block"], .wide, .broken')) {
    // not all of a formula scales with its font (its padding, its rules): close in on it
    let size = 1;
    while (box.scrollWidth > box.clientWidth && size > FLOOR) {
      size = Math.max(FLOOR, Math.min(size - 0.02, (size * box.clientWidth) / box.scrollWidth));
      box.style.fontSize = `${size * 100}%`;
    }
  }
  for (const box of document.querySelectorAll(BOXES)) {
    const scrolls = box.scrollWidth > box.clientWidth;
    box.classList.toggle("scrolls", scrolls); // the shadow: sideways only
    // a box that scrolls sideways scrolls up and down too, if a glyph's ink passes its edge
    if (scrolls || box.scrollHeight > box.clientHeight) {
      box.tabIndex = 0;
    } else {
      box.removeAttribute("tabindex");
    }
  }
}

document.addEventListener("DOMContentLoaded", fitToScreen);
window.addEventListener("load", fitToScreen); // the math font has arrived: widths changed
window.addEventListener("resize", fitToScreen);
