"""Checking symbolic claims numerically: one evaluator and one finite-difference gradient
serve every formula of every task.

The oracle of a formula is `AtRandomPoints`: it draws a random point (values for every symbol
the formula may name, intermediates included, computed by the oracle's own forward pass and
finite differences) and says what the formula must equal there.
"""

from __future__ import annotations

import functools
import zlib
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.printing.numpy import NumPyPrinter


@dataclass(frozen=True)
class AtRandomPoints:
    sample: Callable[[int], dict]  # seed -> {symbol name: array, float, or sympy Lambda}
    expected: Callable[[dict], np.ndarray]
    seeds: tuple[int, ...] = (0, 1, 2, 3, 4)
    atol: float = 1e-6  # wider only where the oracle itself is an iterative solver


@dataclass(frozen=True)
class Satisfies:
    """Oracle of a claim that is one of many right answers (weights that compute XOR): the
    test checks the property, computed independently, instead of one value. `holds` gets the
    published values of `inputs` (claim paths within the task; the claim itself among them)."""

    holds: Callable[..., bool]
    description: str
    inputs: tuple[str, ...]


@dataclass(frozen=True)
class FromClaims:
    """Oracle of a value derived from a non-unique answer: computed by an independent route
    from the published values of `inputs` (claims that are verified themselves)."""

    compute: Callable[..., object]
    inputs: tuple[str, ...]


def same(a, b) -> bool:
    """Whether two exact values (numbers or matrices) are equal: a fact's oracle decides with
    it, to 60 digits, whatever form each side's arithmetic left them in."""
    a, b = sp.Matrix(a) if _matrix_like(a) else a, sp.Matrix(b) if _matrix_like(b) else b
    if isinstance(a, sp.MatrixBase) or isinstance(b, sp.MatrixBase):
        if not (isinstance(a, sp.MatrixBase) and isinstance(b, sp.MatrixBase)):
            return False
        return a.shape == b.shape and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(abs(sp.N(sp.sympify(a) - sp.sympify(b), 60)) < sp.Float("1e-50"))


def _matrix_like(x) -> bool:
    return isinstance(x, list | tuple | np.ndarray)


def evaluate(expr, values: dict) -> np.ndarray:
    """A sympy (matrix) expression at a point; symbols are looked up by their name. The
    formula is compiled to numpy once per shape (a claim is checked at five points); what
    numpy cannot print (a trace, a sum over indices) is substituted and evaluated by sympy."""
    dims = _dimensions(expr, values)
    functions = tuple(sorted((n, f) for n, f in values.items() if isinstance(f, sp.Lambda)))
    if expr.atoms(sp.IndexedBase):  # the bounds of its sums (whole numbers) shape it too
        dims |= {
            s: int(values[s.name])
            for s in expr.free_symbols
            if isinstance(s, sp.Symbol) and isinstance(values.get(s.name), int | np.integer)
        }
    compiled = _compiled(expr, tuple(sorted(dims.items(), key=str)), functions)
    if compiled is not None:
        try:
            return compiled(values)
        except (ArithmeticError, TypeError, ValueError, KeyError):
            pass  # sympy below says what is wrong, or copes where floats could not
    return _substituted(expr.subs(dims), values)


def _dimensions(expr, values: dict) -> dict:
    dims = {}
    for m in expr.atoms(sp.MatrixSymbol):
        # a vector may be given 1-D: its one length sizes the matrix symbol's rows
        for size, actual in zip(m.shape, np.shape(values[m.name]), strict=False):
            if isinstance(size, sp.Symbol):
                dims[size] = actual
    return dims


@functools.lru_cache(maxsize=4096)
def _compiled(expr, dims: tuple, functions: tuple):
    """A function of the point computing `expr` with numpy, or None where numpy's printer
    cannot write the formula."""
    bound = dict(functions)
    expr = expr.subs(dict(dims))
    entries: dict = {}  # a sum's terms x[k]: each a plain argument, read from x's array
    if expr.atoms(sp.IndexedBase):
        expr = expr.doit()
        if expr.atoms(sp.Sum) or not all(
            i.is_Integer for e in expr.atoms(sp.Indexed) for i in e.indices
        ):
            return None
        entries = {
            e: sp.Dummy(f"entry{n}") for n, e in enumerate(sorted(expr.atoms(sp.Indexed), key=str))
        }
        expr = expr.xreplace(entries)
    if bound:
        expr = expr.replace(
            lambda e: isinstance(e, AppliedUndef) and e.func.__name__ in bound,
            lambda e: bound[e.func.__name__](*e.args),
        )
    if expr.atoms(AppliedUndef):
        return None
    arguments = sorted(expr.free_symbols, key=lambda s: s.name)
    # lambdify turns a name it cannot write in Python (x^{l-1}) into a scalar dummy, which
    # breaks a matrix product: every argument gets a plain name of its own kind first
    plain = [
        sp.MatrixSymbol(f"m{n}", *s.shape) if isinstance(s, sp.MatrixSymbol) else sp.Symbol(f"s{n}")
        for n, s in enumerate(arguments)
    ]
    try:
        renamed = expr.xreplace(dict(zip(arguments, plain, strict=True)))
        function = sp.lambdify(
            plain, renamed, "numpy", printer=_MatrixPrinter, docstring_limit=0
        )  # no docstring: writing the formula out for it cost more than compiling
    except Exception:  # any formula numpy cannot write goes the sympy way
        return None

    by_name = {symbol: entry for entry, symbol in entries.items()}

    def at(values: dict) -> np.ndarray:
        given = [
            _entry(by_name[symbol], values)
            if symbol in by_name
            else _numeric_argument(symbol, values[symbol.name])
            for symbol in arguments
        ]
        with np.errstate(all="raise"):
            result = np.asarray(function(*given), dtype=float)
        if result.ndim == 0:
            return result.reshape(1, 1)
        if result.ndim != 2 or not np.all(np.isfinite(result)):
            raise ValueError("not a finite matrix")
        return result

    return at


