"""Seeded variants that are all different: the seed-th admissible draw from a finite grid.

A generator that draws at random repeats itself (the birthday paradox: among 30 variants
drawn from a few hundred parameter sets, two coincide more often than not) and cannot promise
a class that no two students share a problem. A `Pool` instead walks the grid of parameter
choices in one fixed shuffled order and numbers the admissible ones 1, 2, 3, ... skipping

* draws that break the task's pedagogical invariants (the generator's `build` returns None);
* draws equivalent to an earlier one or to the sheet: `key` maps a parameter set to what
  its answers are up to sign, so two draws with the same key would be the same problem.

So variants 1..N are distinct for any N up to the pool's size; beyond it they repeat in the
same order (variant n and n + size are the same problem), which `size` lets a caller state.
The walk is lazy and cached per process: variant 200 costs 200 admissible draws, not the
whole grid; `snapshot` and `resume` let another process take it up where this one stopped.

A task that can show different teaching situations (which neuron is blocked, whether a step
kills the neurons) names them: `situations` lists them and `situation(params)` says which one
a draw shows. Variants then take the situations in turn (variant 1 the first, variant 2 the
second, ...), so any k consecutive variants show all k of them while each has draws left.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Sequence
from typing import Any


class Pool:
    def __init__(
        self,
        axes: dict[str, Sequence],
        build: Callable[..., Any],
        key: Callable[[Any], Hashable],
        sheet: Any,
        finish: Callable[[Any], Any] = lambda draft: draft,
        situations: Sequence[str] = (),
        situation: Callable[[Any], str] | None = None,
    ):
        """axes: the choices for each parameter; build(**choice) gives the task's Params or
        None if the choice is not admissible; key(params) identifies the problem; sheet: the
        sheet's Params (variant 0), never repeated by a variant. A large grid may build a
        cheap draft instead, which `finish` turns into Params once it is kept. situations and
        situation(params): the teaching situations the task shows, taken in turn."""
        if bool(situations) != (situation is not None):
            raise ValueError("situations and situation(params) go together")
        self.situations = tuple(situations)
        self._situation = situation
        self._queues: dict[str, list] = {name: [] for name in self.situations}
        self._dealt = 0  # draws handed out in turn so far
        self._names = list(axes)
        self._axes = [list(choices) for choices in axes.values()]
        self._build, self._key, self._sheet, self._finish = build, key, sheet, finish
        self._grid = math.prod(len(choices) for choices in self._axes)
        self._stride = _coprime_stride(self._grid)
        self._walked = 0  # grid positions visited so far
        self._found: list = []
        self._seen = {key(sheet)}

    def __call__(self, seed: int):
        """Variant `seed`; 0 is the sheet."""
        if seed == 0:
            return self._sheet
        self._walk_until(seed)
        if not self._found:
            raise ValueError("no admissible variant in the grid")
        return self._found[(seed - 1) % len(self._found)]

    def size(self, up_to: int) -> int:
        """How many distinct variants there are, or `up_to` if there are at least that many."""
        self._walk_until(up_to)
        return min(len(self._found), up_to)

    @property
    def walked(self) -> int:
        """Grid positions visited so far."""
        return self._walked

    def walked_to(self, seed: int) -> bool:
        """Whether variant `seed` is found without walking further."""
        return seed <= len(self._found) or self._walked >= self._grid

    def snapshot(self) -> dict:
        """The walk so far, to resume in another process (the grid is the module's own)."""
        return {
            "walked": self._walked,
            "found": list(self._found),
            "seen": set(self._seen),
            "queues": {name: list(queue) for name, queue in self._queues.items()},
            "dealt": self._dealt,
        }

    def resume(self, snapshot: dict) -> None:
        """Continue from a walk `snapshot` of this pool that went further than this one."""
        if snapshot["walked"] <= self._walked:
            return
        self._walked, self._found, self._seen = (
            snapshot["walked"],
            snapshot["found"],
            snapshot["seen"],
        )
        self._queues, self._dealt = snapshot["queues"], snapshot["dealt"]

    def situation_of(self, seed: int) -> str:
        """The teaching situation variant `seed` shows ("" without situations)."""
        return self._situation(self(seed)) if self._situation and seed else ""

    def _walk_until(self, count: int) -> None:
        while len(self._found) < count and self._walked < self._grid:
            params = self._build(**self._choice(self._walked))
            self._walked += 1
            if params is None:
                continue
            key = self._key(params)
            if key in self._seen:
                continue
            self._seen.add(key)
            if not self._situation:
                self._found.append(self._finish(params))
                continue
            shown = self._situation(params)
            if shown not in self._queues:
                raise ValueError(f"situation {shown!r} is not one of {self.situations}")
            self._queues[shown].append(params)
            self._deal(done=False)
        if self._situation and self._walked >= self._grid:
            self._deal(done=True)

    def _deal(self, done: bool) -> None:
        """Hand out queued draws, the situations in turn; a situation with nothing queued
        holds the turn until the grid is walked (then it is skipped)."""
        while True:
            waiting = [name for name in self.situations if self._queues[name]]
            turn = self.situations[self._dealt % len(self.situations)]
            if self._queues[turn]:
                self._found.append(self._finish(self._queues[turn].pop(0)))
            elif done and waiting:
                self._dealt += 1  # exhausted: the next situation takes its turn
                continue
            else:
                return
            self._dealt += 1

    def _choice(self, position: int) -> dict:
        """The grid point at `position` of the shuffled order (an affine permutation of the
        mixed-radix index: every point once, neighbours far apart)."""
        index = (position * self._stride + self._grid // 3) % self._grid
        choice = {}
        for name, choices in zip(self._names, self._axes, strict=True):
            index, digit = divmod(index, len(choices))
            choice[name] = choices[digit]
        return choice


def _coprime_stride(n: int) -> int:
    """A step near n/φ sharing no factor with n, so that i -> i·step mod n is a permutation."""
    stride = max(1, round(n / 1.618))
    while math.gcd(stride, n) != 1:
        stride += 1
    return stride
