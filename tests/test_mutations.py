"""The proof under mutation: every mutant of the shipped templates and solution modules
(tests/mutants.py: a swapped claim, a typed number, a changed constant, a dropped factor) is
caught, by the build itself or by the suite, and no build that exits 0 publishes it unseen.

Each mutant is judged in this process, nothing written into the working tree:

* **build**: what `generate.py --pdf` refuses. The mutated task(s) are rendered as the build
  renders them (`pipeline.render` reading a copy of templates/ that holds the mutant, or with
  the mutated solution module executed in place of the real one and the modules importing it
  imported afresh), typed numbers checked, and proven as it proves them (`cli/proof.py`,
  variant 0; a task whose claims did not change stays proven, as from the build's cache). A
  template error, a typed number, a claim problem and a crash (exit 3) all stop it.
  A test runs the real `generate.py --tex` on two of them as well.
* **suite**: the build passes, but the booklet.tex, problems.tex or variant 1's or 7's booklet
  it renders differs from the real tree's (tests/test_golden.py holds them in tests/golden/; a
  hand-typed value reads the same in the sheets' booklet only), or a claim of one of the
  seeded variants the suite or CI's `make stress` proves is disputed (tests/test_pdf.py,
  `generate.py --stress`).
* **missed**: neither, and some variant of a class (1..CLASS) reads otherwise than the real
  tree's: a build that exits 0 would publish a false page.
* **equivalent**: the build publishes exactly what the real tree does, for the sheets and for
  every variant of a class: a solution mutant with the same text and claims of equal values
  (a tolerance, a digit count, a factor that is 1 on these numbers), or a value typed by hand
  that every variant prints there anyway (ReLU's 1, a seed that is 1 by definition).
  Reported, and counted neither caught nor missed.

Mutants are made where the sheets' booklet shows them: `\\VAR{}`s and constants its page
prints, solution lines its solving runs. The default run samples SAMPLE mutants per kind
(fixed seed) from two tasks, default_tasks(); `pytest -m stress tests/test_mutations.py` runs
the whole battery: every task and the shared solution modules (about 12 minutes on 2 cores).
The score by kind and channel is printed (`pytest tests/test_mutations.py -n0 -s`) and is in
every failure's message, with each mutant missed as path:line: 'before' -> 'after'.
"""

from __future__ import annotations

import ast
import functools
import importlib
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import types
import warnings
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import pytest

from checks import seeds, verify
from cli.proof import prove
from engine import registry
from engine.builds import pipeline
from engine.errors import UserError
from engine.ledger.claims import Ledger
from engine.registry import task_stem
from engine.render import figures
from engine.render.templating import Renderer
from engine.render.views import ClaimRef
from engine.store.cache import Store
from tests import mutants
from tests.conftest import REPO
from tests.test_golden import GOLDEN_VARIANTS
from tests.trees import copy_tree

SEED = 20261201
SAMPLE = {"swap": 2, "typed": 3, "constant": 2, "drop": 2}  # per task of the default run
FORMS = {"typed": ("printed", "wrong", "sentence"), "constant": ("template", "solution")}
SOLUTIONS = REPO / "solutions"
SHARED = sorted(p for p in SOLUTIONS.glob("*.py") if p.name not in ("__init__.py", "variety.py"))
_REAL_SOLVE = pipeline.solve
# the variants the suite proves (tests/test_pdf.py) and CI's `make stress` proves
SUITE_SEEDS = sorted({7, *seeds.stress_seeds(seeds.DEFAULT_STRESS)})
CLASS = 30  # a typed value no variant of a class reads otherwise is no false statement


@dataclass(frozen=True)
class Verdict:
    channel: str  # build, suite, missed, or equivalent
    why: str


@dataclass(frozen=True)
class Baseline:
    """What the real tree's build renders and proves for some tasks."""

    tex: str
    ledger: Ledger
    signatures: dict  # task -> its claims (id, kind, exact, value): what its proof is keyed by
    lines: frozenset  # the (template, line)s that wrote some of the text


# --- the real tree, once per process ------------------------------------------------------


