"""Independent oracle for ranepa3.5 (Masha). Imports nothing from solutions/.

Starts from the variant's published data (the sheet's for variant 0: test_sheets.py checks
them against SHEET, typed from the sheet). Forward values come from explicit sums;
Jacobians from sympy's `Matrix.jacobian` of the layer as a formula; every loss gradient from
sympy's differentiation of the whole loss written as one expression (so a slip in the
solution's hand-written chain rule cannot repeat here); the sigmoid is 1/(1+e^-z), not the
solution's e^z/(1+e^z).
"""

from __future__ import annotations

import sympy as sp
from sympy import Matrix
from sympy import Rational as R

from checks.oracles.numeric import Satisfies, same
from checks.oracles.once import per_given

SHEET = {
    "x": Matrix([[1, 2]]),
    "W1": Matrix([[1, -1], [R(1, 2), 0]]),
    "W2": Matrix([[R(1, 2)], [1]]),
    "h": Matrix([[2, -1]]),
    "a": Matrix([[2, 0]]),
    "g_h": Matrix([[-1, 0]]),
    "g_a": Matrix([[-1, -2]]),
    "g_yhat": -2,
    "y": 0,
    "gamma": 1,
}


def row(values) -> Matrix:
    return Matrix([list(values)])


def terminates_within(value, places: int) -> bool:
    """value·10^places is an integer: a decimal of at most that many places."""
    value = sp.nsimplify(value)
    return bool(value.is_Rational and (value * 10**places).is_integer)


def sigmoid(z):
    return 1 / (1 + sp.exp(-z))


def well_posed(x, W1, h, a, y, gamma):
    """Items 3 and 5 state the true layer inputs; no ReLU input is 0; y is a class."""
    h_true = sp.Matrix(x) * sp.Matrix(W1)
    return (
        h_true == sp.Matrix(h)
        and all(v != 0 for v in h_true)
        and sp.Matrix(a) == h_true.applyfunc(lambda v: sp.Max(v, 0))
        and y in (0, 1)
        and gamma > 0
    )


