"""Reusing a task's solve result and rendered text across builds (store/cache.py keeps them).

* A **solve result** is keyed by the source of the task's module and of every module of
  `solutions/` it imports (followed through their imports), the variant, and the Python and
  locked dependency versions: the data and the result are pure functions of these.
* A **rendered task** (its text, where each line came from, the claims and answers it
  recorded, the numbers its templates type) is keyed by its solve key, the engine's source,
  the kind of document, and the source of every template it reads (its own, the frame it
  extends, the macros it imports).
* The booklet's **closing sections** («Сводка ответов», «Критерии оценивания») are keyed by
  every task's solve key (the typical mistakes come from its result) and boxed answers, the
  source of their templates and the data files they read (the rubric, the key, the sheets):
  an edit to a task's statement or derivation leaves them be, one to a boxed answer not.

After an edit only the tasks whose inputs changed are solved or rendered again; the others
add exactly what their earlier rendering added, in the same order, so the ledger and the
`.tex` equal those of a full build (tests/test_fragments.py proves it, across an edit and a
revert).
"""

from __future__ import annotations

import ast
import importlib.util
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path

import jinja2
from jinja2 import meta

from engine.ledger.claims import Recorded
from engine.registry import Task
from engine.render.answers import Alternative, Answers, Final
from engine.render.templating import Rendered, Renderer
from engine.store.cache import Store, digest

ROOT = Path(__file__).resolve().parents[2]
_VERSION = "2"  # of the entries' layout: a change here makes every old entry a miss


@dataclass(frozen=True)
class Fragment:
    rendered: Rendered
    recorded: Recorded
    finals: tuple[Final, ...]
    alternatives: tuple[Alternative, ...]
    typed: tuple = ()  # (template path, the numbers it types), as checked when rendered


@dataclass(frozen=True)
class Closing:
    rendered: tuple[Rendered, ...]
    recorded: Recorded
    typed: tuple  # (path, numbers): its templates' and the data files' they print


class Reuse:
    """One build's way to the cache; with no store, everything is computed afresh."""

    def __init__(self, store: Store | None, env: jinja2.Environment):
        self.store, self.env = store, env

    def solve(self, task: Task, variant: int, compute: Callable[[], tuple]) -> tuple:
        """(given, result), from the cache when the task's code and variant are unchanged."""
        if self.store is None:
            return compute()
        key = solve_key(task.module, variant, self.store)
        found = self.store.load("solve", key)
        if isinstance(found, tuple) and len(found) == 2:
            return found
        solved = compute()
        self.store.dump("solve", key, solved)
        return solved

    def task(
        self,
        task: Task,
        variant: int,
        kind: str,
        renderer: Renderer,
        render: Callable[[], Rendered],
    ) -> Rendered:
        """The task's rendered text; its claims, answers and typed numbers added to the
        renderer's, as rendering it would add them (its templates' numbers checked first)."""
        ledger, answers = renderer.ledger, renderer.answers
        key = self._fragment_key(task, variant, kind)
        found = self.store.load("fragment", key) if key is not None else None
        if isinstance(found, Fragment):
            renderer.admit_typed(dict(found.typed))
            ledger.extend(found.recorded)
            answers.finals += found.finals
            answers.alternatives += found.alternatives
            return found.rendered
        typed = renderer.check_typed_numbers(task.template)
        mark = ledger.mark()
        rendered = render()
        finals, alternatives = answers.of(task.id)
        recorded = ledger.since(mark)
        if key is not None and recorded is not None:
            fragment = Fragment(
                rendered, recorded, tuple(finals), tuple(alternatives), tuple(typed.items())
            )
            self.store.dump("fragment", key, fragment)
        return rendered

    def closing(
        self,
        solved: list[tuple[Task, int]],
        templates: tuple[str, ...],
        data: tuple[Path, ...],
        renderer: Renderer,
        render: Callable[[], list[Rendered]],
    ) -> list[Rendered]:
        """The closing sections after the tasks (each with the variant it was solved for),
        rendered by `render` from `templates` and the files `data`: from the cache when the
        tasks' results and boxed answers, the templates and the files are unchanged (an edit
        to a task's text elsewhere leaves them be)."""
        key = self._closing_key(solved, templates, data, renderer.answers)
        found = self.store.load("closing", key) if key is not None else None
        if isinstance(found, Closing):
            renderer.admit_typed(dict(found.typed))
            renderer.ledger.extend(found.recorded)
            return list(found.rendered)
        before, mark = set(renderer.typed), renderer.ledger.mark()
        rendered = render()
        recorded = renderer.ledger.since(mark)
        if key is not None and recorded is not None:
            typed = tuple((p, n) for p, n in renderer.typed.items() if p not in before)
            self.store.dump("closing", key, Closing(tuple(rendered), recorded, typed))
        return rendered

    def _closing_key(self, solved, templates, data, answers: Answers) -> str | None:
        if self.store is None:
            return None
        sources = [template_sources(self.env, name, self.store) for name in templates]
        if None in sources:
            return None
        return digest(
            _VERSION,
            "closing",
            engine_digest(),
            *(f"{path}\0{_text(path)}" for path in data),
            *(part for found in sources for part in found),
            *(
                f"{task!r}\0{variant}\0{solve_key(task.module, variant, self.store)}"
                for task, variant in solved
            ),
            repr(answers.finals),
            repr(answers.alternatives),
        )

    def _fragment_key(self, task: Task, variant: int, kind: str) -> str | None:
        if self.store is None:
            return None
        templates = template_sources(self.env, task.template, self.store)
        if templates is None:
            return None
        return digest(
            _VERSION,
            solve_key(task.module, variant, self.store),
            engine_digest(),
            kind,
            repr(task),  # its id, title and part (templates/sheets.toml)
            *templates,
        )