@functools.cache
def solved(task_id: str):
    """(given, result) of the sheet's numbers, and the solution lines solving runs:
    {absolute path: {line, ...}}."""
    module = importlib.import_module(registry.select([task_id])[0].module)
    ran: dict[str, set[int]] = {}

    def line(frame, event, _):
        if event == "line":
            ran.setdefault(frame.f_code.co_filename, set()).add(frame.f_lineno)
        return line

    def call(frame, event, _):
        return line if _in_solutions(frame.f_code.co_filename) else None

    before = sys.gettrace()
    sys.settrace(call)
    try:
        result = module.solve(module.PARAMS)
    finally:
        sys.settrace(before)
    lines = {os.path.realpath(name): found for name, found in ran.items()}
    return module.PARAMS, result, lines


@functools.cache
def _in_solutions(filename: str) -> bool:
    return Path(os.path.realpath(filename)).is_relative_to(SOLUTIONS)


def _sheet_solve(task, variant: int = 0, store=None):
    return solved(task.id)[:2] if variant == 0 else _REAL_SOLVE(task, variant, store)


def _signatures(ledger) -> dict:
    found: dict[str, list] = {}
    for c in ledger:
        found.setdefault(c.task, []).append((c.id, c.kind, c.exact, str(c.value)))
    return {task: tuple(claims) for task, claims in found.items()}


@functools.cache
def baseline(task_ids: tuple[str, ...]) -> Baseline:
    tasks = registry.select(list(task_ids))
    with templates_with(None, ""):
        booklet = pipeline.render(tasks)
    try:
        prove(booklet.ledger, 0, _proofs())
    except UserError as err:
        pytest.fail(f"the real tree does not build, so no mutant can be judged:\n{err}")
    parts = booklet.source_map.parts
    lines = frozenset((o.template, o.line) for p in parts for line in p.lines for o in line)
    return Baseline(booklet.tex, booklet.ledger, _signatures(booklet.ledger), lines)


def _proofs() -> Store | None:
    """The run's shared cache (tests/conftest.py), where the real tree's proofs may already
    be, as they are in a build's cache; none outside pytest."""
    shared = os.environ.get(pipeline.CACHE_VARIABLE)
    return Store(Path(shared)) if shared else None


@functools.cache
def problems(task_ids: tuple[str, ...]) -> str:
    with templates_with(None, ""):
        return pipeline.render(registry.select(list(task_ids)), kind="problems").tex


@functools.cache
def shown(task_id: str) -> dict[int, str]:
    """What each `\\VAR{}` of the task's template prints on the sheets' page (by offset)."""
    task = registry.select([task_id])[0]
    path = f"templates/{task.template}"
    source, pattern = mutants.marked((REPO / path).read_text(encoding="utf-8"))
    show = Renderer.show

    def claimed(self, value):  # what a claim prints is marked too: only a claim is typed
        shown = show(self, value)
        return mutants.CLAIM + shown if isinstance(value, ClaimRef) else shown

    def unmarked_figures(bound_show):  # a figure reads its numbers as numbers: not marked
        return bind_figures(functools.partial(show, bound_show.__self__))

    bind_figures = figures.bound
    # the markers are letters, but they stand next to numbers the typed check reads
    with (
        templates_with(path, source),
        mock.patch.object(Renderer, "check_typed_numbers"),
        mock.patch.object(Renderer, "show", claimed),
        mock.patch.object(figures, "bound", unmarked_figures),
    ):
        return mutants.printed(pipeline.render([task]).tex, pattern)


# --- the mutants ------------------------------------------------------------------------


@functools.cache
def mutants_of(task_id: str) -> tuple[mutants.Mutant, ...]:
    """Every mutant of the task's template and of its own solution module."""
    task = registry.select([task_id])[0]
    template, module = f"templates/{task.template}", f"solutions/{task_stem(task_id)}.py"
    base = baseline((task_id,))
    constants: dict[int, set[str]] = {}  # of the template, on the lines the sheets' page shows
    for number in base.ledger.typed:
        place = (number.template, number.line)
        if number.rule == "constant" and number.template == template and place in base.lines:
            constants.setdefault(number.line, set()).add(number.text)
    source = (REPO / template).read_text(encoding="utf-8")
    claims = {claim.id: claim for claim in base.ledger}
    found = mutants.template_mutants(task_id, template, source, claims, shown(task_id), constants)
    ran = solved(task_id)[2].get(str(REPO / module), set())
    code = (REPO / module).read_text(encoding="utf-8")
    return (*found, *mutants.solution_mutants(module, code, dict.fromkeys(ran, (task_id,))))


