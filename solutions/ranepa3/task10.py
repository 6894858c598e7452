"""ranepa3.10: regularised logistic loss Q(w) = Σ ln(1 + exp(-yᵢxᵢᵀw)) + λwᵀw, yᵢ = ±1.

One term is derived by differentials; the sum is then written with the matrix X whose rows
are xᵢᵀ (n×k) and the column y of labels, σ(t) = 1/(1 + e^(-t)) applied element-wise.

The derivation is general; the numbers are those of three labelled points in R² or R³ and a
weight vector: on the sheet an example of ours (the sheet gives no data), in a variant the data
its statement gives. At them: the margins yᵢxᵢᵀw, each observation's weight σ(-yᵢxᵢᵀw) and
loss term, Q(w), ∇Q(w), one gradient step and Q after it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import sympy as sp

from solutions.differentials import Item, derivation
from solutions.exact import exp_of, tidy
from solutions.forms import (
    elementwise,
    hadamard,
    matrix,
    plus,
    scalar,
    times,
    transposed,
)
from solutions.variety import Pool

n, k = sp.symbols("n k", integer=True, positive=True)
sigma = sp.Function(r"\sigma")
t = sp.Dummy("t")


R = sp.Rational
CONFIDENT = 3  # a margin from which σ(-margin) < 0.05: the observation barely pulls on w


@dataclass(frozen=True)
class Params:
    X: sp.Matrix  # 3×k, row i is xᵢᵀ (k = 2 or 3), integers
    y: sp.Matrix  # 3×1 labels ±1
    w: sp.Matrix  # k×1, integers: the point where Q, ∇Q and the step are computed
    lam: sp.Rational  # λ
    gamma: sp.Rational  # the step's learning rate
    asked: bool  # the statement gives the data and asks for numbers (False: the sheet)


PARAMS = Params(
    X=sp.Matrix([[1, 2], [2, -1], [-1, 0]]),
    y=sp.Matrix([1, -1, -1]),
    w=sp.Matrix([1, 1]),
    lam=R(1, 2),
    gamma=R(1, 2),
    asked=False,
)


def _floats(X, y, w, lam):
    """(margins, Q, ∇Q) in floats: the pool's cheap check of a draw."""
    margins = [
        yi * sum(a * b for a, b in zip(row, w, strict=True)) for row, yi in zip(X, y, strict=True)
    ]
    loss = sum(math.log1p(math.exp(-m)) for m in margins) + lam * sum(v * v for v in w)
    grad = [
        -sum(yi * xi[j] / (1 + math.exp(m)) for xi, yi, m in zip(X, y, margins, strict=True))
        + 2 * lam * w[j]
        for j in range(len(w))
    ]
    return margins, loss, grad


@dataclass(frozen=True)
class _Draft:
    """A draw in plain Python numbers: the pool checks it cheaply, keeps few."""

    rows: tuple[tuple[int, ...], ...]
    y: tuple[int, ...]
    w: tuple[int, ...]
    lam: sp.Rational
    gamma: sp.Rational

    @property
    def margins(self) -> list[int]:
        return _floats(self.rows, self.y, self.w, 0.0)[0]

    def answers(self) -> tuple:
        """Q(w), |∇Q(w)| and |w₁| to 9 digits: what a grader compares, up to sign."""
        _, loss, grad = _floats(self.rows, self.y, self.w, float(self.lam))
        step = [v - float(self.gamma) * g for v, g in zip(self.w, grad, strict=True)]
        after = _floats(self.rows, self.y, step, float(self.lam))[1]
        rounded = lambda values: tuple(round(abs(v), 9) for v in values)
        return round(loss, 9), rounded(grad), rounded(step), round(after, 9)


def _spans(rows, k: int) -> bool:
    """The three points span R^k (integer minors, no sympy)."""
    if k == 2:
        pairs = ((rows[0], rows[1]), (rows[0], rows[2]), (rows[1], rows[2]))
        return any(a[0] * b[1] - a[1] * b[0] for a, b in pairs)
    (a, b, c), (d, e, f), (g, h, i) = rows
    return a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g) != 0


