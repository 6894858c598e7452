"""The web edition in a real browser: Debian's Chromium, driven by Playwright, at a phone's
width and a desktop's. The page is the real build's (`pdf_build`: `--pdf --problems --html`).
Screenshots of two tasks at both widths are kept in SCREENSHOTS (CI uploads them)."""

from __future__ import annotations

import functools
import http.server
import itertools
import os
import shutil
import threading
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(os.environ.get("SCREENSHOTS_DIR", REPO / "build" / "screenshots"))
PHONE, DESKTOP = 390, 1280
WIDTHS = [PHONE, DESKTOP]
SHOWN_TASKS = ["hse7.2", "ranepa3.5"]  # a figure and a matrix derivation
# this machine has no network: Chromium must not try to reach Google's hosts at start
_QUIET = ["--disable-background-networking", "--disable-component-update", "--disable-sync"]
_QUIET += ["--no-first-run", "--disable-quic", "--disable-gpu", "--no-sandbox"]


@pytest.fixture(scope="module")
def browser():
    if shutil.which("chromium") is None:
        pytest.fail("chromium is missing: run `make test`, which installs it (scripts/setup.sh)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=_QUIET)
        yield launched
        launched.close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *_) -> None:
        pass


@pytest.fixture(scope="module")
def site(pdf_build):
    """The real build's web edition served over HTTP on localhost, as a web server would
    (axe-core reads the style sheets, which a file:// page forbids): a page's name -> URL."""
    handler = functools.partial(_Quiet, directory=str(pdf_build[0] / "html"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield lambda name: f"http://127.0.0.1:{server.server_address[1]}/{name}.html"
    server.shutdown()


class Visit:
    """A page opened at one width, with what went wrong while it loaded."""

    def __init__(self, browser, url: str, width: int, dark: bool = False):
        self.page = browser.new_page(
            viewport={"width": width, "height": 844},
            color_scheme="dark" if dark else "light",
        )
        self.problems: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.problems.append(f"script: {error}"))
        self.page.on("requestfailed", lambda request: self.problems.append(request.url))
        self.page.goto(url, wait_until="load")

    def _console(self, message) -> None:
        if message.type in ("error", "warning"):
            self.problems.append(f"{message.type}: {message.text}")

    def __getattr__(self, name):
        return getattr(self.page, name)


@pytest.fixture(scope="module", params=WIDTHS, ids=lambda width: f"{width}px")
def visit(request, browser, site):
    opened = Visit(browser, site("booklet"), request.param)
    yield opened
    opened.page.close()


def test_the_page_loads_without_errors_and_fits_the_screen(visit):
    assert not visit.problems
    width, inner = visit.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    assert width <= inner, "the page scrolls sideways"
    # what lets a box overflow: the page itself must not hide it
    clipped = visit.evaluate(
        "[document.documentElement, document.body].map(e => getComputedStyle(e).overflowX)"
    )
    assert clipped == ["visible", "visible"]
    offenders = visit.evaluate(
        """Array.from(document.querySelectorAll('main *')).filter(e => {
             if (e.getBoundingClientRect().right <= innerWidth + 0.5) return false;
             for (let p = e.parentElement; p; p = p.parentElement)
               if (getComputedStyle(p).overflowX !== 'visible') return false;
             return true;
           }).slice(0, 5).map(e => e.outerHTML.slice(0, 120))"""
    )
    assert not offenders


def test_the_formulas_are_drawn_in_the_pages_own_math_font(visit):
    """Shipped with the page (engine/web/fonts.py): not whatever the phone has."""
    faces = visit.evaluate(
        """Array.from(document.fonts).filter(f => f.family.replace(/"/g, '') === 'Booklet Math')
             .map(f => f.status)"""
    )
    assert faces == ["loaded"]
    family = visit.evaluate("getComputedStyle(document.querySelector('math')).fontFamily")
    assert family.startswith('"Booklet Math"')


def test_every_box_that_scrolls_takes_the_keyboard(visit):
    unreachable = visit.evaluate(
        """Array.from(document.querySelectorAll('main *')).filter(e => {
             const style = getComputedStyle(e), scrolling = ['auto', 'scroll'];
             const across = scrolling.includes(style.overflowX) && e.scrollWidth > e.clientWidth;
             const down = scrolling.includes(style.overflowY) && e.scrollHeight > e.clientHeight;
             return (across || down) && e.tabIndex < 0; }).length"""
    )
    assert unreachable == 0


def test_a_long_table_is_a_list_of_cards_each_cell_under_its_label(visit):
    shown = visit.evaluate(
        """Array.from(document.querySelectorAll('.stacked td[data-label]'))
             .filter(cell => cell.textContent.trim()).map(cell =>
             [getComputedStyle(cell).display,
              getComputedStyle(cell, '::before').content.replace(/^"|"$/g, '')
                === cell.dataset.label + ': '])"""
    )
    assert shown
    assert {display for display, _ in shown} == {"block"}
    assert all(labelled for _, labelled in shown)


def test_a_formula_wider_than_its_line_breaks_after_a_comma_or_before_a_relation(visit):
    """page.js: its top-level terms become pieces that wrap like words, each ending at a comma
    or the next beginning with a relation; never at a plus or minus, where a new line would
    read as an equation of its own. The formula's TeX is the pieces' spoken label."""
    broken = visit.evaluate(
        """Array.from(document.querySelectorAll('.broken, .broken-inline')).map(b => ({
             label: b.getAttribute('aria-label'),
             pieces: Array.from(b.querySelectorAll(':scope > math, :scope > .nobreak > math'))
               .map(m => [m.firstElementChild.textContent.trim(),
                          m.lastElementChild.textContent.trim()])}))"""
    )
    if visit.evaluate("innerWidth") == PHONE:
        assert len(broken) > 10
    for formula in broken:
        assert formula["label"]
        pieces = formula["pieces"]
        assert len(pieces) > 1
        for (_, end), (start, _) in itertools.pairwise(pieces):
            assert end in ",;" or start in "=≈⇒→←≤≥<>∈≠", (formula["label"], end, start)


def test_a_formula_that_does_not_fit_is_set_smaller_or_shows_that_it_scrolls(visit):
    """Smaller down to 80 % of its size (page.js); below that it scrolls with a shadow."""
    formulas = visit.evaluate(
        """Array.from(document.querySelectorAll('math[display="block"], .broken')).map(f => ({
             size: parseFloat(getComputedStyle(f).fontSize)
               / parseFloat(getComputedStyle(f.parentElement).fontSize),
             over: f.scrollWidth > f.clientWidth, cue: f.classList.contains('scrolls')}))"""
    )
    assert min(f["size"] for f in formulas) >= 0.8 - 0.01
    for formula in formulas:
        assert formula["over"] == formula["cue"]
        if formula["size"] > 0.81:
            assert not formula["over"]  # it would have been set smaller first


def test_every_figure_loads_whole_on_the_screen_and_opens_alone(visit):
    figures = visit.evaluate(
        """Array.from(document.images).map(i => ({src: i.getAttribute('src'), done: i.complete,
             natural: i.naturalWidth, right: i.getBoundingClientRect().right,
             link: i.parentElement.getAttribute('href')}))"""
    )
    assert figures
    width = visit.evaluate("innerWidth")
    for figure in figures:
        assert figure["done"], figure["src"]
        assert figure["natural"] > 0, figure["src"]
        assert figure["right"] <= width, figure  # seen whole; pinch to zoom in
        assert figure["link"] == figure["src"]  # or opened alone, at its own size


def test_the_text_is_at_a_readable_size(visit):
    smallest = visit.evaluate(
        """Math.min(...Array.from(document.querySelectorAll('main p, main li, main td'))
             .map(e => parseFloat(getComputedStyle(e).fontSize)))"""
    )
    assert smallest >= 14


def test_every_summary_link_lands_on_its_answer(visit):
    links = visit.locator('a[href^="#answer:"]')
    count = links.count()
    assert count > 0
    for n in range(count):
        link = links.nth(n)
        target = link.get_attribute("href")[1:]
        link.click()
        top = visit.evaluate(
            "id => document.getElementById(id).getBoundingClientRect().top", target
        )
        assert -1 <= top < visit.evaluate("innerHeight"), target  # scrolled to it


def test_screenshots_of_two_tasks(visit):
    """Kept for a reader of the CI run (build/screenshots/, an artifact)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    width = visit.evaluate("innerWidth")
    for task in SHOWN_TASKS:
        visit.evaluate("id => document.getElementById(id).scrollIntoView()", f"task:{task}")
        path = SCREENSHOTS / f"{task}-{width}px.png"
        visit.screenshot(path=str(path))
        assert path.stat().st_size > 10_000  # a page, not a blank


@pytest.mark.slow
def test_every_accent_is_drawn(browser, site):
    """Each accent over a letter (ŷ, x̄) changes the pixels where it stands: Chromium dropped
    four combining hats of the page while drawing the others."""
    opened = Visit(browser, site("booklet"), PHONE)
    undrawn = []
    for n in range(opened.evaluate("document.querySelectorAll('mover').length")):
        box = opened.evaluate(
            """n => { const over = document.querySelectorAll('mover')[n];
                 over.scrollIntoView({block: 'center'});
                 const r = over.getBoundingClientRect();
                 return {x: r.left, y: r.top, width: r.width, height: r.height}; }""",
            n,
        )
        if box["width"] < 1 or box["x"] < 0 or box["x"] + box["width"] > PHONE:
            continue  # in the hidden part of a box that scrolls
        shown = opened.screenshot(clip=box)
        opened.evaluate(
            "n => document.querySelectorAll('mover')[n].lastElementChild.style.visibility"
            " = 'hidden'",
            n,
        )
        if opened.screenshot(clip=box) == shown:
            undrawn.append(n)
    opened.page.close()
    assert not undrawn


def _serious(violations: list[dict]) -> list[tuple[str, str]]:
    return [
        (violation["id"], violation["nodes"][0]["html"][:200])
        for violation in violations
        if violation["impact"] in ("serious", "critical")
    ]


@pytest.mark.slow
@pytest.mark.parametrize("width", WIDTHS, ids=lambda width: f"{width}px")
@pytest.mark.parametrize("name", ["booklet", "problems"])
def test_axe_finds_no_serious_accessibility_violation(browser, site, name, width):
    """Every rule of axe-core but colour contrast (below, which depends on the style sheet
    alone, not on the width)."""
    from axe_playwright_python.sync_playwright import Axe

    opened = Visit(browser, site(name), width)
    options = {"resultTypes": ["violations"], "rules": {"color-contrast": {"enabled": False}}}
    found = Axe().run(opened.page, options=options).response["violations"]
    opened.page.close()
    assert not _serious(found)


@pytest.mark.slow
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_axe_finds_enough_contrast_in_light_and_dark_mode(browser, site, dark):
    """A formula's glyphs take the colour of the text around them; checking each MathML
    element would take minutes, so the formulas are left out of this rule alone."""
    from axe_playwright_python.sync_playwright import Axe

    opened = Visit(browser, site("booklet"), PHONE, dark)
    found = (
        Axe()
        .run(
            opened.page,
            context={"exclude": [["math"]]},
            options={"resultTypes": ["violations"], "runOnly": ["color-contrast"]},
        )
        .response["violations"]
    )
    opened.page.close()
    assert not _serious(found)