@functools.cache
def shared_mutants() -> tuple[mutants.Mutant, ...]:
    """Mutants of solutions/*.py that tasks share (forms, nets, ...), on the lines the
    sheets' solving runs, each for the tasks that run its line."""
    found = []
    for path in SHARED:
        runs: dict[int, list[str]] = {}
        for task in registry.select(None):
            for line in solved(task.id)[2].get(str(path), ()):
                runs.setdefault(line, []).append(task.id)
        relative = str(path.relative_to(REPO))
        code = path.read_text(encoding="utf-8")
        found += mutants.solution_mutants(relative, code, {n: tuple(t) for n, t in runs.items()})
    return tuple(found)


def task_order() -> list[str]:
    ids = [task.id for task in registry.select(None)]
    random.Random(SEED).shuffle(ids)
    return ids


def default_tasks() -> list[str]:
    """The tasks the default run samples: in task_order(), the first of each sheet."""
    sheets, firsts = {task.id: task.sheet for task in registry.TASKS}, {}
    for task_id in task_order():
        firsts.setdefault(sheets[task_id], task_id)
    return list(firsts.values())


def sample(task_id: str) -> list[tuple[mutants.Mutant, Verdict]]:
    """SAMPLE[kind] mutants of each kind that change the task's page (or all it has), drawn
    with a fixed seed, alternating the kind's forms; equivalent ones met on the way are kept
    beside them."""
    rng, judged = random.Random(f"{SEED}:{task_id}"), []
    for kind, size in SAMPLE.items():
        forms, counted = FORMS.get(kind, (None,)), 0
        pool = [m for m in mutants_of(task_id) if m.kind == kind]
        rng.shuffle(pool)
        while pool and counted < size:
            mutant = next((m for m in pool if m.form == forms[counted % len(forms)]), pool[0])
            pool.remove(mutant)
            judged.append((mutant, verdict(mutant)))
            counted += judged[-1][1].channel != "equivalent"
    return judged


# --- judging a mutant -------------------------------------------------------------------


@contextmanager
def templates_with(path: str | None, source: str):
    """The build reads a copy of templates/ in which `path` holds `source`; solving gives the
    sheets' results (a template mutant does not change them)."""
    with tempfile.TemporaryDirectory(prefix="mutant-") as tmp:
        root = Path(tmp)
        shutil.copytree(REPO / "templates", root / "templates")
        if path is not None:
            (root / path).write_text(source, encoding="utf-8")
        with (
            mock.patch.object(pipeline, "TEMPLATES", root / "templates"),
            mock.patch.object(pipeline, "ROOT", root),
            mock.patch.object(pipeline, "solve", _sheet_solve),
        ):
            yield


@functools.cache
def _importers() -> dict[str, set[str]]:
    """solutions module -> the solutions modules that import it, directly or not."""
    direct: dict[str, set[str]] = {}
    for path in SOLUTIONS.rglob("*.py"):
        name = ".".join(path.relative_to(REPO).with_suffix("").parts)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                used = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                used = [a.name for a in node.names]
            else:
                continue
            for module in used:
                direct.setdefault(module, set()).add(name)
    closed = {}
    for module in direct:
        seen, todo = set(), [module]
        while todo:
            for user in direct.get(todo.pop(), ()):
                if user not in seen:
                    seen.add(user)
                    todo.append(user)
        closed[module] = seen
    return closed


@contextmanager
def solutions_with(path: str, source: str):
    """The module at `path` executed from `source` in place of the real one, and every
    solutions module importing it imported afresh (so it imports the mutant); the real
    modules are back afterwards."""
    name = ".".join(Path(path).with_suffix("").parts)
    saved = {k: m for k, m in sys.modules.items() if k == "solutions" or k.startswith("solutions.")}
    try:
        for stale in {name} | _importers().get(name, set()):
            if sys.modules.pop(stale, None) is not None:
                parent, _, child = stale.rpartition(".")
                vars(sys.modules[parent]).pop(child, None)  # `from solutions import x` imports
        module = types.ModuleType(name)
        module.__file__, module.__package__ = str(REPO / path), name.rpartition(".")[0]
        sys.modules[name] = module
        setattr(sys.modules[module.__package__], name.rpartition(".")[2], module)
        exec(compile(source, module.__file__, "exec"), vars(module))
        yield
    finally:
        for k in [k for k in sys.modules if k.startswith("solutions.") and k not in saved]:
            del sys.modules[k]
        sys.modules.update(saved)
        for k, module in saved.items():
            parent, _, child = k.rpartition(".")
            if parent in saved:
                setattr(saved[parent], child, module)


