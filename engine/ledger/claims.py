"""The claims ledger: every number or formula that reaches the page, with a stable id.

A claim id is `<task>.<path>` where the path names the value inside the solution's result
(`ranepa3.5.layer1.output`) or its given data (`ranepa3.5.given.W1`); an entry of a matrix adds
`[i,j]` (`ranepa3.5.given.W1[0,1]`), and is verified through its parent's oracle.
`build/claims.json` is `{"claims": [{"id", "task", "kind", "exact", "value", "latex", "drawn"},
...], "typed": [{"template", "line", "text", "rule", "reason"}, ...]}`; `typed` lists the numbers
the templates type themselves, each structural by rule or a declared constant (see typed.py).
`kind` is `number`, `matrix`, `formula` (free symbols) or `fact`: a true-or-false
statement about the numbers that chose which sentence the page says ("the loss went down");
a fact's `value` is a boolean and it has no LaTeX. `drawn` marks values shown only as plot
data.
"""

from __future__ import annotations

import json
import pickle
import re
from dataclasses import asdict, dataclass, replace

import numpy as np
import sympy as sp

from engine.ledger import formatting
from engine.ledger.exact_text import exact_text
from engine.store import cache

_ENTRY = re.compile(r"^(?P<parent>.+)\[(?P<index>\d+(?:,\d+)?)\]$")


@dataclass(frozen=True)
class Claim:
    id: str
    task: str
    kind: str  # number, matrix, formula or fact
    exact: str  # sympy's string form, parseable by sympy.sympify
    value: bool | float | list | None  # None only for formulas (free symbols)
    latex: str  # empty for a fact, which chooses text rather than being printed
    drawn: bool = False  # shown only as plot data, not as text a reader can search
    symbol: str = ""  # what the page calls the value (symbols.py); "" when undeclared


def kind_of(value) -> str:
    """What a value a solution returned is, as claims.json and --fields name it."""
    if isinstance(value, bool):
        return "fact"
    if getattr(value, "free_symbols", None):
        return "formula"
    shape = getattr(value, "shape", ())
    return "matrix" if len(shape) >= 1 else "number"


def split_entry(claim_id: str) -> tuple[str, tuple[int, ...]] | None:
    """`a.b[1,0]` -> (`a.b`, (1, 0)); None for a whole value."""
    match = _ENTRY.match(claim_id)
    if not match:
        return None
    return match["parent"], tuple(int(i) for i in match["index"].split(","))


def as_sympy(value):
    """The exact sympy form of a value a solution returned."""
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            return sp.Float(value.item())
        return sp.Matrix(np.atleast_2d(value).tolist())
    if isinstance(value, sp.Basic | sp.MatrixBase):
        return value
    if isinstance(value, float):
        return sp.Float(value)
    return sp.sympify(value)


def float_value(exact) -> float | list | None:
    """A float or nested list of floats; None when the value has free symbols."""
    if getattr(exact, "free_symbols", None):
        return None
    if isinstance(exact, sp.MatrixBase):
        return [[float(e) for e in row] for row in exact.tolist()]
    return float(exact)


@dataclass(frozen=True)
class Recorded:
    """What rendering one task added to a ledger, to add again without rendering it."""

    claims: tuple[Claim, ...]
    needles: tuple[tuple[str, ...], ...]
    exact: bytes  # the exact values, pickled: unpickled only if a check asks for one


class _Pickled:
    """Exact values kept pickled until one is asked for (only checks ask)."""

    def __init__(self, blob: bytes):
        self._blob, self._values = blob, None

    def __getitem__(self, claim_id: str):
        if self._values is None:
            self._values = pickle.loads(self._blob)
        return self._values[claim_id]


class Ledger:
    """Claims in the order they first appear on the page."""

    def __init__(self) -> None:
        self._claims: dict[str, Claim] = {}
        self._exact: dict[str, object] = {}
        self._needles: dict[str, tuple[str, ...]] = {}
        # claim id -> "template:line" where the page first shows it (filled by the renderer
        # when it renders afresh; not kept in the cache, not in claims.json)
        self.places: dict[str, str] = {}
        # the numbers the rendered templates typed themselves (engine.ledger.typed)
        self.typed: list = []

    def record(self, claim_id: str, task: str, value, symbol: str = "", **settings) -> str:
        """Record `value` under `claim_id` and return its LaTeX as `settings` format it.
        The ledger keeps the LaTeX of the first showing."""
        shown = formatting.latex(value, **settings)
        drawn = bool(settings.get("machine"))
        if claim_id in self._claims:
            if not drawn and self._claims[claim_id].drawn:  # now also shown as text
                self._claims[claim_id] = replace(self._claims[claim_id], latex=shown, drawn=False)
                self._needles[claim_id] = formatting.needles(value, **settings)
            return shown
        exact = as_sympy(value)
        kind = kind_of(exact)
        claim = Claim(
            claim_id, task, kind, exact_text(exact), float_value(exact), shown, drawn, symbol
        )
        self._claims[claim_id] = claim
        self._exact[claim_id] = exact
        self._needles[claim_id] = () if drawn else formatting.needles(value, **settings)
        return claim.latex

    def record_fact(self, claim_id: str, task: str, value: bool) -> bool:
        """Record that the page chose its text by the fact `claim_id` (true or false)."""
        if claim_id not in self._claims:
            self._claims[claim_id] = Claim(claim_id, task, "fact", str(value), value, "")
            self._exact[claim_id] = value
            self._needles[claim_id] = ()
        return value

    def mark(self) -> int:
        return len(self._claims)

    def since(self, mark: int) -> Recorded | None:
        """The claims recorded after `mark`, or None when their values cannot be pickled."""
        ids = list(self._claims)[mark:]
        try:
            exact = cache.dumps({i: self.exact(i) for i in ids})
        except Exception:  # a value pickle cannot carry: this task is rendered every time
            return None
        claims = tuple(self._claims[i] for i in ids)
        return Recorded(claims, tuple(self._needles[i] for i in ids), exact)

    def extend(self, recorded: Recorded) -> None:
        values = _Pickled(recorded.exact)
        for claim, needles in zip(recorded.claims, recorded.needles, strict=True):
            self._claims[claim.id] = claim
            self._exact[claim.id] = values
            self._needles[claim.id] = needles

    def only(self, tasks: set[str]) -> Ledger:
        """A ledger of the claims of `tasks` alone (to verify a task apart from the others)."""
        part = Ledger()
        for claim_id, claim in self._claims.items():
            if claim.task in tasks:
                part._claims[claim_id] = claim
                part._exact[claim_id] = self._exact[claim_id]
                part._needles[claim_id] = self._needles[claim_id]
                if claim_id in self.places:
                    part.places[claim_id] = self.places[claim_id]
        return part

    def __iter__(self):
        return iter(self._claims.values())

    def __len__(self) -> int:
        return len(self._claims)

    def __getitem__(self, claim_id: str) -> Claim:
        return self._claims[claim_id]

    def exact(self, claim_id: str):
        """The sympy value recorded under `claim_id` (no round trip through text)."""
        value = self._exact[claim_id]
        return value[claim_id] if isinstance(value, _Pickled) else value

    def needles(self, claim_id: str) -> tuple[str, ...]:
        """What the PDF's text must contain where the claim is shown as text (see
        engine.ledger.formatting.needles), as its first showing formatted it."""
        return self._needles[claim_id]

    def to_json(self) -> str:
        claims, typed = [asdict(c) for c in self], [asdict(t) for t in self.typed]
        return json.dumps({"claims": claims, "typed": typed}, ensure_ascii=False, indent=1)
