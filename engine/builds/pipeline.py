"""The pipeline, in order: solve each task, render its template into the ledger, assemble the
document, compile it, publish the outputs. Reads like a table of contents on purpose.
"""

from __future__ import annotations

import importlib
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from pylatex.utils import escape_latex

from engine import registry
from engine.builds import mistaken, walks
from engine.builds.fragments import Reuse
from engine.classroom import key, rubric
from engine.classroom.names import name_latex
from engine.errors import UserError
from engine.ledger import typed
from engine.ledger.claims import Ledger
from engine.ledger.symbols import Symbols
from engine.registry import Task
from engine.render.answers import Answers
from engine.render.templating import Rendered, Renderer
from engine.render.views import view
from engine.store.cache import Store, digest
from engine.store.publish import publish
from engine.tex.document import Metadata, SourceMap, assemble
from engine.tex.latex import compile_pdf
from engine.tex.warmup import Warmup

# The installed tree: engine/, solutions/ and templates/ side by side (a checkout or a wheel).
ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
RUBRIC = TEMPLATES / "rubric.toml"
CLOSING = ("summary.tex.j2", "rubric.tex.j2")  # the booklet's sections after the tasks
SHEETS_TOML, RUBRIC_TOML = "templates/sheets.toml", "templates/rubric.toml"  # as messages name them
CACHE_VARIABLE = "SOLUTION_MANUAL_CACHE"


def cache_dir(out: Path) -> Path:
    """Where a build into `out` keeps its reusable results (engine/store/cache.py): `out/.cache`,
    or the directory $SOLUTION_MANUAL_CACHE names, which builds into several output
    directories can share (entries are content-addressed, signed and written atomically)."""
    shared = os.environ.get(CACHE_VARIABLE)
    return Path(shared) if shared else out / ".cache"


_PROBE = ("probe", digest("probe"))
_WARNED: set[Path] = set()  # caches this process has already said it cannot use


def usable_store(cache: Path, stack: ExitStack) -> Store:
    """The store in `cache` if it gives back what it is given; else a private one for this
    build, removed with `stack`. A PDF takes its pictures and its format from a store: a
    build that could not keep them (a read-only cache, a key that is not a file) would
    silently draw them inline and come out different. Said once on stderr."""
    store = Store(cache)
    try:
        store.put(*_PROBE, b"ok")
        if store.get(*_PROBE) == b"ok":
            return store
        why = getattr(store, "unusable", None) or "it cannot be written"
    except OSError as err:
        why = f"{err.strerror or err}: {err.filename or cache}"
    if cache not in _WARNED:
        _WARNED.add(cache)
        print(
            f"warning: the cache {cache} cannot be used ({why}); this build uses a private "
            "one: the same PDF, made from scratch",
            file=sys.stderr,
            flush=True,
        )
    private = stack.enter_context(tempfile.TemporaryDirectory(prefix="solution-manual-cache-"))
    return Store(Path(private))


TITLES = {"booklet": "Решения задач", "problems": "Задачи"}


@dataclass(frozen=True)
class Booklet:
    tex: str
    ledger: Ledger
    source_map: SourceMap
    answers: Answers  # the boxed final answers, for the summary and the rubric
    task_texts: dict[str, str]  # each task's rendered LaTeX (a statement, in a problem sheet)


def given_data(task: Task, variant: int = 0, store: Store | None = None):
    """The task's data: the sheet's (variant 0) or its module's seeded variant (with a
    store, the pool's walk resumes from it: engine/builds/walks.py)."""
    module = importlib.import_module(task.module)
    variant = own_variant(task, variant)
    return walks.drawn(task, variant, store) if variant else module.PARAMS


def own_variant(task: Task, variant: int) -> int:
    """The variant as the task sees it: tasks without numbers to vary (formulas only) are
    the sheet's own (0) in every variant, and share their cached results."""
    if not variant:
        return 0  # without importing the module: a cached task of the sheet needs none
    return variant if hasattr(importlib.import_module(task.module), "variant") else 0


def solve(task: Task, variant: int = 0, store: Store | None = None):
    """(given data, result) of a task."""
    module = importlib.import_module(task.module)
    given = given_data(task, variant, store)
    return given, module.solve(given)