def _draw(k, x11, x12, x13, x21, x22, x23, x31, x32, x33, y1, y2, y3, w1, w2, w3, lam, gamma):
    rows = ((x11, x12, x13)[:k], (x21, x22, x23)[:k], (x31, x32, x33)[:k])
    draft = _Draft(rows, (y1, y2, y3), (w1, w2, w3)[:k], lam, gamma)
    if not any(draft.w) or not _spans(rows, k):
        return None  # w = 0, or features that repeat each other: a degenerate design
    if len(set(draft.y)) < 2 or not all(any(row) for row in rows):
        return None  # a classification needs both classes; a zero point has margin 0 for any w
    margins = draft.margins
    if max(abs(m) for m in margins) > 4 or len(set(margins)) < 3:
        return None  # margins hand-friendly (e^4 at most) and telling the observations apart
    if not (max(margins) >= CONFIDENT or min(margins) < 0):
        return None  # neither situation to show
    loss, _, _, after = draft.answers()
    if not after < loss - 1e-3:
        return None  # the step must visibly lower Q (no overshoot)
    return draft


def _as_draft(drawn) -> _Draft:
    if isinstance(drawn, _Draft):
        return drawn
    rows = tuple(tuple(int(v) for v in drawn.X.row(i)) for i in range(drawn.X.rows))
    as_ints = lambda m: tuple(int(v) for v in m)
    return _Draft(rows, as_ints(drawn.y), as_ints(drawn.w), drawn.lam, drawn.gamma)


def _params(draft: _Draft) -> Params:
    X, y, w = sp.Matrix(draft.rows), sp.Matrix(draft.y), sp.Matrix(draft.w)
    return Params(X, y, w, draft.lam, draft.gamma, asked=True)


def _situation(drawn) -> str:
    margins = _as_draft(drawn).margins
    confident, mistaken = max(margins) >= CONFIDENT, min(margins) < 0
    return "both" if confident and mistaken else "confident" if confident else "mistaken"


_SMALL = [-2, -1, 0, 1, 2]
variant = Pool(
    {
        "k": [2, 3],
        **{f"x{i}{j}": _SMALL for i in range(1, 4) for j in range(1, 4)},
        **{f"y{i}": [1, -1] for i in range(1, 4)},
        **{f"w{j}": [-1, 0, 1, 2] for j in range(1, 4)},
        "lam": [R(1, 2), R(1, 4), R(1)],
        "gamma": [R(1, 2), R(1, 4), R(1, 10)],
    },
    _draw,
    key=lambda drawn: _as_draft(drawn).answers(),
    sheet=PARAMS,
    finish=_params,
    situations=("confident", "mistaken", "both"),
    situation=_situation,
)
"""Variants: three points xᵢ in R² or R³ with entries -2..2, labels ±1, an integer w with
entries -1..2, λ ∈ {¼, ½, 1}, γ ∈ {1/10, ¼, ½}. Invariants: w ≠ 0, no point is 0 and the
points span R^k, both classes occur, the margins yᵢxᵢᵀw are distinct and at most 4 in size,
the step lowers Q. Situations, in turn: an observation classified confidently (margin ≥ 3,
weight σ(-3) < 0,05) and none wrongly; one wrongly (margin < 0) and none confidently; both.
Seed 0 is the sheet (our example data, which shows both)."""


@dataclass(frozen=True)
class Observation:
    margin: sp.Integer  # yᵢxᵢᵀw
    weight: sp.Expr  # σ(-yᵢxᵢᵀw) = 1/(1 + e^margin)
    term: sp.Expr  # ln(1 + e^(-margin))


@dataclass(frozen=True)
class Numeric:
    """The formulas at the given data."""

    n: sp.Integer  # observations
    observations: tuple[Observation, ...]
    margins: sp.Matrix  # y ∘ Xw
    penalty: sp.Rational  # λwᵀw
    loss: sp.Expr  # Q(w)
    pull: sp.Matrix  # y ∘ σ(-y ∘ Xw)
    gradient: sp.Matrix  # ∇Q(w)
    step: sp.Matrix  # w - γ∇Q(w)
    loss_after: sp.Expr  # Q after the step
    decreased: bool
    confident: bool  # some margin ≥ CONFIDENT
    mistaken: bool  # some margin < 0
    top_margin: sp.Integer  # the largest margin
    top_weight: sp.Expr  # its weight
    low_margin: sp.Integer  # the smallest margin
    low_weight: sp.Expr  # its weight


@dataclass(frozen=True)
class Result:
    term: Item  # one observation's loss, by differentials
    penalty_differential: sp.Expr  # d(λwᵀw)
    differential: sp.Expr  # dQ for the whole sum, matrix form
    gradient: sp.MatrixExpr  # ∇Q, a k×1 column
    numeric: Numeric
    # typical mistakes (templates/rubric.toml): name -> {answer's path: the value they give}
    mistakes: dict[str, dict[str, sp.Expr]]


