"""ranepa3.11: maximum likelihood for a multivariate normal N(μ, Σ).

The sample is the n×m matrix D whose column i is the observation Xᵢ (the sheet's layout),
1 is the column of m ones. With S(μ) = (D - μ1ᵀ)(D - μ1ᵀ)ᵀ the log-likelihood is
ℓ = -(mn/2) ln 2π - (m/2) ln det Σ - ½ tr(Σ⁻¹ S(μ)).

The derivation is general; the numbers are those of one small sample in R² (integer points):
on the sheet an example of ours (the sheet gives no data), in a variant the sample its
statement gives, with the gradients of ℓ also at μ₀ = 0, Σ₀ = I and at the estimates.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from solutions.forms import matrix, minus, plus, times, transposed
from solutions.variety import Pool

n, m = sp.symbols("n m", integer=True, positive=True)
HALF = sp.Rational(1, 2)


@dataclass(frozen=True)
class Params:
    D: sp.Matrix  # 2×m, column i is the observation Xᵢ
    asked: bool  # the statement gives D and asks for numbers (False: the sheet, our example)


PARAMS = Params(D=sp.Matrix([[1, 3, 1, 3], [2, 2, 0, 4]]), asked=False)

_COORDINATES = range(-2, 4)


def _draw(size, x1, y1, x2, y2, x3, y3, x4, y4) -> tuple | None:
    """A cheap draft: the points as a tuple of (x, y), or None if not admissible."""
    points = ((x1, y1), (x2, y2), (x3, y3), (x4, y4))[:size]
    if len(set(points)) < size:  # repeated observations: fine for the MLE, dull for a sheet
        return None
    sx, sy = sum(p[0] for p in points), sum(p[1] for p in points)
    if sx % size or sy % size:  # μ̂ with integer entries: Σ̂ has denominator m only
        return None
    if _scatter(points)[3] == 0:  # collinear points: Σ̂ is singular, no MLE
        return None
    return points


def _scatter(points) -> tuple[int, int, int, int]:
    """m²·Σ̂ entries (xx, xy, yy) and m⁴·det Σ̂, in integers."""
    size = len(points)
    sx, sy = sum(p[0] for p in points), sum(p[1] for p in points)
    xx = size * sum(p[0] ** 2 for p in points) - sx**2
    yy = size * sum(p[1] ** 2 for p in points) - sy**2
    xy = size * sum(p[0] * p[1] for p in points) - sx * sy
    return xx, xy, yy, xx * yy - xy**2


def _key(points) -> tuple:
    """What a grader compares, up to sign: the estimates and the gradients at (0, I) are fixed
    by m, |μ̂|, Σ̂'s diagonal, |σ̂₁₂|, Σxᵢ², Σyᵢ² and |Σxᵢyᵢ|; the order of the points, a reflection of
    an axis and the swap of the two coordinates give the same answers."""
    points = _points(points)
    size = len(points)
    sx, sy = sum(p[0] for p in points), sum(p[1] for p in points)
    xx, xy, yy, _ = _scatter(points)
    sq_x, sq_y = sum(p[0] ** 2 for p in points), sum(p[1] ** 2 for p in points)
    cross = abs(sum(p[0] * p[1] for p in points))
    return (size, abs(xy), cross, *sorted([(abs(sx), xx, sq_x), (abs(sy), yy, sq_y)]))


def _points(drawn) -> tuple:
    """The points of a draft or of kept Params (the pool hands either)."""
    if isinstance(drawn, Params):
        return tuple((int(x), int(y)) for x, y in zip(*drawn.D.tolist(), strict=True))
    return drawn


def _situation(drawn) -> str:
    xy = _scatter(_points(drawn))[1]
    return "positive" if xy > 0 else "negative" if xy < 0 else "uncorrelated"


def _params(points) -> Params:
    return Params(D=sp.Matrix([[p[0] for p in points], [p[1] for p in points]]), asked=True)


variant = Pool(
    {
        "size": [3, 4],
        **{f"{c}{i}": list(_COORDINATES) for i in range(1, 5) for c in "xy"},
    },
    _draw,
    key=_key,
    sheet=PARAMS,
    finish=_params,
    situations=("positive", "negative", "uncorrelated"),
    situation=_situation,
)
"""Variants: 3 or 4 distinct points in R² with coordinates -2..3, their mean an integer point
(so Σ̂ has denominator m), not on one line (Σ̂ is non-singular, the MLE exists). Situations,
in turn: the coordinates' sample covariance σ̂₁₂ is positive, negative or zero (Σ̂ diagonal).
Seed 0 is the sheet (our example sample)."""


@dataclass(frozen=True)
class Numeric:
    """The formulas at the given sample."""

    m: sp.Integer  # observations
    total: sp.Matrix  # D1, the sum of the observations
    mu_hat: sp.Matrix
    centred: sp.Matrix  # D - μ̂1ᵀ
    scatter: sp.Matrix  # S(μ̂)
    sigma_hat: sp.Matrix
    det: sp.Rational  # det Σ̂ > 0
    positive: bool  # σ̂₁₂ > 0: the coordinates grow together in the sample
    negative: bool  # σ̂₁₂ < 0
    gram: sp.Matrix  # S(0) = DDᵀ
    grad_mu_origin: sp.Matrix  # ∇_μ ℓ at μ₀ = 0, Σ₀ = I
    grad_sigma_origin: sp.Matrix  # ∇_Σ ℓ there
    grad_mu_hat: sp.Matrix  # ∇_μ ℓ at (μ̂, Σ̂): zero
    grad_sigma_hat: sp.Matrix  # ∇_Σ ℓ at (μ̂, Σ̂): zero


@dataclass(frozen=True)
class Result:
    loglik: sp.Expr
    d_trace_mu: sp.Expr  # d tr(Σ⁻¹S(μ)) with Σ fixed
    d_mu: sp.Expr  # dℓ with Σ fixed
    grad_mu: sp.MatrixExpr
    d_sigma: sp.Expr  # dℓ with μ fixed
    grad_sigma: sp.MatrixExpr
    sigma_stationary: sp.MatrixExpr  # where ∇_Σ ℓ = 0 for a given μ: S(μ)/m
    mu_hat: sp.MatrixExpr
    sigma_hat: sp.MatrixExpr  # in terms of μ̂
    numeric: Numeric
    # typical mistakes (templates/rubric.toml): name -> {answer's path: the value they give}
    mistakes: dict[str, dict[str, sp.Matrix]]


def solve(p: Params) -> Result:
    D, mu, Sigma = matrix("D", n, m), matrix(r"\mu", n), matrix(r"\Sigma", n, n)
    dmu, dSigma = matrix(r"d\mu", n), matrix(r"d\Sigma", n, n)
    ones = sp.OneMatrix(m, 1)
    centred = minus(D, times(mu, ones.T))
    S = times(centred, transposed(centred))
    Si = sp.Inverse(Sigma)
    half = sp.Rational(1, 2)
    loglik = plus(
        -m * n * half * sp.log(2 * sp.pi),
        -m * half * sp.log(sp.Determinant(Sigma)),
        -half * sp.Trace(times(Si, S)),
    )
    residual_sum = minus(times(D, ones), times(m, mu))  # Σᵢ (Xᵢ - μ) = D1 - mμ
    mu_hat = matrix(r"\hat{\mu}", n)
    centred_hat = minus(D, times(mu_hat, ones.T))
    return Result(
        loglik=loglik,
        d_trace_mu=times(-2, transposed(residual_sum), Si, dmu),
        d_mu=times(transposed(residual_sum), Si, dmu),
        grad_mu=times(Si, residual_sum),
        d_sigma=half * sp.Trace(times(minus(times(Si, S, Si), times(m, Si)), dSigma)),
        grad_sigma=times(half, minus(times(Si, S, Si), times(m, Si))),
        sigma_stationary=times(1 / m, centred, transposed(centred)),
        mu_hat=times(1 / m, D, ones),
        sigma_hat=times(1 / m, centred_hat, transposed(centred_hat)),
        numeric=_numeric(p.D),
        mistakes=_mistakes(p.D),
    )


def _mistakes(D: sp.Matrix) -> dict[str, dict[str, sp.Matrix]]:
    unbiased = _numeric(D, divisor=D.cols - 1)
    half_lost = _numeric(D, half=1)
    sign_lost = _numeric(D, inverse_sign=1)
    flipped = _numeric(D, residual_sign=-1)
    return {
        "unbiased": {"numeric.sigma_hat": unbiased.sigma_hat},
        "half_forgotten": {"numeric.grad_sigma_origin": half_lost.grad_sigma_origin},
        "inverse_sign": {"numeric.grad_sigma_origin": sign_lost.grad_sigma_origin},
        "mu_sign": {"numeric.grad_mu_origin": flipped.grad_mu_origin},
    }


def _numeric(D: sp.Matrix, divisor=None, half=HALF, inverse_sign=-1, residual_sign=1):
    """The general formulas with the sample's numbers put in. The rest switch a typical
    mistake on: Σ̂ = S/`divisor` (m - 1: the unbiased estimate); ∇_Σ ℓ multiplied by `half`
    (1: the ½ forgotten); d(Σ⁻¹) = `inverse_sign`·Σ⁻¹dΣΣ⁻¹ (+1: its minus lost); ∇_μ ℓ with
    `residual_sign`·(D1 - mμ) (-1: the minus of d(Xᵢ - μ) = -dμ lost)."""
    size, count = D.shape
    ones = sp.ones(count, 1)
    total = D * ones
    mu_hat = total / count
    centred = D - mu_hat * ones.T
    scatter = centred * centred.T
    sigma_hat = scatter / (divisor or count)
    gram = D * D.T
    eye = sp.eye(size)

    def grad_mu(mu, Sigma):  # Σ⁻¹(D1 - mμ)
        return residual_sign * Sigma.inv() * (total - count * mu)

    def grad_sigma(mu, Sigma):  # ½(Σ⁻¹S(μ)Σ⁻¹ - mΣ⁻¹): -½ tr(d(Σ⁻¹) S) with d(Σ⁻¹) = -Σ⁻¹dΣΣ⁻¹
        inverse, spread = Sigma.inv(), (D - mu * ones.T) * (D - mu * ones.T).T
        return half * (-inverse_sign * inverse * spread * inverse - count * inverse)

    origin = sp.zeros(size, 1)
    return Numeric(
        m=sp.Integer(count),
        total=total,
        mu_hat=mu_hat,
        centred=centred,
        scatter=scatter,
        sigma_hat=sigma_hat,
        det=sigma_hat.det(),
        positive=bool(sigma_hat[0, 1] > 0),
        negative=bool(sigma_hat[0, 1] < 0),
        gram=gram,
        grad_mu_origin=grad_mu(origin, eye),
        grad_sigma_origin=grad_sigma(origin, eye),
        grad_mu_hat=grad_mu(mu_hat, sigma_hat),
        grad_sigma_hat=grad_sigma(mu_hat, sigma_hat),
    )


# what the page calls each value: boxed answers, the key and the quiz print "symbol = value"
SYMBOLS = {
    "mu_hat": r"\hat\mu",
    "numeric.mu_hat": r"\hat\mu",
    "numeric.sigma_hat": r"\hat\Sigma",
    "numeric.grad_mu_origin": r"\nabla_\mu \ell(\mu_0, \Sigma_0)",
    "numeric.grad_sigma_origin": r"\nabla_\Sigma \ell(\mu_0, \Sigma_0)",
}