class Masha:
    """The network of the variant, recomputed by hand and by sympy's differentiation."""

    def __init__(self, given):
        flat = lambda m: list(sp.Matrix(m))
        self.x, self.w2 = flat(given["x"]), flat(given["W2"])
        self.w1 = sp.Matrix(given["W1"]).tolist()
        self.y, self.gamma = sp.sympify(given["y"]), sp.sympify(given["gamma"])
        self.h_given, self.a_given = flat(given["h"]), flat(given["a"])
        self.g_h, self.g_a, self.g_yhat = (
            flat(given["g_h"]),
            flat(given["g_a"]),
            flat(given["g_yhat"])[0],
        )
        self._gradients: dict = {}  # loss -> its gradients (bound methods compare equal)

    def forward(self, w1, w2):
        """(h, a, yhat) by explicit sums."""
        h = [sum(self.x[i] * w1[i][j] for i in range(2)) for j in range(2)]
        a = [sp.Max(v, 0) for v in h]
        return h, a, sum(a[j] * w2[j] for j in range(2))

    @staticmethod
    def vjp(function_of, point, incoming):
        """incoming · J, with J the sympy Jacobian of `function_of(symbols)` at `point`."""
        u = sp.symbols(f"u0:{len(point)}", real=True)
        jac = Matrix([function_of(u)]).jacobian(u).subs(dict(zip(u, point, strict=True)))
        return jac, row(incoming) * jac

    def logloss(self, z):
        p = sigmoid(z)
        return -(self.y * sp.log(p) + (1 - self.y) * sp.log(1 - p))

    def mse(self, out):
        return (out - self.y) ** 2

    def loss_gradients(self, loss_of_output):
        """Gradients of loss(yhat(W1, W2)) by sympy's differentiation of the whole expression;
        once per loss (the steps and the mistakes ask for MSE's and logloss's again)."""
        if loss_of_output not in self._gradients:
            self._gradients[loss_of_output] = self._loss_gradients(loss_of_output)
        return self._gradients[loss_of_output]

    def _loss_gradients(self, loss_of_output):
        w = sp.symbols("w0:4", real=True)
        v = sp.symbols("v0:2", real=True)
        a_sym, h_sym, x_sym = (sp.symbols(f"{c}0:2", real=True) for c in "ahx")
        w1 = [[w[0], w[1]], [w[2], w[3]]]
        entries = [e for r_ in self.w1 for e in r_]
        numbers = dict(zip(w, entries, strict=True)) | dict(zip(v, self.w2, strict=True))
        numbers |= dict(zip(x_sym, self.x, strict=True))
        h = [sum(x_sym[i] * w1[i][j] for i in range(2)) for j in range(2)]
        yhat = sum(sp.Max(0, h[j]) * v[j] for j in range(2))
        loss = loss_of_output(yhat)
        grad_w1 = Matrix(2, 2, [sp.diff(loss, s).subs(numbers) for s in w])
        grad_w2 = Matrix([[sp.diff(loss, s).subs(numbers)] for s in v])
        of_a = loss_of_output(sum(a_sym[j] * v[j] for j in range(2)))
        of_h = loss_of_output(sum(sp.Max(0, h_sym[j]) * v[j] for j in range(2)))
        h_val, a_val, yhat_val = self.forward(self.w1, self.w2)
        at = numbers | dict(zip(a_sym, a_val, strict=True)) | dict(zip(h_sym, h_val, strict=True))
        g_a = row(sp.diff(of_a, s).subs(at) for s in a_sym)
        g_h = row(sp.diff(of_h, s).subs(at) for s in h_sym)
        g_x = row(sp.diff(loss, s).subs(numbers) for s in x_sym)
        o = sp.Symbol("o")
        seed = sp.diff(loss_of_output(o), o).subs(o, yhat_val)
        return seed, g_a, g_h, g_x, grad_w1, grad_w2

    def step(self, prefix: str, loss_of_output) -> dict:
        seed, g_a, g_h, g_x, grad_w1, grad_w2 = self.loss_gradients(loss_of_output)
        new_w1 = Matrix(self.w1) - self.gamma * grad_w1
        new_w2 = Matrix([[w] for w in self.w2]) - self.gamma * grad_w2
        h, a, out = self.forward(new_w1.tolist(), list(new_w2))
        return {
            f"{prefix}.seed": seed,
            f"{prefix}.g_a": g_a,
            f"{prefix}.g_h": g_h,
            f"{prefix}.g_x": g_x,
            f"{prefix}.grad_W1": grad_w1,
            f"{prefix}.grad_W2": grad_w2,
            f"{prefix}.W1": new_w1,
            f"{prefix}.W2": new_w2,
            f"{prefix}.h_after": row(h),
            f"{prefix}.a_after": row(a),
            f"{prefix}.out_after": out,
            f"{prefix}.loss_after": loss_of_output(out),
        }

    def oracles(self) -> dict:
        x, w1, w2 = self.x, self.w1, self.w2
        _h, _a, yhat = self.forward(w1, w2)
        data = ("given.x", "given.W1", "given.h", "given.a", "given.y", "given.gamma")
        o = {f"given.{name}": Satisfies(well_posed, "well-posed data", data) for name in SHEET}
        layers = {  # items 1-6: each layer with the stated input and incoming gradient
            "layer1": (
                lambda u: [u[0] * w1[0][j] + u[1] * w1[1][j] for j in range(2)],
                x,
                self.g_h,
            ),
            "relu": (lambda u: [sp.Max(0, t) for t in u], self.h_given, self.g_a),
            "layer3": (lambda u: [u[0] * w2[0] + u[1] * w2[1]], self.a_given, [self.g_yhat]),
        }
        for name, (function_of, point, incoming) in layers.items():
            jac, outgoing = self.vjp(function_of, point, incoming)
            o[f"{name}.input"] = row(point)
            o[f"{name}.output"] = row(function_of(point))
            o[f"{name}.jacobian"] = jac
            o[f"{name}.incoming"] = row(incoming)
            o[f"{name}.outgoing"] = outgoing
        q, t = sp.Symbol("q"), sp.Symbol("t")
        seed = sp.diff(self.mse(q), q).subs(q, yhat)
        o |= {
            "regression.yhat": yhat,
            "regression.loss": self.mse(yhat),
            "regression.dloss": seed,
            "regression.seed": 1,
            "regression.passed": 1 * seed,
            "check.true_seed": seed,
            "check.fitting_target": sp.solve(sp.Eq(2 * (yhat - t), self.g_yhat), t)[0],
        }
        o |= self.step("mse_step", self.mse)
        # the sheet's chain: item 6's gradient is d/dŷ of (ŷ - t)² for the target t it implies
        target = o["check.fitting_target"]
        if not same(target, self.y):  # else the sheet's chain is MSE's, and nothing else is shown
            sheet = self.step("sheet_step", lambda out: (out - target) ** 2)
            o |= {name: sheet[name] for name in ("sheet_step.W1", "sheet_step.W2")}
        h_now = [sum(x[i] * w1[i][j] for i in range(2)) for j in range(2)]
        o |= {  # the facts that choose the remarks on the sheet's items
            "check.forward_consistent": same(h_now, self.h_given)
            and same([max(v, 0) for v in self.h_given], self.a_given),
            "check.chain_consistent": same(o["layer3.outgoing"], row(self.g_a))
            and same(o["relu.outgoing"], row(self.g_h)),
            "check.gradient_fits_target": same(self.g_yhat, seed),
            "mse_step.all_dead": all(v <= 0 for v in o["mse_step.h_after"]),
            "mse_step.kept_active": all(
                after > 0
                for after, before in zip(o["mse_step.h_after"], h_now, strict=True)
                if before > 0
            ),
            "mse_step.exact_hit": same(o["mse_step.loss_after"], 0),
            "mse_step.improved": bool(sp.N(o["mse_step.loss_after"] - self.mse(yhat), 60) < 0),
            "relu_blocks_one": sum(1 for v in self.h_given if v < 0) == 1
            and sum(1 for v in self.h_given if v > 0) == 1,
            "blocked": next((k + 1 for k in range(2) if self.h_given[k] < 0), 0),
            "relu_passes_all": all(v > 0 for v in self.h_given),
        }
        z, p = sp.sympify(yhat), sigmoid(yhat)
        o |= {
            "classification.z": z,
            "classification.p": p,
            "classification.dp_dz": sp.diff(sigmoid(q), q).subs(q, z),
            "classification.loss": self.logloss(z),
            "classification.dloss_dp": sp.diff(
                -(self.y * sp.log(q) + (1 - self.y) * sp.log(1 - q)), q
            ).subs(q, p),
            "classification.dloss_dz": sp.diff(self.logloss(q), q).subs(q, z),
            "classification.scale": sp.diff(self.logloss(q), q).subs(q, z) / seed,
        }
        o |= self.step("logloss_step", self.logloss)
        o["logloss_step.improved"] = bool(
            sp.N(o["logloss_step.loss_after"] - self.logloss(z), 60) < 0
        )
        o["classification.p_after"] = sigmoid(o["logloss_step.out_after"])
        return o | self.mistakes(z)

    def mistakes(self, z) -> dict:
        """The mistakes of items 8 and c3, each from sympy's gradients of a loss: the step
        W + γ∇; the loss (ŷ - y)²/2, whose derivative lacks MSE's 2; ∂L/∂W₁ transposed; and
        the loss whose derivative by z is (p - y)·σ'(z), σ' differentiated once more."""
        w1, w2 = Matrix(self.w1), Matrix([[w] for w in self.w2])
        _s, _ga, _gh, _gx, g1, g2 = self.loss_gradients(self.mse)
        _s, _ga, _gh, _gx, h1, h2 = self.loss_gradients(lambda out: self.mse(out) / 2)
        q = sp.Symbol("q")
        slope = sp.diff(self.logloss(q), q) * sp.diff(sigmoid(q), q)  # (p - y)·σ'(z)
        scale = slope.subs(q, z) / sp.diff(self.logloss(q), q).subs(q, z)
        _s, _ga, _gh, _gx, c1, c2 = self.loss_gradients(self.logloss)
        return {
            "mistakes.step_sign.mse_step.W1": w1 + self.gamma * g1,
            "mistakes.step_sign.mse_step.W2": w2 + self.gamma * g2,
            "mistakes.no_factor_two.mse_step.W1": w1 - self.gamma * h1,
            "mistakes.no_factor_two.mse_step.W2": w2 - self.gamma * h2,
            "mistakes.grad_w1_transposed.mse_step.W1": w1 - self.gamma * g1.T,
            "mistakes.sigma_twice.classification.dloss_dz": slope.subs(q, z),
            "mistakes.sigma_twice.logloss_step.W1": w1 - self.gamma * scale * c1,
            "mistakes.sigma_twice.logloss_step.W2": w2 - self.gamma * scale * c2,
        }


