"""A build from cached solves and fragments equals a full build, byte for byte, also after an
edit and a revert; an entry the cache did not sign itself is never trusted."""

from __future__ import annotations

import dataclasses
import functools
import pickle
import re

import numpy as np
import pytest
import sympy as sp

from engine import registry
from engine.builds import pipeline
from engine.store import cache
from engine.store.cache import Store
from tests.conftest import full_booklet, full_problems

TASKS = registry.select(None)


def rendered(store: Store, kind: str = "booklet", tasks=TASKS):
    return pipeline.render(tasks, kind=kind, store=store)


@pytest.fixture(scope="module")
def few() -> list[registry.Task]:
    """A task that draws figures, one that shows numbers, one that shows formulas and matrices
    but no single number: found in the full render (with the real templates: before `templates`
    swaps them), not named."""
    kinds: dict[str, set[str]] = {task.id: set() for task in TASKS}
    for claim in full_booklet().ledger:
        kinds[claim.task].add("drawn" if claim.drawn else claim.kind)
    wanted = [lambda k: "drawn" in k, lambda k: "number" in k, lambda k: "number" not in k]
    picked: list[registry.Task] = []
    for kind in wanted:
        picked.append(next(t for t in TASKS if kind(kinds[t.id]) and t not in picked))
    return picked


@functools.cache
def full_few(few: tuple[registry.Task, ...]):
    return pipeline.render(list(few))


def same_as(booklet, full) -> None:
    assert booklet.tex == full.tex
    assert booklet.ledger.to_json() == full.ledger.to_json()
    assert booklet.answers == full.answers
    for claim in full.ledger:
        assert booklet.ledger.needles(claim.id) == full.ledger.needles(claim.id)


@pytest.fixture(scope="module")
def filled(shared_cache):
    """The run's shared store (conftest.py), which the real builds of the run fill, after a
    build of the booklet and one of the problem sheet from it: it holds every task of both
    now, made by this build or an earlier one (the store is content-addressed)."""
    store = Store(shared_cache)
    rendered(store)
    rendered(store, "problems")
    return store


def nothing_computed(monkeypatch) -> None:
    def refuse(*_):
        raise AssertionError("solved although cached")

    monkeypatch.setattr(pipeline, "solve", refuse)
    monkeypatch.setattr(pipeline.Renderer, "render", _only_frames(pipeline.Renderer.render))


def _only_frames(render):
    """Sheet headings and introductions render every time; tasks and closing sections must
    not."""

    def checked(self, name, *, fills_task_frame=False, **context):
        assert not fills_task_frame, f"{name} rendered although cached"
        assert name not in pipeline.CLOSING, f"{name} rendered although cached"
        return render(self, name, fills_task_frame=fills_task_frame, **context)

    return checked


def test_a_build_from_the_cache_equals_a_full_build_and_computes_no_task(filled, monkeypatch):
    full = full_booklet(), full_problems()
    nothing_computed(monkeypatch)
    same_as(rendered(filled), full[0])
    same_as(rendered(filled, "problems"), full[1])


@pytest.mark.slow
def test_exact_values_come_back_from_the_cache_node_for_node(tmp_path, few):
    store = Store(tmp_path / "cache")
    first = rendered(store, tasks=few).ledger  # the values the cache was filled from
    again = rendered(store, tasks=few).ledger
    for claim in first:
        assert sp.srepr(again.exact(claim.id)) == sp.srepr(first.exact(claim.id)), claim.id


