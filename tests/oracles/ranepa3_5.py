"""Independent oracle for ranepa3.5 (Masha). Imports nothing from solutions/.

The sheet's numbers are typed from the sheet. Forward values come from explicit sums;
Jacobians from sympy's `Matrix.jacobian` of the layer as a formula; every loss gradient from
sympy's differentiation of the whole loss written as one expression (so a slip in the
solution's hand-written chain rule cannot repeat here); the sigmoid is 1/(1+e^-z), not the
solution's e^z/(1+e^z).
"""
from __future__ import annotations

import sympy as sp
from sympy import Matrix, Rational as R

# --- the sheet ---------------------------------------------------------------------------
X = [1, 2]
W1 = [[1, -1], [R(1, 2), 0]]
W2 = [R(1, 2), 1]
Y = 0
GAMMA = 1
H_GIVEN, A_GIVEN = [2, -1], [2, 0]
G_H, G_A, G_YHAT = [-1, 0], [-1, -2], -2


def row(values) -> Matrix:
    return Matrix([list(values)])


def forward(x, w1, w2):
    """(h, a, yhat) by explicit sums."""
    h = [sum(x[i] * w1[i][j] for i in range(2)) for j in range(2)]
    a = [max(v, 0) for v in h]
    return h, a, sum(a[j] * w2[j] for j in range(2))


def vjp(function_of, point, incoming):
    """incoming · J, with J the sympy Jacobian of `function_of(symbols)` at `point`."""
    u = sp.symbols(f"u0:{len(point)}", real=True)
    jac = Matrix([function_of(u)]).jacobian(u).subs(dict(zip(u, point)))
    return jac, row(incoming) * jac


def loss_gradients(loss_of_output):
    """Gradients of loss(yhat(W1, W2)) from sympy's differentiation of the whole expression."""
    w = sp.symbols("w0:4", real=True)
    v = sp.symbols("v0:2", real=True)
    a_sym = sp.symbols("a0:2", real=True)
    h_sym = sp.symbols("h0:2", real=True)
    x_sym = sp.symbols("x0:2", real=True)
    w1 = [[w[0], w[1]], [w[2], w[3]]]
    numbers = dict(zip(w, [W1[0][0], W1[0][1], W1[1][0], W1[1][1]])) | dict(zip(v, W2))
    numbers |= dict(zip(x_sym, X))
    h = [sum(x_sym[i] * w1[i][j] for i in range(2)) for j in range(2)]
    yhat = sum(sp.Max(0, h[j]) * v[j] for j in range(2))
    loss = loss_of_output(yhat)
    grad_w1 = Matrix(2, 2, [sp.diff(loss, s).subs(numbers) for s in w])
    grad_w2 = Matrix([[sp.diff(loss, s).subs(numbers)] for s in v])
    # gradients at intermediate points: the same loss with the earlier part cut off
    of_a = loss_of_output(sum(a_sym[j] * v[j] for j in range(2)))
    of_h = loss_of_output(sum(sp.Max(0, h_sym[j]) * v[j] for j in range(2)))
    h_val, a_val, yhat_val = forward(X, W1, W2)
    at = numbers | dict(zip(a_sym, a_val)) | dict(zip(h_sym, h_val))
    g_a = row(sp.diff(of_a, s).subs(at) for s in a_sym)
    g_h = row(sp.diff(of_h, s).subs(at) for s in h_sym)
    g_x = row(sp.diff(loss, s).subs(numbers) for s in x_sym)
    seed = sp.diff(loss_of_output(sp.Symbol("o")), sp.Symbol("o")).subs(sp.Symbol("o"), yhat_val)
    return seed, g_a, g_h, g_x, grad_w1, grad_w2


def step(prefix: str, loss_of_output) -> dict:
    seed, g_a, g_h, g_x, grad_w1, grad_w2 = loss_gradients(loss_of_output)
    new_w1 = Matrix(W1) - GAMMA * grad_w1
    new_w2 = Matrix([[w] for w in W2]) - GAMMA * grad_w2
    h, a, out = forward(X, new_w1.tolist(), list(new_w2))
    a = [sp.Max(0, v) for v in h]
    return {
        f"{prefix}.seed": seed, f"{prefix}.g_a": g_a, f"{prefix}.g_h": g_h, f"{prefix}.g_x": g_x,
        f"{prefix}.grad_W1": grad_w1, f"{prefix}.grad_W2": grad_w2,
        f"{prefix}.W1": new_w1, f"{prefix}.W2": new_w2,
        f"{prefix}.h_after": row(h), f"{prefix}.a_after": row(a), f"{prefix}.out_after": out,
        f"{prefix}.loss_after": loss_of_output(out),
    }


def sigmoid(z):
    return 1 / (1 + sp.exp(-z))


def logloss(z, y=Y):
    p = sigmoid(z)
    return -(y * sp.log(p) + (1 - y) * sp.log(1 - p))


def oracles() -> dict:
    h, a, yhat = forward(X, W1, W2)
    o = {
        "given.x": row(X), "given.W1": Matrix(W1), "given.W2": Matrix([[w] for w in W2]),
        "given.h": row(H_GIVEN), "given.a": row(A_GIVEN), "given.g_h": row(G_H),
        "given.g_a": row(G_A), "given.g_yhat": G_YHAT, "given.y": Y, "given.gamma": GAMMA,
    }
    # items 1-6: each layer with the sheet's input and the sheet's incoming gradient
    layers = {
        "layer1": (lambda u: [u[0] * W1[0][j] + u[1] * W1[1][j] for j in range(2)], X, G_H),
        "relu": (lambda u: [sp.Max(0, t) for t in u], H_GIVEN, G_A),
        "layer3": (lambda u: [u[0] * W2[0] + u[1] * W2[1]], A_GIVEN, [G_YHAT]),
    }
    for name, (function_of, point, incoming) in layers.items():
        jac, outgoing = vjp(function_of, point, incoming)
        o[f"{name}.input"] = row(point)
        o[f"{name}.output"] = row(function_of(point))
        o[f"{name}.jacobian"] = jac
        o[f"{name}.incoming"] = row(incoming)
        o[f"{name}.outgoing"] = outgoing
    # item 7 and the sheet check
    mse = lambda out: (out - Y) ** 2  # noqa: E731
    seed = sp.diff(mse(sp.Symbol("o")), "o").subs("o", yhat)
    target = sp.Symbol("t")
    o |= {
        "regression.yhat": yhat, "regression.loss": mse(yhat), "regression.dloss": seed,
        "regression.seed": 1, "regression.passed": 1 * seed,
        "check.true_seed": seed,
        "check.fitting_target": sp.solve(sp.Eq(2 * (yhat - target), G_YHAT), target)[0],
    }
    o |= step("mse_step", mse)
    # classification: sigmoid and logloss on top of the same logit
    z, p, q = sp.Integer(yhat), sigmoid(yhat), sp.Symbol("q")
    o |= {
        "classification.z": z, "classification.p": p,
        "classification.dp_dz": sp.diff(sigmoid(q), q).subs(q, z),
        "classification.loss": logloss(z),
        "classification.dloss_dp": sp.diff(-(Y * sp.log(q) + (1 - Y) * sp.log(1 - q)), q).subs(q, p),
        "classification.dloss_dz": sp.diff(logloss(q), q).subs(q, z),
        "classification.scale": sp.diff(logloss(q), q).subs(q, z) / seed,
    }
    o |= step("logloss_step", logloss)
    o["classification.p_after"] = sigmoid(o["logloss_step.out_after"])
    return o
