"""pgfplots figures from computed data. Every coordinate is a claim shown through the one
formatter in its machine form (recorded as drawn); axis labels and legends are LaTeX text
the template passes in.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Sequence

from engine.render.figures.arguments import FigureArgumentError
from engine.render.figures.described import described, listed, spoken
from engine.render.views import ClaimRef

_AXIS = (
    r"width=0.9\linewidth, height=6.5cm, grid=major, grid style={gray!25},"
    r" legend cell align=left, tick label style={font=\footnotesize},"
    r" /pgf/number format/use comma, /pgf/number format/1000 sep={}"
)


def _tokens(show: Callable[[object], str], ref: ClaimRef) -> list[str]:
    machine = dataclasses.replace(ref, settings=(*ref.settings, ("machine", True)))
    return show(machine).split()


def _axis(options: str, body: list[str]) -> str:
    return "\n".join(
        [
            r"\begin{tikzpicture}",
            rf"\begin{{axis}}[{_AXIS}, {options}]",
            *body,
            r"\end{axis}",
            r"\end{tikzpicture}",
        ]
    )


MOST_TICKS = 10  # whole-number ticks of an axis: at most this many (every k-th beyond)


def whole_ticks(xs: Sequence[str]) -> str:
    """The `xtick` option for x values that are all whole numbers (layer numbers, steps):
    ticks at whole numbers only, not pgfplots' own 1; 1,5; 2; ...; empty otherwise."""
    try:
        values = sorted({int(x) for x in xs})
    except ValueError:
        return ""
    low, high = values[0], values[-1]
    step = max(1, math.ceil((high - low) / MOST_TICKS))
    if high - low <= step:
        return f"xtick={{{','.join(str(v) for v in sorted({low, high}))}}}"
    return f"xtick={{{low},{low + step},...,{high}}}"


# a function and its derivative share a colour, the derivative dashed
STYLES = (
    "blue!80!black, mark=*",
    "blue!80!black, dashed, mark=*",
    "red!75!black, mark=square*",
    "red!75!black, dashed, mark=square*",
)


def curves(
    show,
    x: ClaimRef,
    series: Sequence,
    xlabel: str,
    ylabel: str = "",
    log: bool = False,
    marks: bool = False,
    legend: str = "north west",
    paired: bool = False,
) -> str:
    """Lines y(x); `series` are (legend LaTeX, y claim) pairs, all over the same x.
    `paired`: the series come as (function, its derivative) pairs. Whole-number x (layer
    numbers) get whole-number ticks only."""
    xs = _tokens(show, x)
    body = []
    for k, entry in enumerate(series):
        if len(entry) != 2:
            raise FigureArgumentError(f"series {k}: a (legend, values) pair, not {len(entry)}")
        label, y = entry
        ys = _tokens(show, y)
        if len(ys) != len(xs):
            raise FigureArgumentError(f"series {k} has {len(ys)} values for {len(xs)} points of x")
        points = " ".join(f"({a},{b})" for a, b in zip(xs, ys, strict=True))
        style = STYLES[k % len(STYLES)] if paired else STYLES[2 * k % len(STYLES)]
        mark = "" if marks else ", no marks"
        body.append(rf"\addplot[thick, {style}{mark}] coordinates {{{points}}};")
        body.append(rf"\addlegendentry{{{label}}}")
    options = [
        f"xlabel={{{xlabel}}}",
        f"ylabel={{{ylabel}}}",
        f"legend pos={legend}",
        "enlarge x limits=false" if not marks else "enlarge x limits=0.05",
    ]
    if log:
        options.append("ymode=log, log basis y=10")
    ticks = whole_ticks(xs)
    if ticks:
        options.append(ticks)
    scale = " (логарифмическая шкала)" if log else ""
    return described(
        _axis(", ".join(options), body),
        f"График: по горизонтали {xlabel} от {spoken(xs[0])} до {spoken(xs[-1])}, по вертикали "
        f"{ylabel or 'значение'}{scale}; линии: {listed(label for label, _ in series)}.",
    )


def regions(
    show, window: ClaimRef, polygons: Sequence, points: Sequence, xlabel: str, ylabel: str
) -> str:
    """Two-class map of the square window² (a (low, high) claim): class 0 fills the square,
    `polygons` (claims, one vertex per row) are class 1, drawn with exact edges; `points` are
    (x claim, y claim, label claim) triples."""
    low, high = _tokens(show, window)
    body = [
        rf"\fill[blue!12] (axis cs:{low},{low}) rectangle (axis cs:{high},{high});",
    ]
    for polygon in polygons:
        coordinates = _tokens(show, polygon)
        corners = [
            f"(axis cs:{x},{y})" for x, y in zip(coordinates[::2], coordinates[1::2], strict=True)
        ]
        body.append(r"\fill[orange!35] " + " -- ".join(corners) + " -- cycle;")
    middle = (float(low) + float(high)) / 2
    marked = []
    for x, y, label in points:
        (a,), (b,) = _tokens(show, x), _tokens(show, y)
        body.append(rf"\addplot[only marks, mark=*, mark size=2.5pt] coordinates {{({a},{b})}};")
        # the label on the side of the point that faces the middle: inside the window
        anchor = ("north" if float(b) > middle else "south") + (
            " east" if float(a) > middle else " west"
        )
        shown = show(label)
        body.append(rf"\node[anchor={anchor}, font=\small] at (axis cs:{a},{b}) {{${shown}$}};")
        marked.append(f"({spoken(a)}; {spoken(b)}) — класс ${shown}$")
    options = (
        f"xlabel={{{xlabel}}}, ylabel={{{ylabel}}}, axis equal image, axis on top,"
        f" xmin={low}, xmax={high}, ymin={low}, ymax={high}, width=5.5cm, height=5.5cm,"
        r" tick label style={font=\footnotesize}, xticklabel style={yshift=-2pt}"
    )
    return described(
        _axis(options, body),
        f"Карта классов на квадрате от {spoken(low)} до {spoken(high)} по осям {xlabel} и "
        f"{ylabel}: оранжевые области — класс 1, голубой фон — класс 0.",
        f"Точки: {listed(marked)}." if marked else "",
    )
