"""A task's statement as HTML for an LMS: the problem sheet's LaTeX converted by pandoc, with
mathematics left for MathJax (`\\( … \\)`, `\\[ … \\]`) and every TikZ picture as a PNG image.

pandoc reads LaTeX but not what babel's Russian adds (`"---` for a dash, `<<…>>` for
quotation marks) nor our boxes; those are rewritten first. The pictures are the problem
sheet's own: typeset once (engine/tex/pictures.py, with the same cache) and rasterized by
poppler's `pdftoppm`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pypandoc

from engine.errors import UserError
from engine.store.cache import Store
from engine.tex import pictures, preamble
from engine.tex.document import Metadata, assemble
from engine.tex.latex import tex_environment
from engine.web.latex_for_pandoc import MACROS, without_babel

_CONDITION = r"\subsubsection*{Условие}"
_BOX = re.compile(r"\\begin\{clarification\}(.*?)\\end\{clarification\}", re.S)
_PART = "MOODLEPART"  # markers pandoc keeps as paragraphs of their own
_DRAWN = "MOODLEPICTURE"
_RESOLUTION_DPI = 150
KIND = "picture-png"


@dataclass(frozen=True)
class Image:
    name: str  # the file's name in the question (`@@PLUGINFILE@@/<name>`)
    png: bytes


@dataclass(frozen=True)
class Statement:
    html: str
    images: tuple[Image, ...]


def statements(texts: list[str], store: Store) -> list[Statement]:
    """The HTML of each statement (a task's text in the problem sheet), converted together:
    pandoc starts once, not once per question."""
    part = preamble.dumped_part(assemble("", [], Metadata("", ""))[0])
    prepared, drawn = [], []
    for k, text in enumerate(texts):
        body, found = _prepared(text, k)
        prepared.append(body)
        drawn.append(found)
    pictures.prepare_drawn(
        [(part, source) for found in drawn for source in found], store, tex_environment()
    )
    joined = MACROS + "\n\n".join(f"{_PART}{k}\n\n{body}" for k, body in enumerate(prepared))
    try:
        html = pypandoc.convert_text(joined, "html", format="latex", extra_args=["--mathjax"])
    except (RuntimeError, OSError) as err:
        raise UserError(f"pandoc could not convert the statements: {err}") from None
    pieces = re.split(rf"<p>{_PART}(\d+)</p>\s*", html)
    by_part = {int(pieces[i]): pieces[i + 1].strip() for i in range(1, len(pieces), 2)}
    made = []
    for k, found in enumerate(drawn):
        images = tuple(
            _image(part, source, store, f"picture-{n + 1}.png") for n, source in enumerate(found)
        )
        text = by_part.get(k, "")
        for n, image in enumerate(images):
            alt = "рисунок из условия" if len(images) == 1 else f"рисунок {n + 1} из условия"
            tag = f'<img src="@@PLUGINFILE@@/{image.name}" alt="{alt}" />'
            text = text.replace(f"<p>{_DRAWN}{k}x{n}</p>", f"<p>{tag}</p>")
        made.append(Statement(text, images))
    return made


def _prepared(text: str, k: int) -> tuple[str, list[str]]:
    """The statement and clarification of a task's text, in LaTeX pandoc reads, and the
    pictures it draws (replaced by markers)."""
    start = text.find(_CONDITION)
    body = text[start + len(_CONDITION) :] if start >= 0 else text
    body = without_babel(body)  # which MathJax does not know either
    body = _BOX.sub(lambda m: "\n\n\\textbf{Уточнение к условию.} " + m.group(1) + "\n\n", body)
    found = pictures.drawn_in(body)
    for n, source in enumerate(found):
        body = body.replace(source, f"\n\n{_DRAWN}{k}x{n}\n\n", 1)
    body = re.sub(r"\\begin\{center\}|\\end\{center\}", "", body)
    return body, found


def _image(part: str, source: str, store: Store, name: str) -> Image:
    command = ["pdftoppm", "-png", "-r", str(_RESOLUTION_DPI), "-singlefile"]
    command += ["picture.pdf", "picture"]
    png = pictures.converted(part, source, store, KIND, command, "picture.png")
    return Image(name, png)