@per_given  # invariants() and failures() share them
def oracles(given) -> dict:
    return Masha(given).oracles()


def invariants(given) -> dict:
    """Item 4 shows ReLU at work (at most one hidden neuron inactive); the gradient steps do
    what the text says they do (each lowers its loss, nothing explodes; the MSE step kills
    every neuron, as the remark on dead neurons says, or keeps the active ones active)."""
    o = oracles(given)
    return {
        "at most one ReLU blocks its gradient": o["relu_blocks_one"] or o["relu_passes_all"],
        "the MSE step kills all neurons or none": o["mse_step.all_dead"]
        != o["mse_step.kept_active"],
        "item 8's new weights are decimals of at most three places": all(
            terminates_within(w, 3) for name in ("W1", "W2") for w in o[f"mse_step.{name}"]
        ),
        "the hidden units are not tied (det W1 ≠ 0)": sp.Matrix(given["W1"]).det() != 0,
        "the sigmoid is not saturated (|z| ≤ 4)": abs(o["classification.z"]) <= 4,
        "the MSE step lowers the loss": o["mse_step.improved"],
        "the logloss step lowers the loss": o["logloss_step.improved"],
        "no ReLU input is 0 after a step": all(
            v != 0 for step in ("mse_step", "logloss_step") for v in o[f"{step}.h_after"]
        ),
    }