def _text(path: Path) -> str:
    """A data file's text; "" for one the course does not keep (key.toml is optional)."""
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return ""


def template_sources(env: jinja2.Environment, name: str, store: Store) -> list[str] | None:
    """Name and source of each template `name` reads, itself first; None when one is named by
    an expression (not known before rendering) or does not load: render and find out."""
    seen: dict[str, str] = {}
    waiting = [name]
    try:
        while waiting:
            current = waiting.pop()
            if current in seen:
                continue
            source = env.loader.get_source(env, current)[0]
            seen[current] = source
            referenced = _memo(store, "references", source, partial(_references, env))
            if None in referenced:
                return None
            waiting += referenced
    except jinja2.TemplateError:
        return None
    return [part for item in seen.items() for part in item]


def _references(env: jinja2.Environment, source: str) -> list[str | None]:
    """Templates a template names in extends, import and include (None: by an expression)."""
    return list(meta.find_referenced_templates(env.parse(source)))


def _memo(store: Store, kind: str, source: str, parse: Callable[[str], list]) -> list:
    """What `parse` finds in `source`, kept in the store by the source: parsing every
    template and module on every build would cost more than the rest of an edit's build."""
    key = digest(_VERSION, source)
    found = store.load(kind, key)
    if isinstance(found, list):
        return found
    found = parse(source)
    store.dump(kind, key, found)
    return found


def solve_key(module: str, variant: int, store: Store) -> str:
    sources = [f"{name}\0{source}" for name, source in sorted(_closure(module, store).items())]
    return digest(_VERSION, module, str(variant), sys.version, _lock(), *sources)


@cache
def engine_digest() -> str:
    """The engine's code: the formatter, the views and the figures shape every fragment."""
    files = sorted((ROOT / "engine").rglob("*.py"))
    return digest(*(f"{p.relative_to(ROOT)}\0{p.read_text(encoding='utf-8')}" for p in files))


@cache
def _lock() -> str:
    lock = ROOT / "requirements.lock"
    return lock.read_text(encoding="utf-8") if lock.exists() else ""


def _closure(module: str, store: Store) -> dict[str, str]:
    """Source of `module` and of every `solutions` module it imports, transitively."""
    sources: dict[str, str] = {}
    waiting = [module]
    while waiting:
        name = waiting.pop()
        if name in sources:
            continue
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None:
            continue
        source = Path(spec.origin).read_text(encoding="utf-8")
        sources[name] = source
        waiting += _memo(store, "imports", source, _imports)
    return sources


def _imports(source: str) -> list[str]:
    """Modules of `solutions` a source imports; for `from package import name`, also
    `package.name`, which may be a module (`from solutions import regression`)."""
    names: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.append(node.module)
            names += [f"{node.module}.{alias.name}" for alias in node.names]
    return [n for n in names if n.split(".")[0] == "solutions" and _is_module(n)]


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False