@functools.cache
def verdict(mutant: mutants.Mutant) -> Verdict:
    """Which channel catches the mutant (module docstring)."""
    tasks = registry.select(list(mutant.tasks))
    base = baseline(mutant.tasks)
    built = _build(mutant, tasks, base)
    if isinstance(built, Verdict):
        return built
    booklet, sheet = built
    if booklet.tex != base.tex:
        return Verdict("suite", "tests/golden/booklet.tex differs")
    if sheet != problems(mutant.tasks):
        return Verdict("suite", "tests/golden/problems.tex differs")
    varying = tuple(t for t in tasks if hasattr(importlib.import_module(t.module), "variant"))
    golden = {seed: _real_variant(varying, seed).tex for seed in GOLDEN_VARIANTS} if varying else {}
    proven = {s: _signatures(_real_variant(varying, s).ledger) for s in SUITE_SEEDS if varying}
    renders: dict = {}  # the mutated tree's variants, rendered once for both questions
    with _tree(mutant), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        disputed = _variants_disputed(tasks, golden, proven, renders)
    if disputed:
        return Verdict("suite", disputed)
    if mutant.path.startswith("solutions/") and _same_values(booklet.ledger, base.ledger):
        return Verdict("equivalent", "the same booklet, problem sheet and values")
    reals = {s: _real_variant(varying, s).tex for s in range(1, CLASS + 1)} if varying else {}
    with _tree(mutant), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            unseen = _differs_in_a_class(varying, reals, renders)
        except _StopsTheBuild as stop:
            return Verdict("build", str(stop))
    if not unseen:  # typed by hand, but what every variant of a class prints there anyway
        return Verdict("equivalent", f"variants 1-{CLASS} read as the real tree's")
    return Verdict("missed", f"the build exits 0, the golden files match; {unseen} differs")


def _tree(mutant: mutants.Mutant):
    in_templates = mutant.path.startswith("templates/")
    return (templates_with if in_templates else solutions_with)(mutant.path, mutant.source())


def _build(mutant: mutants.Mutant, tasks, base: Baseline):
    """The build's verdict on the mutated tree, or (booklet, problem sheet's text) if it
    passes (the problem sheet only when the booklet reads as the real one)."""
    stage = "importing"
    try:
        with _tree(mutant), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a mutant's overflow is its own business
            stage = "rendering"
            booklet = pipeline.render(tasks)
            now = _signatures(booklet.ledger)
            # as from the build's cache: a task whose claims did not change stays proven
            changed = {t.id for t in tasks if now.get(t.id) != base.signatures.get(t.id)}
            stage = "proving"
            if changed:
                prove(booklet.ledger.only(changed), 0, None)
            stage = "rendering"
            sheet = pipeline.render(tasks, kind="problems").tex if booklet.tex == base.tex else ""
            return booklet, sheet
    except UserError as err:
        return Verdict("build", str(err).splitlines()[0])
    except Exception as err:
        if mutant.path.startswith("templates/") and stage != "proving":
            raise  # a template's mistake is a UserError: this is the harness's or a bug
        return Verdict("build", f"a crash {stage} ({type(err).__name__}: {err}): exits 3"[:160])


