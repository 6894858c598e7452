"""ranepa3.11: maximum likelihood for a multivariate normal N(μ, Σ).

The sample is the n×m matrix D whose column i is the observation Xᵢ (the sheet's layout),
1 is the column of m ones. With S(μ) = (D - μ1ᵀ)(D - μ1ᵀ)ᵀ the log-likelihood is
ℓ = -(mn/2) ln 2π - (m/2) ln det Σ - ½ tr(Σ⁻¹ S(μ)).
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from solutions.forms import NO_NUMBERS, NoNumbers, matrix, minus, plus, times, transposed

n, m = sp.symbols("n m", integer=True, positive=True)


PARAMS = NO_NUMBERS


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


def solve(_: NoNumbers) -> Result:
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
    )


# what the page calls each value: boxed answers, the key and the quiz print "symbol = value"
SYMBOLS = {
    "mu_hat": r"\hat\mu",
}
