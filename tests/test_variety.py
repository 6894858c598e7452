"""Variants that are all different (solutions/variety.py, checks/distinct.py), the invariants
each variant must keep, and the simplest exact forms (solutions/exact.py)."""

from __future__ import annotations

import pickle
import random

import pytest
import sympy as sp

from checks import distinct
from checks.oracles import invariants_for
from checks.verify import given_of
from engine.builds import pipeline
from engine.ledger.claims import Claim
from engine.store.cache import Store, dumps
from solutions.exact import tidy
from solutions.variety import Pool
from tests.conftest import chosen_ids

VARYING = pipeline.varying_tasks(chosen_ids())  # those with a `variant` pool


def toy_pool(limit: int) -> Pool:
    """Pairs (a, b) from 0..limit-1 with a ≤ b, where (a, b) and (b, a) are one problem."""
    return Pool(
        {"a": range(limit), "b": range(limit)},
        lambda a, b: (a, b) if a <= b else None,
        key=lambda p: frozenset(p),
        sheet=(0, 0),
    )


def test_a_pool_numbers_distinct_admissible_draws_and_never_the_sheet():
    pool = toy_pool(6)
    drawn = [pool(n) for n in range(1, pool.size(100) + 1)]
    assert len(set(drawn)) == len(drawn) == 6 * 7 // 2 - 1  # every pair a ≤ b but the sheet's
    assert all(a <= b for a, b in drawn)
    assert (0, 0) not in drawn
    assert pool(0) == (0, 0)


def test_a_small_pool_repeats_in_order_and_says_how_many_it_has():
    pool = toy_pool(3)
    size = pool.size(100)
    assert size == 5
    assert [pool(n + size) for n in range(1, 6)] == [pool(n) for n in range(1, 6)]
    assert toy_pool(30).size(10) == 10  # a large pool is walked only as far as asked


def situated_pool(limit: int) -> Pool:
    """Numbers 1..limit-1, in the situations "small" (< 3), "even" and "odd"."""
    return Pool(
        {"n": range(limit)},
        lambda n: n,
        key=lambda n: n,
        sheet=0,
        situations=("small", "even", "odd"),
        situation=lambda n: "small" if n < 3 else "even" if n % 2 == 0 else "odd",
    )


def test_a_pool_with_situations_takes_them_in_turn_until_one_runs_out():
    pool = situated_pool(12)
    shown = [pool.situation_of(n) for n in range(1, pool.size(100) + 1)]
    assert pool.size(100) == 11  # 1..11, each once
    assert shown[:6] == ["small", "even", "odd"] * 2  # "small" has 1 and 2 only
    assert "small" not in shown[6:]
    assert shown[6:] == ["even", "odd"] * 2 + ["odd"]  # evens 4-10 ran out, odds 3-11 not
    assert sorted(pool(n) for n in range(1, 12)) == list(range(1, 12))


def test_situations_come_with_the_function_that_tells_them():
    with pytest.raises(ValueError, match="go together"):
        Pool({"n": [1]}, lambda n: n, key=lambda n: n, sheet=0, situations=("a",))


def test_a_pool_with_nothing_admissible_says_so():
    empty = Pool({"a": [1, 2]}, lambda a: None, key=lambda p: p, sheet=0)
    with pytest.raises(ValueError, match="no admissible variant"):
        empty(1)


def claim(task, claim_id, value, exact="", kind="number"):
    return Claim(f"{task}.{claim_id}", task, kind, exact or str(value), value, "")


def test_answers_equal_up_to_sign_are_one_problem_and_data_do_not_count():
    t = "ranepa3.5"
    a = [claim(t, "given.x", 1), claim(t, "loss", 0.5), claim(t, "grad", [1.0, -2.0])]
    b = [claim(t, "given.x", 7), claim(t, "loss", -0.5), claim(t, "grad", [-1.0, 2.0])]
    c = [claim(t, "given.x", 1), claim(t, "loss", 0.25), claim(t, "grad", [1.0, -2.0])]
    prints = {n: {t: distinct.answers_up_to_sign(v, t)} for n, v in enumerate([a, b, c])}
    assert distinct.repeats(prints, {t: 100}) == [
        (1, f"{t}: the same answers up to sign as the sheet")
    ]


def test_where_any_answer_is_right_the_data_tell_variants_apart():
    """hse7.4 asks for a network with a given threshold: two variants with one threshold are
    one problem, whatever weights their booklets found."""
    t = "hse7.4"
    a = [claim(t, "given.threshold", 0.5), claim(t, "given.W1", [[1.0, -1.0], [-1.0, 1.0]])]
    b = [claim(t, "given.threshold", 0.5), claim(t, "given.W1", [[2.0, -2.0], [-2.0, 2.0]])]
    prints = {n: {t: distinct.answers_up_to_sign(v, t)} for n, v in enumerate([a, b])}
    assert distinct.repeats(prints, {t: 100}) == [
        (1, f"{t}: the same answers up to sign as the sheet")
    ]


def test_a_repeat_is_expected_only_a_whole_pool_apart():
    same = {"t": ("answers",)}
    prints = {0: {"t": ("sheet",)}, 1: same, 4: same, 5: same}
    assert distinct.repeats(prints, {"t": 3}) == [(5, "t: the same answers up to sign as seed 1")]


@pytest.mark.per_task
@pytest.mark.parametrize("task", VARYING, ids=lambda t: t.id)
def test_the_sheet_keeps_every_invariant_its_variants_must(task, booklet):
    invariants = invariants_for(task.id, given_of(booklet.ledger, task.id))
    assert invariants, f"{task.id} draws variants but its oracle states no invariant"
    assert all(invariants.values()), invariants


