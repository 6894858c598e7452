"""Independent oracle for ranepa3.8 (OLS): central differences of Q written in numpy, the
optimum from numpy's least-squares solver, d²Q from second differences."""

from __future__ import annotations

from functools import cache

import numpy as np

from checks.oracles import least_squares as ls
from checks.oracles.numeric import (
    AtRandomPoints,
    ItemSpec,
    gradient,
    hessian,
    item_oracles,
    second_directional,
)


@cache
def point(seed: int) -> dict:
    return ls.problem(np.random.default_rng(800 + seed))


def grad(v):
    return gradient(lambda w: ls.squares(v, w), v["w"])


def at(expected) -> AtRandomPoints:
    return AtRandomPoints(point, expected)


def oracles(given) -> dict:
    o = item_oracles({"differential": ItemSpec(ls.squares, "w", "dw", ls.problem, "gradient")})
    return o | {
        "gradient_alt": at(grad),
        "optimum": at(lambda v: np.linalg.lstsq(v["X"], v["y"], rcond=None)[0]),
        "step": at(lambda v: v["w"] - v[r"\gamma"] * grad(v)),
        "second": at(lambda v: second_directional(lambda w: ls.squares(v, w), v["w"], v["dw"])),
        "hessian": at(lambda v: hessian(lambda w: ls.squares(v, w), v["w"])),
    }
