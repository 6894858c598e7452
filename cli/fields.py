"""`generate.py --fields ID`: every name a task's template can print, with its value, so that
an author who knows LaTeX but not Python can find `r.mse_step.grad_W1` without reading code."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping, Sequence

_SHOWN_ITEMS = 3  # items of a long tuple listed before "..."


def _short(value) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= 60 else text[:57] + "..."


def describe(obj, path: str) -> Iterator[str]:
    """Lines `path  kind  value` for `obj` and everything inside it."""
    if isinstance(obj, bool):
        yield f"{path:<40} {'fact':<10} {obj!r} (choose text with \\BLOCK{{if {path}}})"
    elif isinstance(obj, str) or obj is None:
        yield f"{path:<40} {type(obj).__name__:<10} {obj!r}"[:120]
    elif dataclasses.is_dataclass(obj):
        for field in dataclasses.fields(obj):
            yield from describe(getattr(obj, field.name), f"{path}.{field.name}")
    elif isinstance(obj, Mapping):
        for key, value in obj.items():
            yield from describe(value, f"{path}.{key}")
    elif isinstance(obj, Sequence):
        yield f"{path:<40} {'list':<10} {len(obj)} items: {path}[0] ... {path}[{len(obj) - 1}]"
        for i, item in enumerate(obj[:_SHOWN_ITEMS]):
            yield from describe(item, f"{path}[{i}]")
        if len(obj) > _SHOWN_ITEMS:
            yield f"{path}[...]"
    else:
        from engine.ledger.claims import kind_of

        kind = kind_of(obj)
        if kind == "matrix":
            kind = "x".join(str(n) for n in obj.shape) + " matrix"
        yield f"{path:<40} {kind:<10} {_short(obj)}"


def show_fields(task) -> None:
    from engine.builds import pipeline

    given, result = pipeline.solve(task)
    print(f"{task.id}: the names its template ({task.template}) can print")
    print(
        "(in its oracle and in key.toml, a name is its claim path: `r.` left out and a list "
        "item `[1]` written `.1`, so r.steps[0].x is steps.0.x; a matrix entry stays [1,0])"
    )
    for line in [*describe(given, "given"), *describe(result, "r")]:
        print(line)