@pytest.mark.per_task
@pytest.mark.parametrize("task", VARYING, ids=lambda t: t.id)
def test_the_first_eight_variants_are_different_problems(task):
    module = __import__(task.module, fromlist=["variant"])
    assert module.variant.size(8) == 8
    keys = {repr(module.variant(n)) for n in range(9)}
    assert len(keys) == 9, task.id


@pytest.mark.per_task
@pytest.mark.parametrize("task", VARYING, ids=lambda t: t.id)
def test_variants_1_to_30_show_every_situation_the_generator_names(task):
    pool = __import__(task.module, fromlist=["variant"]).variant
    shown = {pool.situation_of(n) for n in range(1, 31)}
    assert shown == (set(pool.situations) or {""}), task.id


@pytest.mark.stress
@pytest.mark.parametrize("task", VARYING, ids=lambda t: t.id)
def test_a_hundred_distinct_problems(task):
    assert __import__(task.module, fromlist=["variant"]).variant.size(100) == 100, task.id


def test_every_task_draws_variants():
    assert [t.id for t in VARYING] == chosen_ids()


@pytest.mark.stress
@pytest.mark.parametrize("task", VARYING, ids=lambda t: t.id)
def test_the_problem_sheets_of_variants_1_to_30_never_share_a_statement(task):
    statements: dict[str, int] = {}
    for n in range(1, 31):
        text = pipeline.render([task], kind="problems", variant=n).task_texts[task.id]
        assert text not in statements, f"{task.id}: variants {statements.get(text)} and {n}"
        statements[text] = n


def sigmoid_forms():
    """Expressions of the kinds the solutions build, at random hand-friendly points."""
    rng = random.Random(7)
    for _ in range(40):
        a = sp.Rational(rng.choice([-1, 1]) * rng.randint(1, 12), rng.choice([1, 2, 4, 8]))
        s = sp.exp(a) / (1 + sp.exp(a))
        yield from (s, 1 - s, s * (1 - s), sp.exp(-a) / (1 + sp.exp(-a)), 1 / (1 + sp.exp(-a)))
        yield from (sp.expand_log(-sp.log(s), force=True), sp.log(1 + sp.exp(-a)) + a)
        yield (s - 1) * rng.randint(1, 3) / (4 * (1 + sp.exp(a)))


@pytest.mark.parametrize("expr", list(sigmoid_forms())[:120], ids=str)
def test_tidy_keeps_the_value_and_is_no_harder_to_read(expr):
    simple = tidy(expr)
    assert abs(sp.N(simple - expr, 50)) < 1e-40
    if expr.has(sp.log):  # ln(1 + e^(-a)) is the shortest form of a logloss
        assert len(str(simple)) <= len(str(expr))
        return
    negative = lambda e: sum(1 for x in e.atoms(sp.exp) if x.args[0].could_extract_minus_sign())
    assert negative(simple) <= negative(expr)  # e^a/(1 + e^a), as the sheets write σ
    if negative(simple) == negative(expr):  # factoring may add a pair of brackets
        assert len(str(simple)) <= len(str(expr)) + 4


@pytest.mark.parametrize(
    ("expr", "hand_written"),
    [
        (sp.exp(sp.Rational(-1, 2)) / (1 + sp.exp(sp.Rational(-1, 2))), "1/(1 + exp(1/2))"),
        (1 - sp.exp(sp.Rational(5, 8)) / (1 + sp.exp(sp.Rational(5, 8))), "1/(1 + exp(5/8))"),
        (sp.log(sp.exp(sp.Rational(-5, 8)) + 1) + sp.Rational(5, 8), "log(1 + exp(5/8))"),
        (sp.log(1 + sp.exp(sp.Rational(5, 8))) - sp.Rational(5, 8), "log(exp(-5/8) + 1)"),
        (sp.exp(2) / (1 + sp.exp(2)), "exp(2)/(1 + exp(2))"),
    ],
)
def test_tidy_writes_sigmoids_and_their_logs_as_by_hand(expr, hand_written):
    assert str(tidy(expr)) == hand_written


def _unwalked(pool: Pool, build=None) -> Pool:
    """The same pool as a fresh process has it (its grid, tests and situations), unwalked."""
    axes = dict(zip(pool._names, pool._axes, strict=True))
    return Pool(
        axes,
        build or pool._build,
        pool._key,
        pool._sheet,
        pool._finish,
        pool.situations,
        pool._situation,
    )


@pytest.mark.slow
def test_a_walk_taken_up_from_a_snapshot_finds_what_a_fresh_walk_finds():
    """Another process resumes a pool's walk from the cache (engine/builds/walks.py, through
    the store's pickling): the variants it then finds are those a walk from the start finds,
    situations dealt in the same turn."""
    for task in VARYING:
        pool = __import__(task.module, fromlist=["variant"]).variant
        expected = [_unwalked(pool)(n) for n in range(1, 9)]
        walker = _unwalked(pool)
        walker(4)
        resumed = _unwalked(pool)
        resumed.resume(pickle.loads(dumps(walker.snapshot())))
        assert [resumed(n) for n in range(1, 9)] == expected, task.id


def test_a_build_resumes_the_walk_its_cache_keeps(tmp_path, monkeypatch):
    from engine.builds import walks

    store, task = Store(tmp_path), VARYING[-1]
    module = __import__(task.module, fromlist=["variant"])
    pool = module.variant
    monkeypatch.setattr(module, "variant", _unwalked(pool))
    first = walks.drawn(task, 6, store)

    def walked_again(**choice):
        raise AssertionError("walked a step the cache holds")

    monkeypatch.setattr(module, "variant", _unwalked(pool, build=walked_again))
    assert walks.drawn(task, 6, store) == first