def symbols_of(task: Task) -> Symbols:
    """The symbols the task's solution module declares for its values (SYMBOLS)."""
    module = importlib.import_module(task.module)
    try:
        return Symbols(getattr(module, "SYMBOLS", {}))
    except ValueError as err:
        raise UserError(f"{Path(module.__file__).relative_to(ROOT)}: {err}") from None


@contextmanager
def blamed_on(task: Task, variant: int):
    """A crash while solving or showing a task is a bug in the generator, not the user's
    mistake: it keeps its traceback, with a note naming the task, the variant and the
    module, so that the report says where to look."""
    try:
        yield
    except UserError:
        raise
    except Exception as err:
        which = f"task {task.id}" + (f", variant {variant}" if variant else "")
        module = task.module.replace(".", "/") + ".py"
        err.add_note(
            f"{which} ({module}, templates/{task.template}): a bug in the generator, not in "
            "your input; please report it with this traceback"
        )
        raise


def varying_tasks(task_ids: list[str] | None = None) -> list[Task]:
    """The tasks whose solution module draws seeded variants."""
    return [
        t
        for t in registry.select(task_ids)
        if hasattr(importlib.import_module(t.module), "variant")
    ]


def variant_count(task_id: str, up_to: int) -> int:
    """How many distinct variants the task has, or `up_to` if at least that many."""
    draw = importlib.import_module(registry.select([task_id])[0].module).variant
    return draw.size(up_to) if hasattr(draw, "size") else up_to


def render(
    tasks: list[Task],
    progress: Callable[[str], None] = lambda _: None,
    kind: str = "booklet",
    variant: int = 0,
    store: Store | None = None,
    rendered_part: Callable[[str], None] = lambda _: None,
    student: str = "",
) -> Booklet:
    """The booklet (statements and solutions) or, with kind="problems", the statements only;
    for the sheet's numbers (variant 0) or a seeded variant, with a student's name on the cover
    if given. With a `store`, tasks whose inputs are unchanged since it was filled are neither
    solved nor rendered again."""
    problems = kind == "problems"
    ledger, answers = Ledger(), Answers()
    renderer = Renderer(TEMPLATES, ROOT, ledger, answers)
    reuse = Reuse(store, renderer.env)
    task_texts: dict[str, str] = {}
    results: dict[str, tuple] = {}

    def solved(task: Task) -> tuple:
        """(given, result): solved once per build, from the cache when there is one."""
        if task.id not in results:
            results[task.id] = reuse.solve(
                task, own_variant(task, variant), lambda: solve(task, variant, store)
            )
        return results[task.id]

    sheets = list(dict.fromkeys(task.sheet for task in tasks))
    parts = [
        renderer.render(
            "notation.tex.j2",
            sheets=sheets,
            parts={t.part for t in tasks},
            problems=problems,
            variant=variant,
        )
    ]
    current_sheet = current_part = None
    for n, task in enumerate(tasks, start=1):
        if task.sheet != current_sheet:
            current_sheet = task.sheet
            sheet = registry.sheet(task.sheet)
            credited = any(t.sheet == sheet.id and t.part == sheet.credit_part for t in tasks)
            parts.append(
                renderer.render("sheet.tex.j2", sheet=sheet, credited=credited, problems=problems)
            )
            renderer.typed[f"{SHEETS_TOML}: {sheet.id}"] = typed.in_content(
                f"{sheet.title} {sheet.origin}", SHEETS_TOML, "the sheet's title and origin"
            )
        if task.part != current_part:
            current_part = task.part
            part = next((p for p in sheet.parts if p.id == task.part), None)
            if part and part.heading:
                parts.append(renderer.render("part.tex.j2", part=part))
            if task.part_template and not problems:  # the introductions explain solutions
                parts.append(renderer.render(task.part_template))
        progress(f"[{n}/{len(tasks)}] {task.id}: solving and rendering")

        def rendered(task=task) -> Rendered:
            given, result = solved(task)
            answers.task = task.id
            symbols = symbols_of(task)
            try:
                return renderer.render(
                    task.template,
                    fills_task_frame=True,
                    task=task,
                    problems=problems,
                    given=view(task.id, given, "given", renderer.record_fact, symbols),
                    r=view(task.id, result, "", renderer.record_fact, symbols),
                )
            finally:
                answers.task = None

        with blamed_on(task, variant):
            parts.append(reuse.task(task, own_variant(task, variant), kind, renderer, rendered))
        rendered_part(parts[-1].text)
        task_texts[task.id] = parts[-1].text
    if not problems:
        parts += reuse.closing(
            [(task, own_variant(task, variant)) for task in tasks],
            CLOSING,
            (RUBRIC, key.KEY, key.RUBRIC, registry.SHEETS_FILE),  # as patched in tests, too
            renderer,
            lambda: closing_sections(renderer, tasks, variant, lambda task: solved(task)[1]),
        )
    numbered = f". Вариант {variant}" if variant else ""
    heading = f"{TITLES[kind]} {subject(tasks)}"
    title = heading + (rf"\\[6pt] \large Вариант {variant}" if variant else "")
    if student:  # the name as the roster spells it, never read as LaTeX
        title += rf"\\[4pt] \large {name_latex(student)}"
        numbered += f". {escape_latex(student)}"
    metadata = Metadata(heading + numbered, authors(tasks))
    tex, source_map = assemble(title, parts, metadata)
    ledger.typed = [number for numbers in renderer.typed.values() for number in numbers]
    return Booklet(tex, ledger, source_map, answers, task_texts)