def solve(p: Params) -> Result:
    x, w, dw = matrix("x_i", k), matrix("w", k), matrix("dw", k)
    y_i = sp.Symbol("y_i")
    X, y = matrix("X", n, k), matrix("y", n)
    lam = sp.Symbol(r"\lambda", positive=True)
    margin = -y_i * scalar(times(x.T, w))  # -yᵢ xᵢᵀ w, a number
    term = derivation(
        "",
        sp.log(1 + sp.exp(margin)),
        "w",
        "gradient",
        times(-y_i, sigma(margin), x),
        ("chain", times(sp.exp(margin) / (1 + sp.exp(margin)), -y_i, x.T, dw)),
        ("sigmoid", times(-y_i, sigma(margin), x.T, dw)),
    )
    weights = hadamard(y, elementwise(sigma(t), t, hadamard(times(-1, y), times(X, w))))
    return Result(
        term=term,
        penalty_differential=times(2, lam, w.T, dw),
        differential=plus(times(-1, transposed(weights), X, dw), times(2, lam, w.T, dw)),
        gradient=plus(times(-1, X.T, weights), times(2, lam, w)),
        numeric=_numeric(p),
        mistakes=_mistakes(p),
    )


def _loss(p: Params, w: sp.Matrix):
    margins = p.y.multiply_elementwise(p.X * w)
    return sum(sp.log(1 + exp_of(-m)) for m in margins) + p.lam * (w.T * w)[0]


def _numeric(p: Params) -> Numeric:
    """The formulas at the given data."""
    margins = p.y.multiply_elementwise(p.X * p.w)
    rows = tuple(Observation(m, _weight(m), tidy(sp.log(1 + sp.exp(-m)))) for m in margins)
    pull, gradient, step, after = _stepped(p)
    loss = _loss(p, p.w)
    top, low = max(margins), min(margins)
    return Numeric(
        n=sp.Integer(p.X.rows),
        observations=rows,
        margins=margins,
        penalty=p.lam * (p.w.T * p.w)[0],
        loss=loss,
        pull=pull,
        gradient=gradient,
        step=step,
        loss_after=after,
        decreased=bool(sp.N(after - loss, 30) < 0),
        confident=bool(top >= CONFIDENT),
        mistaken=bool(low < 0),
        top_margin=top,
        top_weight=_weight(top),
        low_margin=low,
        low_weight=_weight(low),
    )


def _weight(margin, outer=-1):
    """σ(-margin) = 1/(1 + e^margin), an observation's weight in ∇Q; σ(`outer`·margin)."""
    return tidy(1 / (1 + sp.exp(-outer * margin)))


def _stepped(p: Params, outer=-1, labels=True, penalty=2) -> tuple:
    """(y ∘ σ(-y ∘ Xw), ∇Q, the step, Q after it) by the matrix formula
    ∇Q = -Xᵀ(y ∘ σ(-y ∘ Xw)) + 2λw with the data put in. The arguments switch a typical
    mistake on: σ(`outer`·y ∘ Xw) (+1: σ(u) for e^u/(1 + e^u) read as σ(-u)); `labels` False:
    the factor yᵢ of the chain rule lost; `penalty`·λw (1: d(λwᵀw) = λwᵀdw)."""
    margins = p.y.multiply_elementwise(p.X * p.w)
    pull = margins.applyfunc(lambda m: _weight(m, outer))
    pull = p.y.multiply_elementwise(pull) if labels else pull
    # the page shows it as decimals: its exact form is left as the formula gives it
    gradient = -p.X.T * pull + penalty * p.lam * p.w
    step = p.w - p.gamma * gradient
    return pull, gradient, step, _loss(p, step)


def _mistakes(p: Params) -> dict[str, dict[str, sp.Expr]]:
    def told(**mistake) -> dict[str, sp.Expr]:
        _, gradient, step, loss_after = _stepped(p, **mistake)
        return {
            "numeric.gradient": gradient,
            "numeric.step": step,
            "numeric.loss_after": loss_after,
        }

    return {
        "sigma_sign": told(outer=1),
        "labels_lost": told(labels=False),
        "penalty_halved": told(penalty=1),
    }


# what the page calls each value: boxed answers, the key and the quiz print "symbol = value"
SYMBOLS = {
    "differential": "dQ",
    "gradient": r"\nabla Q",
    "numeric.loss": "Q(w)",
    "numeric.gradient": r"\nabla Q(w)",
    "numeric.step": "w_1",
    "numeric.loss_after": "Q(w_1)",
}