def leaves(value, path=""):
    """(path, value) of every sympy, numpy or plain value inside a solve result."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from leaves(getattr(value, field.name), f"{path}.{field.name}")
    elif isinstance(value, list | tuple):
        for k, item in enumerate(value):
            yield from leaves(item, f"{path}[{k}]")
    elif isinstance(value, dict):
        for k, item in value.items():
            yield from leaves(item, f"{path}[{k}]")
    else:
        yield path, value


@pytest.mark.parametrize("variant", [0, pytest.param(1, marks=pytest.mark.slow)])
def test_a_cached_solve_result_is_the_result_node_for_node(variant):
    for task in TASKS:
        solved = pipeline.solve(task, variant)
        back = pickle.loads(cache.dumps(solved))
        pairs = list(zip(leaves(solved), leaves(back), strict=True))
        for (path, value), (_, copy) in pairs:
            assert type(copy) is type(value), (task.id, path)
            if isinstance(value, sp.Basic | sp.MatrixBase):
                assert sp.srepr(copy) == sp.srepr(value), (task.id, path)
            elif isinstance(value, np.ndarray):
                assert np.array_equal(copy, value), (task.id, path)
            else:
                assert copy == value or value != value, (task.id, path)


def test_after_an_edit_only_the_edited_task_renders_and_a_revert_is_the_old_build(
    few, templates, tmp_path, monkeypatch
):
    store = Store(tmp_path / "cache")
    before = rendered(store, tasks=few)
    formulas = few[-1]
    path = templates / formulas.template
    original = path.read_text(encoding="utf-8")
    start = r"\BLOCK{block statement}"
    assert start in original, f"{formulas.template} fills no statement"
    path.write_text(original.replace(start, start + "Правка автора. ", 1), encoding="utf-8")
    rendering = []
    render = pipeline.Renderer.render

    def counted(self, name, *, fills_task_frame=False, **context):
        if fills_task_frame or name in pipeline.CLOSING:  # its answers are as they were
            rendering.append(name)
        return render(self, name, fills_task_frame=fills_task_frame, **context)

    monkeypatch.setattr(pipeline.Renderer, "render", counted)
    edited = rendered(store, tasks=few)
    assert "Правка автора." in edited.tex
    assert "Правка автора." not in before.tex
    assert rendering == [formulas.template]
    same_as(edited, pipeline.render(few))  # a full render of the edited templates

    path.write_text(original, encoding="utf-8")
    monkeypatch.setattr(pipeline.Renderer, "render", render)
    nothing_computed(monkeypatch)
    same_as(rendered(store, tasks=few), before)


def test_an_edit_to_a_boxed_answer_is_in_the_summary_too(few, templates, tmp_path):
    store = Store(tmp_path / "cache")
    rendered(store, tasks=few)
    boxed = re.compile(r"(\\BLOCK\{call final\([^)]*\)\}\n?)")
    task = next(t for t in few if boxed.search((templates / t.template).read_text("utf-8")))
    path = templates / task.template
    path.write_text(boxed.sub(r"\1Правка ответа. ", path.read_text("utf-8"), 1), "utf-8")
    again = rendered(store, tasks=few)
    summary = again.tex[again.tex.index(r"\section{Сводка ответов}") :]
    assert "Правка ответа." in summary
    assert again.tex == pipeline.render(few).tex


def test_an_edit_to_the_rubric_renders_the_closing_sections_again(few, tmp_path, monkeypatch):
    """The closing sections come from the cache (nothing_computed) until a data file they
    read changes: a partial credit reworded in templates/rubric.toml is on the new page."""
    store = Store(tmp_path / "cache")
    rendered(store, tasks=few)
    text = pipeline.RUBRIC.read_text(encoding="utf-8")
    tables = re.split(r'(?m)^(?=\["[^"]+"\]$)', text)
    task, table = next((t, x) for t in few for x in tables if x.startswith(f'["{t.id}"]'))
    partial = 'partial = { "" = \''
    assert partial in table, f"{task.id} has no partial credit to reword"
    edited = tmp_path / "rubric.toml"
    reworded = table.replace(partial, partial + "Правка критериев. ")
    edited.write_text(text.replace(table, reworded), encoding="utf-8")
    monkeypatch.setattr(pipeline, "RUBRIC", edited)
    again = rendered(store, tasks=few)
    assert "Правка критериев." in again.tex
    assert again.tex == pipeline.render(few).tex


@pytest.mark.slow
def test_a_shared_frame_edit_renders_every_task_again(few, templates, tmp_path, monkeypatch):
    store = Store(tmp_path / "cache")
    rendered(store, tasks=few)
    frame = templates / "task.tex.j2"
    frame.write_text(frame.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    solved = []
    solve = pipeline.solve
    monkeypatch.setattr(pipeline, "solve", lambda *a: solved.append(a) or solve(*a))
    again = rendered(store, tasks=few)
    assert not solved  # the solve results are still good
    assert again.tex == pipeline.render(few).tex


def damaged(store: Store, change) -> int:
    """Every entry of the store rewritten by `change`; how many."""
    entries = [p for p in store.root.rglob("*") if p.is_file() and p.name != "key"]
    for path in entries:
        path.write_bytes(change(path.read_bytes()))
    return len(entries)


@pytest.mark.slow
@pytest.mark.parametrize(
    "change",
    [
        lambda data: data[: len(data) // 2],  # cut short
        lambda data: data[:-1] + bytes([data[-1] ^ 1]),  # one bit flipped
    ],
    ids=["truncated", "bit-flipped"],
)
def test_a_damaged_entry_is_ignored_and_made_again(tmp_path, change, few):
    store = Store(tmp_path / "cache")
    rendered(store, tasks=few)
    assert damaged(store, change) >= 2 * len(few)
    same_as(rendered(store, tasks=few), full_few(tuple(few)))
    same_as(rendered(store, tasks=few), full_few(tuple(few)))  # rewritten, good entries


@pytest.mark.slow
def test_an_entry_signed_with_another_key_is_never_unpickled(tmp_path, few):
    store = Store(tmp_path / "cache")
    rendered(store, tasks=few)
    loaded = []

    class Trap:
        def __reduce__(self):
            return (loaded.append, ("unpickled",))

    foreign = Store(tmp_path / "cache")
    foreign._secret = b"x" * 32  # a cache written elsewhere, by someone else
    payload = pickle.dumps(Trap())
    for path in [p for p in store.root.rglob("*") if p.is_file() and p.name != "key"]:
        kind, key = path.parent.parent.name, path.name
        foreign.put(kind, key, payload)
    same_as(rendered(Store(tmp_path / "cache"), tasks=few), full_few(tuple(few)))
    assert not loaded