def closing_sections(
    renderer: Renderer, tasks: list[Task], variant: int, result_of: Callable[[Task], object]
) -> list[Rendered]:
    """«Сводка ответов» and «Критерии оценивания», from the answers the tasks boxed and the
    typical mistakes their solutions compute (`result_of(task)`). Other readings of a sheet
    are credited only where the sheets themselves were handed out: a variant's statements
    carry the clarifications that fix the reading."""
    ids = [task.id for task in tasks]
    rubrics = rubric.load(RUBRIC, renderer.relative(str(RUBRIC)), ids, renderer.answers)
    declared = key.load_mistakes(RUBRIC, RUBRIC_TOML)
    titles = {(t, item.item): item.title for t, r in rubrics.items() for item in r.items}
    typical = mistaken.shown(tasks, result_of, key.load(), declared, symbols_of, titles)
    sheets = [registry.sheet(s) for s in dict.fromkeys(task.sheet for task in tasks)]
    totals = {s.id: sum(rubrics[t.id].total for t in tasks if t.sheet == s.id) for s in sheets}
    context = {
        "tasks": tasks,
        "sheets": sheets,
        "answers": renderer.answers,
        "rubrics": rubrics,
        "totals": totals,  # points per sheet
        "sheets_handed_out": variant == 0,
        "mistakes": typical,
    }
    points = " ".join(f"{item.points} {item.partial}" for r in rubrics.values() for item in r.items)
    shares = (f" {m.keeps} {m.part} {m.text}" for m in declared if m.task in ids)
    points += " ".join(shares)  # a share in per cent, as the page prints it: 33,3
    sums = " ".join(map(str, [*totals.values(), *(r.total for r in rubrics.values())]))
    renderer.typed[RUBRIC_TOML] = typed.in_content(points, RUBRIC_TOML, "the rubric's points")
    renderer.typed[f"{RUBRIC_TOML}: totals"] = typed.in_content(
        sums, RUBRIC_TOML, "the sum of the rubric's points for a task or a sheet"
    )
    return [renderer.render(t, **context) for t in CLOSING]


def subject(tasks: list[Task]) -> str:
    """What the tasks built are about, for the title: each sheet's or part's subject, once."""
    return "по " + " и ".join(dict.fromkeys(task.subject for task in tasks))


def authors(tasks: list[Task]) -> str:
    """Who set the sheets the tasks come from, for the PDF's author field."""
    sheets = dict.fromkeys(task.sheet for task in tasks)
    return "; ".join(registry.sheet(sheet).author for sheet in sheets)


