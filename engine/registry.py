"""The sheets and their tasks, in booklet order. Importing this module is cheap: solution
modules are named, not imported, so `generate.py --list` needs neither sympy nor numpy.

A new task is a solution module, a template, a test module and one line in TASKS.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sheet:
    id: str
    title: str  # as on the sheet
    origin: str  # who set it, when


@dataclass(frozen=True)
class Task:
    id: str  # "<sheet>.<number>", as in shared/seeds/README.md
    title: str  # short Russian title for the heading and the table of contents
    module: str  # solution module: PARAMS (the sheet's data) and solve(params) -> result
    template: str  # under templates/: blocks `statement` and `solution`
    part: str | None = None  # a part of the sheet with an introduction of its own (below)

    @property
    def sheet(self) -> str:
        return self.id.split(".")[0]

    @property
    def number(self) -> str:
        return self.id.split(".")[1]


SHEETS = (
    Sheet("hse7", "Машинное обучение, ФКН ВШЭ. Домашнее задание №7", "ФКН ВШЭ"),
    Sheet("ranepa3", "Тятя! Тятя! Наши сети притащили мертвеца!",
          "эконом РАНХиГС, осень 2019. Задачи к посиделке 3"),
)

TASKS = (
    Task("hse7.1", "Градиент полносвязного сигмоидного слоя", "solutions.hse7.task01",
         "hse7/task01.tex.j2"),
    Task("hse7.2", "Градиент свёрточного слоя", "solutions.hse7.task02", "hse7/task02.tex.j2"),
    Task("hse7.3", "Почему затухают градиенты", "solutions.hse7.task03", "hse7/task03.tex.j2"),
    Task("hse7.4", "ReLU-сеть для XOR и линейная неразделимость", "solutions.hse7.task04",
         "hse7/task04.tex.j2"),
    Task("ranepa3.1", "Граф вычислений и производные по путям",
         "solutions.ranepa3.task01", "ranepa3/task01.tex.j2"),
    Task("ranepa3.2", "Сеть 2-2-2-1: сложная функция, градиенты, backprop",
         "solutions.ranepa3.task02", "ranepa3/task02.tex.j2"),
    Task("ranepa3.3", "Вовочкина сеть: два шага SGD из нуля",
         "solutions.ranepa3.task03", "ranepa3/task03.tex.j2"),
    Task("ranepa3.4", "Обратное распространение в матричном виде (ReLU)",
         "solutions.ranepa3.task04", "ranepa3/task04.tex.j2"),
    Task("ranepa3.5", "Нейросеть Маши: forward и backward по слоям",
         "solutions.ranepa3.task05", "ranepa3/task05.tex.j2"),
    Task("ranepa3.6", "Семь производных", "solutions.ranepa3.task06", "ranepa3/task06.tex.j2",
         part="matrix"),
    Task("ranepa3.7", "Восемь матричных производных", "solutions.ranepa3.task07",
         "ranepa3/task07.tex.j2", part="matrix"),
    Task("ranepa3.8", "Линейная регрессия (МНК)", "solutions.ranepa3.task08",
         "ranepa3/task08.tex.j2", part="matrix"),
    Task("ranepa3.9", "Ridge и Lasso", "solutions.ranepa3.task09", "ranepa3/task09.tex.j2",
         part="matrix"),
    Task("ranepa3.10", "Логистическая функция потерь с регуляризацией",
         "solutions.ranepa3.task10", "ranepa3/task10.tex.j2", part="matrix"),
    Task("ranepa3.11", "Оценки максимального правдоподобия для нормального вектора",
         "solutions.ranepa3.task11", "ranepa3/task11.tex.j2", part="matrix"),
    Task("ranepa3.12", "Ближайшая симметричная матрица", "solutions.ranepa3.task12",
         "ranepa3/task12.tex.j2", part="matrix"),
)


# Introductions rendered once, before the first task of their part in a build.
PARTS = {
    "matrix": "ranepa3/matrix_calculus.tex.j2",
}


def sheet(sheet_id: str) -> Sheet:
    return next(s for s in SHEETS if s.id == sheet_id)


def select(ids: list[str] | None) -> list[Task]:
    """The named tasks in booklet order (all when `ids` is None); KeyError names unknown ids."""
    if ids is None:
        return list(TASKS)
    known = {t.id for t in TASKS}
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise KeyError(", ".join(unknown))
    return [t for t in TASKS if t.id in set(ids)]