def _entry(indexed: sp.Indexed, values: dict) -> float:
    """x[k] (x[i, j]) of a formula, counted from 1 as formulas write x_1..x_n, from the numpy
    array of x (a column vector read as a plain vector)."""
    array = values[str(indexed.base)]
    if isinstance(array, sp.NDimArray):  # given as sympy's own array: its own indices
        return float(array[tuple(int(i) for i in indexed.indices)])
    array = np.asarray(array, dtype=float)
    if array.ndim == 2 and array.shape[1] == 1:
        array = array[:, 0]
    return float(array[tuple(int(i) - 1 for i in indexed.indices)])


class _MatrixPrinter(NumPyPrinter):
    """numpy's printer, taught the matrix functions the derivations use. Sums, products and
    powers are written with every operand in parentheses: sympy's precedence rules negate a
    matrix product to ask for its sign, which cost more than the rest of the proof."""

    def _joined(self, e, operator: str) -> str:
        return operator.join(f"({self._print(a)})" for a in e.args)

    def _print_Add(self, e):
        return self._joined(e, " + ")

    _print_MatAdd = _print_Add

    def _print_Mul(self, e):
        return self._joined(e, " * ")

    def _print_MatMul(self, e):  # (c)*(A)@(B): a scalar scales, a matrix multiplies
        text, matrices = "", 0
        for a in e.args:
            matrix = isinstance(a, sp.MatrixExpr)
            text += (
                " @ " if matrix and matrices else " * " if text else ""
            ) + f"({self._print(a)})"
            matrices += matrix
        return text

    def _print_Pow(self, e, rational=False):
        return f"({self._print(e.base)})**({self._print(e.exp)})"

    def _print_Trace(self, e):
        return f"{self._module_format('numpy.trace')}({self._print(e.arg)})"

    def _print_Determinant(self, e):
        return f"{self._module_format('numpy.linalg.det')}({self._print(e.arg)})"

    def _print_ElementwiseApplyFunction(self, e):  # f applied to each entry: numpy broadcasts
        (variable,), body = e.function.args
        return f"(lambda {self._print(variable)}: {self._print(body)})({self._print(e.expr)})"


def _numeric_argument(symbol, value):
    if isinstance(symbol, sp.MatrixSymbol):
        return np.asarray(value, dtype=float).reshape(tuple(int(n) for n in symbol.shape))
    if np.ndim(value) != 0:
        raise TypeError(f"{symbol.name} is not a number")
    return float(value)


def _substituted(expr, values: dict) -> np.ndarray:
    mapping = {
        m: sp.ImmutableMatrix(np.atleast_2d(values[m.name])) for m in expr.atoms(sp.MatrixSymbol)
    }
    mapping |= {o: sp.ImmutableMatrix(sp.ones(*o.shape)) for o in expr.atoms(sp.OneMatrix)}
    mapping |= {i: sp.ImmutableMatrix(sp.eye(i.shape[0])) for i in expr.atoms(sp.Identity)}
    mapping |= {
        s: _scalar(values[s.name])
        for s in expr.free_symbols
        if isinstance(s, sp.Symbol) and np.ndim(values.get(s.name, [])) == 0
    }
    if expr.atoms(sp.IndexedBase):  # sums over indices: expand them once the bounds are known
        expr = expr.xreplace({s: v for s, v in mapping.items() if isinstance(s, sp.Symbol)}).doit()
        mapping |= {
            base: values[str(base)]
            if isinstance(values[str(base)], sp.NDimArray)
            else _one_based(values[str(base)])
            for base in expr.atoms(sp.IndexedBase)
        }
    result = expr.xreplace(mapping).doit()
    functions = {name: f for name, f in values.items() if isinstance(f, sp.Lambda)}
    if functions:  # an undefined f (or f') of the formula, bound at this point
        result = result.replace(
            lambda e: isinstance(e, AppliedUndef) and e.func.__name__ in functions,
            lambda e: functions[e.func.__name__](*e.args),
        )
    return np.array(
        sp.Matrix(result).evalf() if hasattr(result, "shape") else [[result]], dtype=float
    )


