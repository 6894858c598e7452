"""Many digits of an exact value, fast: mpmath at a fixed working precision over the
expression's tree, each distinct subexpression evaluated once.

sympy's evalf guarantees its digits by re-evaluating with more precision wherever terms cancel,
and walks a shared subexpression once per occurrence: a sigmoid network written exactly nests
exp(-exp(...)) and took seconds per value. Here a value the comparison doubts (it differs, or
contains what this evaluator does not know) goes back to evalf, so the fast path can only spare
work, never decide a difference."""

from __future__ import annotations

import functools

import mpmath
import sympy as sp

WORKING_DIGITS = 100  # the proof compares 80 digits with a tolerance of 1e-60


class Unknown(Exception):
    """A node this evaluator does not evaluate (evalf will)."""


_FUNCTIONS = {
    sp.exp: mpmath.exp,
    sp.log: mpmath.log,
    sp.sin: mpmath.sin,
    sp.cos: mpmath.cos,
    sp.tan: mpmath.tan,
    sp.tanh: mpmath.tanh,
    sp.atan: mpmath.atan,
    sp.Abs: abs,
}
_CONSTANTS = {sp.pi: lambda: +mpmath.pi, sp.E: lambda: mpmath.e + 0}


def fast_digits(x) -> mpmath.mpf:
    """x (an exact real number without free symbols) at WORKING_DIGITS; Unknown when a node
    is not one of the known kinds or an intermediate is not real."""
    with mpmath.workdps(WORKING_DIGITS):
        return _evaluate(x, {})


def _evaluate(e, memo: dict):
    done = memo.get(e)
    if done is not None:
        return done
    if e.is_Integer:
        value = mpmath.mpf(int(e))
    elif e.is_Rational:
        value = mpmath.mpf(e.p) / e.q
    elif e.is_Float:
        value = mpmath.mpf(e._mpf_)
    elif e.is_Add:
        value = mpmath.fsum(_evaluate(a, memo) for a in e.args)
    elif e.is_Mul:
        value = mpmath.fprod(_evaluate(a, memo) for a in e.args)
    elif e.is_Pow:
        base, exponent = e.args
        if exponent.is_Integer:
            value = _evaluate(base, memo) ** int(exponent)
        else:
            value = _evaluate(base, memo) ** _evaluate(exponent, memo)
    elif e.func in _FUNCTIONS and len(e.args) == 1:
        value = _FUNCTIONS[e.func](_evaluate(e.args[0], memo))
    elif e in _CONSTANTS:
        value = _CONSTANTS[e]()
    elif e.func in (sp.Max, sp.Min):
        pick = max if e.func is sp.Max else min
        value = pick(_evaluate(a, memo) for a in e.args)
    else:
        raise Unknown(type(e).__name__)
    if not isinstance(value, mpmath.mpf):  # complex on the way: leave it to evalf
        raise Unknown("not real")
    memo[e] = value
    return value


@functools.lru_cache(maxsize=8192)
def digits(x):
    """x to 80 digits the fast way where it can, else evalf's (a sympy Float)."""
    try:
        return sp.Float(fast_digits(x), 80)
    except (Unknown, TypeError, ValueError, ZeroDivisionError):
        return careful_digits(x)


@functools.lru_cache(maxsize=8192)
def careful_digits(x):
    """x to 80 digits by evalf, which re-evaluates where terms cancel."""
    return sp.N(x, 80)
