"""Read-only views of a task's data for templates: every value a template can print carries
the claim id of the path that reached it.

`given.W1` in a template is a `ClaimRef` with id `ranepa3.5.given.W1`; `r.layer1.output` is
`ranepa3.5.layer1.output`; `r.steps` (ranepa3.3) iterates as `ranepa3.3.steps.0`, ...;
`ref[0, 1]` is the entry `...[0,1]`. A boolean is a fact (`FactRef`): a template branches on
it (`\\BLOCK{if r.improved}`) and the branch taken is recorded in the ledger as a fact claim,
so the sentence chosen is verified like a number. Strings pass through untouched. A missing
name is a StrictUndefined that names the task, the path and what is there, so an
instructor's typo fails with a useful message.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence

import jinja2
import numpy as np
import sympy as sp

from engine.ledger.symbols import NONE

_NUMBER_TYPES = (int, float, np.ndarray, np.number, sp.Basic, sp.MatrixBase)


@dataclasses.dataclass(frozen=True)
class ClaimRef:
    """A value on its way to the page; the renderer records it in the ledger when shown."""

    task: str
    id: str
    value: object
    settings: tuple = ()  # formatting settings, as (name, value) pairs: ledger/formatting.py
    symbol: str = ""  # what the page calls it (engine/ledger/symbols.py), "" if undeclared
    symbols: Callable[[str], str] = dataclasses.field(default=NONE, compare=False)

    def __repr__(self) -> str:  # in messages: the claim's name, not its whole value
        return self.id

    def __iter__(self):
        """Entry by entry, as Python's sequence protocol would (the ids `...[0]`, `...[1]`)."""
        if not self.shape and not isinstance(self.value, (list, tuple)):
            raise jinja2.TemplateRuntimeError(
                f"{self.id} is one number: there is nothing to loop over"
            )
        k = 0
        while True:
            try:
                self.value[k]
            except (IndexError, TypeError):
                return
            yield self[k]
            k += 1

    def __getitem__(self, index) -> ClaimRef:
        index = index if isinstance(index, tuple) else (index,)
        try:
            entry = self.value[index if len(index) > 1 else index[0]]
        except (TypeError, IndexError, KeyError, ValueError):
            shape = "×".join(map(str, self.shape)) or "one number"
            raise jinja2.TemplateRuntimeError(
                f"{self.id} has no entry {', '.join(map(str, index))}: it is {shape}"
            ) from None
        entry_id = f"{self.id}[{','.join(str(int(i)) for i in index)}]"
        symbol = self.symbols(entry_id[len(self.task) + 1 :])
        return ClaimRef(self.task, entry_id, entry, self.settings, symbol, self.symbols)

    def _describe(self) -> str:
        return f"{self.id} (a value)"

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(getattr(self.value, "shape", ()))

    def __bool__(self) -> bool:
        raise jinja2.TemplateRuntimeError(
            f"{self.id} is a number, not a condition: text that depends on it is chosen by a "
            "fact (a true-or-false field of the result), computed in the solution module"
        )


@dataclasses.dataclass(frozen=True, eq=False)
class FactRef:
    """A true-or-false statement about the task's numbers; asking for its truth (in `if`,
    `not`, `and`, `or`) records it, with its value, through `record`."""

    task: str
    id: str
    value: bool
    record: Callable[[str, str, bool], bool]

    def __bool__(self) -> bool:
        return self.record(self.id, self.task, self.value)

    def __eq__(self, other):
        raise jinja2.TemplateRuntimeError(
            f"{self.id} is a fact: branch on it with \\BLOCK{{if ...}} or `not`, do not compare it"
        )

    __hash__ = object.__hash__


Facts = Callable[[str, str, bool], bool] | None


def view(task: str, obj, path: str, facts: Facts = None, symbols: Callable = NONE):
    """Wrap `obj` found at `path` (relative to the task) for a template; `facts(id, task,
    value)` records a fact when a template branches on it (None: booleans stay plain);
    `symbols(path)` is a value's symbol (engine/ledger/symbols.py)."""
    if isinstance(obj, bool):
        return FactRef(task, f"{task}.{path}", obj, facts) if facts else obj
    if isinstance(obj, str) or obj is None:
        return obj
    if isinstance(obj, _NUMBER_TYPES):
        return ClaimRef(task, f"{task}.{path}", obj, (), symbols(path), symbols)
    if dataclasses.is_dataclass(obj) or isinstance(obj, Mapping):
        return RecordView(task, obj, path, facts, symbols)
    if isinstance(obj, Sequence):
        return SequenceView(task, obj, path, facts, symbols)
    raise TypeError(f"{task}.{path}: a {type(obj).__name__} cannot be shown in a template")


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


class RecordView:
    __slots__ = ("_facts", "_obj", "_path", "_symbols", "_task")

    def __init__(self, task: str, obj, path: str, facts: Facts = None, symbols=NONE) -> None:
        self._task, self._obj, self._path, self._facts = task, obj, path, facts
        self._symbols = symbols

    def _names(self) -> list[str]:
        if isinstance(self._obj, Mapping):
            return list(self._obj)
        return [f.name for f in dataclasses.fields(self._obj)]

    def __getattr__(self, name: str):
        if name.startswith("_") or name not in self._names():
            return jinja2.StrictUndefined(
                hint=f"{self._task}: '{self._path or 'the result'}' has no '{name}' "
                f"(it has: {', '.join(self._names())})"
            )
        value = self._obj[name] if isinstance(self._obj, Mapping) else getattr(self._obj, name)
        return view(self._task, value, _join(self._path, name), self._facts, self._symbols)


class SequenceView:
    __slots__ = ("_facts", "_items", "_path", "_symbols", "_task")

    def __init__(self, task: str, items: Sequence, path: str, facts: Facts = None, symbols=NONE):
        self._task, self._items, self._path, self._facts = task, items, path, facts
        self._symbols = symbols

    def __len__(self) -> int:
        return len(self._items)

    def _describe(self) -> str:
        return f"{self._task}.{self._path} (a list of {len(self)}: take an element, [0])"

    def __getitem__(self, i: int):
        if isinstance(i, int) and not -len(self._items) <= i < len(self._items):
            return jinja2.StrictUndefined(
                hint=f"{self._task}: '{self._path}' has no element {i}: it has "
                f"{len(self._items)}, numbered from 0"
            )
        path = _join(self._path, str(i))
        return view(self._task, self._items[i], path, self._facts, self._symbols)

    def __iter__(self):
        return (self[i] for i in range(len(self._items)))


def group(value) -> str | None:
    """For a record or a list of values (which cannot be printed as one): its name and what
    it holds; None for anything else."""
    if isinstance(value, RecordView):
        return f"{value._task}.{value._path or 'the result'} (it has: {', '.join(value._names())})"
    if isinstance(value, SequenceView):
        return f"{value._task}.{value._path} (a list of {len(value)}, numbered from 0)"
    return None