def _variants_disputed(tasks, golden: dict[int, str], proven: dict, renders: dict) -> str | None:
    """The first problem the proven seeded variants show (tests/test_pdf.py proves variant 7,
    CI's `generate.py --stress` seeds 1..DEFAULT_STRESS and the regression seeds), for the
    tasks with a variant pool. A variant whose claims are the real tree's (`proven`: their
    signatures) stays proven, as the build's cache keeps a proof by its claims."""
    varying = tuple(t for t in tasks if hasattr(importlib.import_module(t.module), "variant"))
    for seed, real in golden.items():
        try:
            if _mutated(renders, varying, seed).tex != real:
                return f"tests/golden/variant-{seed}.tex differs"
        except Exception as err:  # the golden test fails on it as well, and so would a class
            return f"tests/golden/variant-{seed}.tex: {type(err).__name__}: {err}"[:160]
    for seed, signatures in proven.items():
        try:
            ledger = _mutated(renders, varying, seed).ledger
            found = [] if _signatures(ledger) == signatures else verify.failures(ledger)
        except Exception as err:  # the proof fails on it as well
            found = [f"{type(err).__name__}: {err}"]
        if found:
            return f"generate.py --stress, variant {seed}: {found[0]}"[:160]
    return None


def _mutated(renders: dict, varying: tuple, seed: int):
    """Variant `seed` of `varying` as the mutated tree renders it (kept in `renders`)."""
    if (varying, seed) not in renders:
        renders[varying, seed] = pipeline.render(list(varying), variant=seed)
    return renders[varying, seed]


@functools.cache
def _real_variant(tasks: tuple, seed: int):
    """A variant of `tasks` as the real tree renders it (tests/golden/variant-N.tex)."""
    return pipeline.render(list(tasks), variant=seed)


def _differs_in_a_class(varying: tuple, reals: dict[int, str], renders: dict) -> str:
    """The first of variants 1..CLASS whose booklet the mutated tree renders otherwise than
    the real one (`reals`; "" if none: the mutant changes nothing a class reads)."""
    for seed, real in reals.items():
        try:
            if _mutated(renders, varying, seed).tex != real:
                return f"variant {seed}"
        except Exception as err:  # that variant's build stops (exit 1 or 3): seen, not missed
            raise _StopsTheBuild(f"variant {seed}: {type(err).__name__}: {err}"[:160]) from err
    return ""


class _StopsTheBuild(Exception):
    """A class's variant the mutated tree cannot build: the build catches the mutant."""


def _same_values(ledger: Ledger, real: Ledger) -> bool:
    """The same claims with the same values: written alike, or numbers equal by the proof's
    own comparison (checks/verify.py; e^a/(1 + e^a) is 1/(1 + e^-a))."""
    if [(c.id, c.kind) for c in ledger] != [(c.id, c.kind) for c in real]:
        return False
    return all(
        ledger[c.id].exact == c.exact
        or (c.kind in ("number", "matrix") and verify.equal(ledger.exact(c.id), real.exact(c.id)))
        for c in real
    )


def score(judged: list[tuple[mutants.Mutant, Verdict]]) -> str:
    """The table by kind and channel, how the build caught its share, every mutant missed
    and every equivalent one."""
    counts = Counter((m.kind, v.channel) for m, v in judged)
    rows = ["kind       build  suite  missed | equivalent"]
    for kind in mutants.KINDS:
        numbers = [counts[kind, c] for c in ("build", "suite", "missed", "equivalent")]
        rows.append(f"{kind:9} {numbers[0]:6} {numbers[1]:6} {numbers[2]:7} | {numbers[3]:10}")
    caught = sum(v.channel in ("build", "suite") for _, v in judged)
    counted = sum(v.channel != "equivalent" for _, v in judged)
    rows.append(f"caught {caught}/{counted} = {caught / max(counted, 1):.1%}")
    how = Counter(_how(v) for _, v in judged if v.channel != "equivalent")
    rows.append(", ".join(f"{n} {what}" for what, n in sorted(how.items())))
    rows += [f"MISSED {m}" for m, v in judged if v.channel == "missed"]
    rows += [f"equivalent: {m}" for m, v in judged if v.channel == "equivalent"]
    return "\n".join(rows)


def _how(v: Verdict) -> str:
    if v.channel == "suite":
        return "suite: variants" if "variant" in v.why else "suite: golden"
    if v.channel != "build":
        return v.channel
    if "is typed in the text" in v.why or "declared but never typed" in v.why:
        return "build: typed number"
    return "build: crash (exit 3)" if v.why.startswith("a crash") else "build: proof or template"


