"""One document of the web edition: `<name>.html` beside `style.css` and `pictures/*.svg`,
a page that works offline and from any web server (no script, no network at view time).

pandoc turns the document's LaTeX (rewritten: engine/web/latex_for_pandoc.py) into HTML with
MathML, which browsers render themselves; a formula pandoc cannot convert stops the build
(`--fail-if-warnings`) rather than reach a reader as TeX source. Each TikZ picture is the
PDF's own (typeset once and cached: engine/tex/pictures.py), drawn as SVG by poppler's
`pdftocairo` and kept in the cache too. The page is then finished for a browser
(engine/web/markup.py): landmarks, the pictures' sizes, the script beside the style sheet.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pypandoc

from engine.errors import UserError
from engine.render.figures.described import ALT
from engine.store.cache import Store
from engine.tex import pictures, preamble
from engine.tex.latex import tex_environment
from engine.web import fonts, markup
from engine.web.latex_for_pandoc import pandoc_source

STYLE = Path(__file__).with_name("style.css")
KIND = "picture-svg"
_TO_SVG = ["pdftocairo", "-svg", "picture.pdf", "picture.svg"]
_DRAWN = "WEBPICTURE"  # a marker pandoc keeps as a paragraph of its own
_DECIMAL_POINT = re.compile(r"<mn>(\d+)\.(\d+)</mn>")  # latex_for_pandoc.DECIMAL's, back


DOCUMENTS = ("booklet", "problems")


def companion(out: Path):
    """A build's companion step (engine/builds/pipeline.py `companions`): the web page of each
    document, made from its LaTeX while the claims are proven and published with the build."""
    return lambda texts, store: editions(texts, out, store)


def editions(files: dict, out: Path, store: Store) -> dict[Path, bytes | str | None]:
    """The web pages (out/html/) of the documents among a build's `files` ({path: content},
    as a build hands them to its publisher); None for a file of an earlier edition to remove."""
    made: dict[Path, bytes | str | None] = {}
    for name in DOCUMENTS:
        tex = files.get(out / f"{name}.tex")
        if tex is not None:
            made |= edition(tex, name, store, out / "html")
    # a picture an earlier build drew and this one does not: removed as the pages are published
    made |= {old: None for old in (out / "html" / "pictures").glob("*.svg") if old not in made}
    return made


def edition(tex: str, name: str, store: Store, out_dir: Path) -> dict[Path, bytes | str]:
    """{path: content} of the page `name`.html made from the document `tex`, its pictures and
    the style sheet, ready to publish with the other outputs."""
    part = preamble.dumped_part(tex)
    drawn = list(dict.fromkeys(pictures.drawn_in(tex))) if part is not None else []
    for n, source in enumerate(drawn):
        tex = tex.replace(source, f"\n\n{_DRAWN}{n}\n\n")
    # pandoc, fontTools and poppler run in processes of their own, beside each other
    with ThreadPoolExecutor(3) as pool:
        converted = pool.submit(_converted, pandoc_source(tex))
        font = pool.submit(fonts.math_font, store)
        pictures.prepare_drawn([(part, source) for source in drawn], store, tex_environment())
        svgs = [
            pool.submit(pictures.converted, part, source, store, KIND, _TO_SVG, "picture.svg")
            for source in drawn
        ]
        files: dict[Path, bytes | str] = {
            out_dir / shipped.name: shipped.read_text(encoding="utf-8")
            for shipped in (STYLE, markup.SCRIPT)
        }
        files |= {out_dir / path: data for path, data in font.result().items()}
        page = _DECIMAL_POINT.sub(r"<mn>\1,\2</mn>", converted.result())
        for n, (source, svg) in enumerate(zip(drawn, svgs, strict=True)):
            path = f"pictures/{pictures.key_of(part, source)[:20]}.svg"
            files[out_dir / path] = svg.result()
            figure = markup.figure(path, files[out_dir / path], _described(source))
            page = page.replace(f"<p>{_DRAWN}{n}</p>", figure)
    files[out_dir / f"{name}.html"] = markup.finished(page)
    return files


def _converted(tex: str) -> str:
    arguments = ["--mathml", "--standalone", "--toc", "--toc-depth=2", "--fail-if-warnings"]
    arguments += ["--metadata=lang:ru", "--css=style.css", "--reference-location=block"]
    try:
        return pypandoc.convert_text(tex, "html5", format="latex", extra_args=arguments)
    except (RuntimeError, OSError) as err:
        shown = re.sub(r"\s+", " ", str(err))[:600]
        raise UserError(f"pandoc could not make the web page: {shown}") from None


def _described(source: str) -> str:
    """A picture's alternative text: the description its figure helper wrote from the data
    (engine/render/figures/described.py), then the labels it prints, in its order."""
    found = _DESCRIPTION.search(source)
    labels = ", ".join(label for label in map(_plain, _LABEL.findall(source)) if label)
    parts = [_plain(found.group(1))] if found else []
    parts += [f"Подписи: {labels}."] if labels else []
    return " ".join(["Рисунок.", *parts])


_DESCRIPTION = re.compile("^" + re.escape(ALT) + "(.*)$", re.M)
_LABEL = re.compile(r"node[^{;]*\{((?:[^{}]|\{[^{}]*\})*)\}")  # a node's text, one brace deep
_SYMBOLS = {"times": "×", "cdot": "·", "Sigma": "Σ", "sigma": "σ", "ldots": "…", "to": "→"}
_SYMBOLS |= {"le": "≤", "ge": "≥", "partial": "∂", "nabla": "∇", "gamma": "γ", "ell": "ℓ"}
_SYMBOLS |= {name: name for name in ("tanh", "ln", "log", "exp", "det", "tr", "max", "min")}
_SUPERSCRIPT = str.maketrans("0123456789+-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻")
_SUBSCRIPT = str.maketrans("0123456789+-", "₀₁₂₃₄₅₆₇₈₉₊₋")
_SCRIPT = re.compile(r"([\^_])(?:\{([0-9+-]+)\}|([0-9]))")
_HAT = re.compile(r"\\hat\s*\{?([A-Za-z])\}?")


def _plain(label: str) -> str:
    """LaTeX of a label as plain text a screen reader reads: ŷ, w¹₁₁, u₃², −1."""
    label = label.replace("{,}", ",")
    label = _HAT.sub("\\1\u0302", label)
    label = _SCRIPT.sub(
        lambda m: (m[2] or m[3]).translate(_SUPERSCRIPT if m[1] == "^" else _SUBSCRIPT), label
    )
    label = re.sub(r"\^\{([^{}]{2,})\}", r"^(\1)", label)  # x^{l-1}: x^(l−1); x^{l}: x^l
    label = re.sub(r"\\([a-zA-Z]+)", lambda m: _SYMBOLS.get(m.group(1), ""), label)
    label = re.sub(r"-(?=\d)|(?<=\s)-(?=\s)|(?<![\w])-(?=[A-Za-z(])", "−", label)
    return re.sub(r"\s+", " ", re.sub(r"[${}_]", "", label)).strip()