def _scalar(value):
    """An index stays an integer (it selects an entry); anything else is a float."""
    return sp.Integer(value) if isinstance(value, int | np.integer) else sp.Float(value)


def _one_based(array) -> sp.Array:
    """A numpy vector or matrix as a sympy Array indexed from 1, as formulas write x_1..x_n."""
    a = np.asarray(array, dtype=float)
    if a.ndim == 2 and a.shape[1] == 1:
        a = a[:, 0]
    padded = np.zeros(tuple(n + 1 for n in a.shape))
    padded[tuple(slice(1, None) for _ in a.shape)] = a
    return sp.Array(padded.tolist())


def gradient(f: Callable[[np.ndarray], float], x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Central differences of a scalar function of an array: the gradient, shaped like x."""
    x = np.asarray(x, dtype=float)
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[index] = eps
        grad[index] = (f(x + step) - f(x - step)) / (2 * eps)
    return grad


def directional(
    f: Callable[[np.ndarray], object], x: np.ndarray, direction: np.ndarray, eps: float = 1e-6
) -> np.ndarray:
    """The differential of f at x applied to `direction`, by central differences."""
    x, direction = np.asarray(x, dtype=float), np.asarray(direction, dtype=float)
    return (np.asarray(f(x + eps * direction)) - np.asarray(f(x - eps * direction))) / (2 * eps)


def jacobian(f: Callable[[np.ndarray], np.ndarray], x: np.ndarray, eps: float = 1e-6):
    """∂f_i/∂x_j of a vector function of a column vector, by central differences."""
    x = np.asarray(x, dtype=float)
    columns = [directional(f, x, np.eye(x.size)[:, [j]], eps).ravel() for j in range(x.size)]
    return np.stack(columns, axis=1)


def second_directional(
    f: Callable[[np.ndarray], float], x: np.ndarray, d: np.ndarray, eps: float = 1e-3
) -> float:
    """d²f(x)[d, d] by a central second difference."""
    return (
        float(np.sum(f(x + eps * d))) - 2 * float(np.sum(f(x))) + float(np.sum(f(x - eps * d)))
    ) / eps**2


def hessian(f: Callable[[np.ndarray], float], x: np.ndarray, eps: float = 1e-3) -> np.ndarray:
    """∂²f/∂xᵢ∂xⱼ of a scalar function of a column vector, by central differences."""
    x = np.asarray(x, dtype=float)
    basis = [np.eye(x.size)[:, [i]] * eps for i in range(x.size)]
    value = lambda z: float(np.sum(f(z)))
    return np.array(
        [
            [
                (value(x + a + b) - value(x + a - b) - value(x - a + b) + value(x - a - b))
                / (4 * eps**2)
                for b in basis
            ]
            for a in basis
        ]
    )


def well_conditioned(
    rng: np.random.Generator, rows: int, cols: int | None = None, positive_det: bool = False
) -> np.ndarray:
    """A random matrix far from singular (condition number below 50)."""
    cols = rows if cols is None else cols
    while True:
        m = rng.normal(size=(rows, cols)) + (2 * np.eye(rows, cols) if rows == cols else 0)
        if np.linalg.cond(m) < 50 and (not positive_det or np.linalg.det(m) > 0.1):
            return m


@dataclass(frozen=True)
class ItemSpec:
    """What the oracle knows of one derivation item: f written in numpy, the name of its
    argument and of the differential, and a sampler of points (name -> value)."""

    f: Callable[[dict], object]
    variable: str
    differential: str
    sample: Callable[[np.random.Generator], dict]
    kind: str  # "gradient", "jacobian" or "differential"
    has_steps: bool = True  # False where the page derives the item in words only


def item_oracles(specs: dict[str, ItemSpec]) -> dict:
    """Oracles for each derivation at path p: `p.function`, every line `p.steps.j.expr` (the
    directional derivative along the sampled differential) and `p.result`."""
    oracles = {}
    for path, spec in specs.items():

        def point(seed: int, spec=spec, path=path) -> dict:
            return spec.sample(np.random.default_rng(zlib.crc32(path.encode()) + seed))

        def along(v, spec=spec):
            return directional(
                lambda z: spec.f(v | {spec.variable: z}), v[spec.variable], v[spec.differential]
            )

        def result(v, spec=spec, along=along):
            at_var = lambda z: spec.f(v | {spec.variable: z})
            if spec.kind == "gradient":
                return gradient(lambda z: float(np.sum(at_var(z))), v[spec.variable])
            if spec.kind == "jacobian":
                return jacobian(at_var, v[spec.variable])
            return along(v)

        oracles[f"{path}.function"] = AtRandomPoints(
            point, lambda v, spec=spec: np.atleast_2d(spec.f(v))
        )
        oracles[f"{path}.result"] = AtRandomPoints(point, result)
        if spec.has_steps:
            oracles[f"{path}.steps.*.expr"] = AtRandomPoints(
                point, lambda v, along=along: np.atleast_2d(along(v))
            )
    return oracles