def assert_caught(judged: list[tuple[mutants.Mutant, Verdict]]) -> None:
    table = score(judged)
    print("\n" + table)
    counted = [m for m, v in judged if v.channel != "equivalent"]
    missed = [m for m, v in judged if v.channel == "missed"]
    assert counted, "no mutant to judge"
    # no false statement published by a build that exits 0: what the build passes, the golden
    # files (or the suite's variants) must show
    assert not missed, f"the build exits 0 on these mutants and the suite sees nothing:\n{table}"
    assert len(counted) - len(missed) >= 0.95 * len(counted), table


# --- the tests ----------------------------------------------------------------------------


@pytest.mark.slow
def test_the_harness_changes_nothing_by_itself():
    """A mutant that edits nothing passes the build and renders as the real tree, in the
    sheets' booklet and in every variant of a class (equivalent): the copy of
    templates/, the module executed in place and the fresh imports of the modules that use it
    add no difference that would pass for a caught mutant."""
    task = registry.select([default_tasks()[1]])[0]
    user = next(t.id for t in registry.select(None) if t.module in _importers()["solutions.nets"])
    for path, task_id in (
        (f"templates/{task.template}", task.id),
        (f"solutions/{task_stem(task.id)}.py", task.id),
        ("solutions/nets.py", user),
    ):
        source = (REPO / path).read_text(encoding="utf-8")
        null = mutants.Mutant("constant", "null", path, 1, 0, 0, "", (task_id,), source)
        assert verdict(null).channel == "equivalent", (path, verdict(null))


@pytest.mark.parametrize(
    "which", [0, pytest.param(1, marks=pytest.mark.slow)], ids=lambda n: f"task {n + 1}"
)
def test_a_sample_of_every_kind_is_caught(which):
    """SAMPLE mutants per kind of one of default_tasks(): each caught by the build or the
    suite (`-s -n0` prints the score)."""
    started = time.perf_counter()
    task_id = default_tasks()[which]
    judged = sample(task_id)
    assert_caught(judged)
    # every kind found (typed numbers need a page that prints numbers)
    kinds = set(mutants.KINDS) - ({"typed"} if which else set())
    assert {m.kind for m, _ in judged} == kinds, task_id
    print(f"{task_id}: {len(judged)} mutants judged in {time.perf_counter() - started:.1f} s")


@pytest.mark.slow
def test_the_real_build_refuses_a_mutant_and_publishes_nothing(tmp_path):
    """End to end, as a user runs it: `generate.py --tex` on a copy of the tree holding a
    mutant the battery says the build refuses (a changed constant the typed-number check
    stops; a dropped factor the proof stops) exits 1 with the message the battery read and
    publishes neither booklet.tex nor claims.json."""
    task_id = default_tasks()[1]
    picked = {}
    for mutant in mutants_of(task_id):
        if mutant.form in ("template", "operand") and mutant.form not in picked:
            found = verdict(mutant)
            if found.channel == "build" and not found.why.startswith("a crash"):
                picked[mutant.form] = mutant
    assert set(picked) == {"template", "operand"}, task_id
    runs = []
    for form, mutant in picked.items():
        tree = copy_tree(tmp_path / form)
        (tree / mutant.path).write_text(mutant.source(), encoding="utf-8")
        command = [sys.executable, "generate.py", "--tex", "--only", task_id, "--out", "out", "-q"]
        runs.append((mutant, tree, subprocess.Popen(command, cwd=tree, stderr=subprocess.PIPE)))
    for mutant, tree, process in runs:
        stderr = process.communicate(timeout=120)[1].decode()
        assert process.returncode == 1, (str(mutant), stderr)
        assert verdict(mutant).why in stderr, (str(mutant), stderr)
        assert "Traceback" not in stderr
        assert not (tree / "out/booklet.tex").exists(), str(mutant)
        assert not (tree / "out/claims.json").exists(), str(mutant)


@pytest.mark.stress
@pytest.mark.parametrize("task_id", [task.id for task in registry.select(None)])
def test_every_mutant_of_a_task_is_caught(task_id):
    """The whole battery of one task: its template and its own solution module."""
    assert_caught([(m, verdict(m)) for m in mutants_of(task_id)])


@pytest.mark.stress
def test_every_mutant_of_the_shared_solution_modules_is_caught():
    """solutions/forms.py, nets.py, ...: each mutant judged on every task that runs its line."""
    assert_caught([(m, verdict(m)) for m in shared_mutants()])
