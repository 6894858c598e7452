r"""Charts from a result's data, as pgfplots source styled as plots.py's `curves`.

`bars(categories, series, xlabel="", ylabel="", values=false, legend="above")`: grouped bars;
`categories` label the x axis (LaTeX text), `series` are (legend LaTeX, heights) pairs.
`points(series, xlabel, ylabel="", legend="north west")`: a scatter of (legend LaTeX, xs, ys).
Heights, xs and ys are a claim holding a list of numbers or a list of one-number claims; each
number is shown through `show` in machine form, a drawn claim (`...probs[0]`). `values=true`
also writes each height at its bar's end as text (rounded, unless the template chose a filter).
A legend "" adds no entry; "above" is a row over the axis, anything else a `legend pos`.
"""

from __future__ import annotations

import dataclasses
import inspect

from engine.render.figures.arguments import FigureArgumentError
from engine.render.figures.described import described, listed, spoken
from engine.render.figures.plots import _axis, _tokens
from engine.render.origins import without_markers
from engine.render.views import ClaimRef, SequenceView

COLOURS = ("blue!80!black", "red!75!black", "green!50!black", "orange!85!black", "violet!80!black")
MARKS = ("*", "square*", "triangle*", "diamond*", "pentagon*")
ROUNDED = (("rounded", True),)
_ABOVE = r"""legend style={at={(0.5,1.03)}, anchor=south, legend columns=-1, draw=none,
 /tikz/every even column/.append style={column sep=1em}}"""


def _wrong(helper, message: str) -> FigureArgumentError:
    parameters = list(inspect.signature(helper).parameters.values())[1:]
    usage = ", ".join(str(p.replace(annotation=p.empty)) for p in parameters)
    return FigureArgumentError(f"{message}; it is {helper.__name__}({usage})")


def _series(helper, series, size: int, what: str) -> list:
    shaped = isinstance(series, list | tuple) and all(isinstance(e, list | tuple) for e in series)
    if not shaped or not series or any(len(entry) != size for entry in series):
        raise _wrong(helper, f"series must be a list of {what}, not {series!r}")
    return list(series)


def _numbers(helper, value, what: str) -> list[ClaimRef]:
    value = list(value) if isinstance(value, ClaimRef) and value.shape else value  # entries
    if not isinstance(value, list | tuple | SequenceView):
        raise _wrong(helper, f"{what} must be a list of numbers, not {value!r}")
    for item in value:
        if not isinstance(item, ClaimRef):
            raise _wrong(helper, f"{what}: {item!r} is typed, not taken from the task's data")
        if item.shape:
            raise _wrong(helper, f"{what}: {item!r} holds several numbers, not one")
    return list(value)


def _plot(style: str, coordinates: list[str], label: str) -> list[str]:
    plot = rf"\addplot[{style}] coordinates {{{' '.join(coordinates)}}};"
    return [plot, rf"\addlegendentry{{{label}}}"] if without_markers(label).strip() else [plot]


def _chart(options: list[str], body: list[str], xlabel: str, ylabel: str, legend: str) -> str:
    where = _ABOVE if legend == "above" else f"legend pos={legend}"
    return _axis(", ".join([*options, f"xlabel={{{xlabel}}}, ylabel={{{ylabel}}}", where]), body)


def bars(show, categories, series, xlabel="", ylabel="", values=False, legend="above") -> str:
    """Grouped bars: one group per category, one bar per (legend, heights) series."""
    named = isinstance(categories, list | tuple) and all(isinstance(c, str) for c in categories)
    if not named or not categories:
        raise _wrong(bars, f"categories must be LaTeX text, a string each, not {categories!r}")
    series = _series(bars, series, 2, "(legend, heights) pairs")
    n, m, body, texts, described_series = len(categories), len(series), [], [], []
    slot, upright = min(0.6, 0.8 / m), n * m > 10  # axis units: a group spans 0.8
    room = 0.3 if values and upright else 0.15  # above the highest bar, for its value
    low = f"ymin=0, enlarge y limits={{upper, value={room}}}"
    for k, (label, heights) in enumerate(series):
        refs, shift = _numbers(bars, heights, f"heights of series {k}"), (k + 0.5 - m / 2) * slot
        if len(refs) != n:
            raise _wrong(bars, f"series {k} has {len(refs)} heights for {n} categories")
        tops = [_tokens(show, ref)[0] for ref in refs]
        described_series.append((label, [spoken(top) for top in tops]))
        style = f"draw={COLOURS[k % 5]}, fill={COLOURS[k % 5]}!35, bar shift={shift:g}"
        body += _plot(style, [f"({i},{y})" for i, y in enumerate(tops, 1)], label)
        for i, (ref, y) in enumerate(zip(refs, tops, strict=True), 1):
            low = f"enlarge y limits={room}" if y.startswith("-") else low
            if values:  # at the bar's end, below a bar that goes down; upright among many
                text = show(ref if ref.settings else dataclasses.replace(ref, settings=ROUNDED))
                anchor = ("south", "north", "west", "east")[2 * upright + y.startswith("-")]
                style = rf"font=\scriptsize, anchor={anchor}, rotate={90 * upright}"
                texts.append(rf"\node[{style}] at (axis cs:{i + shift:g},{y}) {{${text}$}};")
    options = [  # category labels wrap in their place, on one baseline
        f"ybar, bar width={0.85 * slot:.3f}, xmajorgrids=false, {low}, xmin=0.5, xmax={n}.5",
        f"xtick={{1,...,{n}}}, xticklabels={{{','.join(f'{{{c}}}' for c in categories)}}}",
        rf"xtick style={{draw=none}}, typeset ticklabels with strut, xticklabel style="
        rf"{{align=center, text width={0.8 / n:.3f}\linewidth}}",
    ]
    return described(
        _chart(options, body + texts, xlabel, ylabel, legend),
        f"Столбчатая диаграмма: группы {listed(categories)}"
        f"{f' по оси {xlabel}' if xlabel else ''}; высота{f' — {ylabel}' if ylabel else ''}.",
        "; ".join(f"{label}: {listed(heights)}" for label, heights in described_series),
    )


def points(show, series, xlabel, ylabel="", legend="north west") -> str:
    """A scatter: one cloud of marks per (legend, xs, ys) series."""
    body, drawn = [], lambda ref: _tokens(show, ref)[0]
    for k, (label, xs, ys) in enumerate(_series(points, series, 3, "(legend, xs, ys) triples")):
        x, y = _numbers(points, xs, f"xs of series {k}"), _numbers(points, ys, f"ys of series {k}")
        if len(x) != len(y):
            raise _wrong(points, f"series {k} has {len(x)} xs and {len(y)} ys")
        style = f"only marks, {COLOURS[k % 5]}, mark={MARKS[k % 5]}, mark size=2pt"
        body += _plot(style, [f"({drawn(a)},{drawn(b)})" for a, b in zip(x, y, strict=True)], label)
    return described(
        _chart([], body, xlabel, ylabel, legend),
        f"Точечная диаграмма: по горизонтали {xlabel}, по вертикали {ylabel or 'значение'}; "
        f"наборы точек: {listed(label for label, _, _ in series)}.",
    )