def outputs(
    booklet: Booklet,
    out_dir: Path,
    name: str = "booklet",
    pdf: bool = False,
    progress: Callable[[str], None] = lambda _: None,
    store: Store | None = None,
    siblings: Path | None = None,
) -> dict[Path, bytes | str]:
    """The files of one document, ready to publish: the .tex, for the booklet claims.json (the
    problem sheet's claims are a subset) and, with `pdf`, the compiled PDF."""
    files: dict[Path, bytes | str] = {out_dir / f"{name}.tex": booklet.tex}
    if name == "booklet":
        files[out_dir / "claims.json"] = booklet.ledger.to_json()
    if pdf:
        started = time.perf_counter()
        progress(f"compiling {name}.tex with latexmk")
        work_dir = out_dir / f".latex-{name}"
        others = [] if siblings is None else similar_builds(siblings, name)
        compiled = compile_pdf(booklet.tex, work_dir, booklet.source_map, name, store, others)
        files[out_dir / f"{name}.pdf"] = compiled
        progress(f"compiled {name}.pdf in {time.perf_counter() - started:.1f} s")
    return files


def similar_builds(root: Path, name: str) -> list[Path]:
    """Work directories of `name` documents in `root` and its subdirectories (the sheet's and
    the variants', or the students')."""
    return [root / f".latex-{name}", *root.glob(f"*/.latex-{name}")]


def build(
    tasks: list[Task],
    out_dir: Path,
    pdf: bool,
    problems: bool,
    variant: int = 0,
    progress: Callable[[str], None] = lambda _: None,
    cache: Path | None = None,
    siblings: Path | None = None,
    publisher: Callable[[dict[Path, bytes | str]], object] = publish,
    prove: Callable[[Ledger, int, Store | None], list[str]] | None = None,
    companions: Callable[[dict, Store | None], dict] | None = None,
) -> Booklet:
    """The booklet and, with `problems`, the problem sheet, published together once all are
    ready: a failure anywhere changes none of the previous outputs. `prove` (cli/proof.py)
    checks the booklet's claims while TeX compiles; if it raises, nothing is published.
    `cache`: a directory of reusable results (engine/store/cache.py; a private one if it
    cannot be used), or None to draw pictures inline (a layout check that reads their overruns
    in the log: a PDF to publish always has a cache, or its bytes would differ). `siblings`:
    where other variants are built, to start from their cross-references. `publisher` writes
    the files (a cluster's worker hands them to the client). `companions` makes more files
    from the documents' LaTeX ({path: text}) while the claims are proven (the web edition).
    The two are typeset at once (latexmk runs in a process of its own: threads suffice)."""
    with ExitStack() as stack:
        store = usable_store(cache, stack) if cache is not None else None
        steps = (publisher, prove, companions)
        return _build(tasks, out_dir, pdf, problems, variant, progress, store, siblings, *steps)


def _build(
    tasks, out_dir, pdf, problems, variant, progress, store, siblings, publisher, prove, more
):
    lock = threading.Lock()

    def told(message: str) -> None:  # one whole line at a time from any thread
        with lock:
            progress(message)

    warmup = Warmup(store, told) if (pdf or more) and store is not None else None
    documents: dict[str, Booklet] = {}
    shown = warmup.pictures_in if warmup is not None else lambda _: None
    try:
        for kind in ["booklet", "problems"] if problems else ["booklet"]:
            documents[kind] = render(tasks, told, kind, variant, store, shown)
    except BaseException:
        if warmup is not None:
            warmup.abandon()  # a failed build does not wait for pictures nobody will see
        raise
    if warmup is not None:
        warmup.ready([document.tex for document in documents.values()])
    with ThreadPoolExecutor(len(documents) + 1) as pool:
        made = [
            pool.submit(outputs, document, out_dir, name, pdf, told, store, siblings)
            for name, document in documents.items()
        ]
        if more is not None:
            texts = {out_dir / f"{name}.tex": d.tex for name, d in documents.items()}
            made.append(pool.submit(more, texts, store))
        if prove is not None:  # in this thread while TeX runs; a failure waits for it, then stops
            proven = prove(documents["booklet"].ledger, variant, store)
            if proven:
                told(f"proved the claims of {len(proven)} task(s) against their oracles")
        files: dict[Path, bytes | str] = {}
        for future in made:
            files |= future.result()
    publisher(files)
    return documents["booklet"]
