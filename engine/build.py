"""The pipeline, in order: solve each task, render its template into the ledger, assemble the
document, compile it, publish the outputs. Reads like a table of contents on purpose.
"""
from __future__ import annotations

import importlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from engine import diagrams, graphs, grids, plots, registry
from engine.claims import Ledger
from engine.document import assemble
from engine.latex import compile_pdf, write_atomically
from engine.registry import Task
from engine.templating import Rendered, Renderer
from engine.views import view

REPO = Path(__file__).resolve().parent.parent
TEMPLATES = REPO / "templates"
TITLES = {
    "booklet": r"Решения задач по обратному распространению ошибки и матричному дифференцированию",
    "problems": r"Задачи по обратному распространению ошибки и матричному дифференцированию",
}


@dataclass(frozen=True)
class Booklet:
    tex: str
    ledger: Ledger
    source_map: object  # engine.document.SourceMap


def given_data(task: Task, variant: int = 0):
    """The task's data: the sheet's (variant 0) or its module's seeded variant. Tasks without
    numbers to vary (formulas only) are the same in every variant."""
    module = importlib.import_module(task.module)
    if variant and hasattr(module, "variant"):
        return module.variant(variant)
    return module.PARAMS


def solve(task: Task, variant: int = 0):
    """(given data, result) of a task."""
    module = importlib.import_module(task.module)
    given = given_data(task, variant)
    return given, module.solve(given)


def render(tasks: list[Task], progress: Callable[[str], None] = lambda _: None,
           kind: str = "booklet", variant: int = 0) -> Booklet:
    """The booklet (statements and solutions) or, with kind="problems", the statements only;
    for the sheet's numbers (variant 0) or a seeded variant."""
    problems = kind == "problems"
    ledger = Ledger()
    renderer = Renderer(TEMPLATES, REPO, ledger)
    renderer.env.globals["network"] = partial(diagrams.network, renderer.show)
    renderer.env.globals["graph"] = partial(graphs.computational_graph, renderer.show)
    renderer.env.globals["curves"] = partial(plots.curves, renderer.show)
    renderer.env.globals["conv_window"] = partial(grids.conv_window, renderer.show)
    renderer.env.globals["regions"] = partial(plots.regions, renderer.show)
    parts: list[Rendered] = []
    current_sheet = current_part = None
    for n, task in enumerate(tasks, start=1):
        if task.sheet != current_sheet:
            current_sheet = task.sheet
            parts.append(renderer.render("sheet.tex.j2", sheet=registry.sheet(task.sheet)))
        if task.part != current_part:
            current_part = task.part
            if task.part is not None and not problems:  # the parts' introductions explain solutions
                parts.append(renderer.render(registry.PARTS[task.part]))
        progress(f"[{n}/{len(tasks)}] {task.id}: solving and rendering")
        given, result = solve(task, variant)
        parts.append(
            renderer.render(
                task.template,
                task=task,
                problems=problems,
                given=view(task.id, given, "given"),
                r=view(task.id, result, ""),
            )
        )
    title = TITLES[kind] + (rf"\\[6pt] \large Вариант {variant}" if variant else "")
    tex, source_map = assemble(title, parts)
    return Booklet(tex, ledger, source_map)


def write_tex(booklet: Booklet, out_dir: Path, name: str = "booklet") -> None:
    write_atomically(out_dir / f"{name}.tex", booklet.tex)
    if name == "booklet":  # the problem sheet's claims are a subset of the booklet's
        write_atomically(out_dir / "claims.json", booklet.ledger.to_json())


def write_pdf(booklet: Booklet, out_dir: Path, progress: Callable[[str], None],
              name: str = "booklet") -> Path:
    """Compile; only on success publish the .tex, claims.json and the PDF together."""
    started = time.perf_counter()
    progress(f"compiling {name}.tex with latexmk")
    pdf = compile_pdf(booklet.tex, out_dir / f".latex-{name}", booklet.source_map, name)
    write_tex(booklet, out_dir, name)
    target = out_dir / f"{name}.pdf"
    write_atomically(target, pdf.read_bytes())
    progress(f"compiled in {time.perf_counter() - started:.1f} s")
    return target


def build_variant(job: tuple) -> list:
    """One variant into out_root/variant-N/ (a process pool's unit of work): its claims."""
    variant, task_ids, pdf, problems, out_root = job
    tasks = registry.select(list(task_ids))
    out = Path(out_root) / f"variant-{variant}"
    booklet = render(tasks, variant=variant)
    for kind in ["booklet", "problems"] if problems else ["booklet"]:
        document = booklet if kind == "booklet" else render(tasks, kind=kind, variant=variant)
        if pdf:
            write_pdf(document, out, lambda _: None, kind)
        else:
            write_tex(document, out, kind)
    return list(booklet.ledger)


def answer_key(variants: list[tuple[int, list]], out_root: Path, pdf: bool) -> list[Path]:
    """answer-key.csv (every claim of every variant) and, with pdf, answer-key.pdf (the key
    answers as answer_key.tex.j2 selects them)."""
    from engine.variants import key_rows, write_key_csv

    written = [out_root / "answer-key.csv"]
    write_key_csv(key_rows(variants), written[0])
    renderer = Renderer(TEMPLATES, REPO, Ledger())
    shown = [(n, {claim.id: claim.latex for claim in claims}) for n, claims in variants]
    part = renderer.render("answer_key.tex.j2", variants=shown)
    tex, source_map = assemble(r"Ключ ответов по вариантам", [part], contents=False)
    if pdf:
        key = compile_pdf(tex, out_root / ".latex-answer-key", source_map, "answer-key")
        write_atomically(out_root / "answer-key.pdf", key.read_bytes())
        written.append(out_root / "answer-key.pdf")
    return written
