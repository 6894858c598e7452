"""The sheets and their tasks, in booklet order. Importing this module is cheap: solution
modules are named, not imported, so `generate.py --list` needs neither sympy nor numpy.

A registry entry holds only what cannot be derived: the id, the title and the part. Every
file of a task follows from its id by one convention (`task_stem`):

    ranepa3.5  ->  solutions/ranepa3/task05.py          the mathematics
                   templates/ranepa3/task05.tex.j2      the Russian text
                   checks/oracles/ranepa3/task05.py     the independent oracles
                   tests/tasks/ranepa3/test_task05.py   extra tests (optional)
"""

from __future__ import annotations

from dataclasses import dataclass


def task_stem(task_id: str) -> str:
    """`ranepa3.5` -> `ranepa3/task05`: the path of the task's files without suffix."""
    sheet, number = task_id.split(".")
    return f"{sheet}/task{int(number):02d}"


@dataclass(frozen=True)
class Sheet:
    id: str
    title: str  # as on the sheet
    origin: str  # who set it, when, if the title does not say
    author: str  # who set it, for the PDF's metadata
    credit: str = ""  # the sheet's own footnote on where its problems come from...
    credit_part: str | None = None  # ...for the tasks of this part (shown only with them)


@dataclass(frozen=True)
class Task:
    id: str  # "<sheet>.<number>", as in shared/seeds/README.md
    title: str  # short Russian title for the heading and the table of contents
    part: str | None = None  # a part of the sheet with an introduction of its own

    @property
    def sheet(self) -> str:
        return self.id.split(".")[0]

    @property
    def number(self) -> str:
        return self.id.split(".")[1]

    @property
    def module(self) -> str:
        """The solution module: PARAMS (the sheet's data), solve(params), maybe variant(seed)."""
        return "solutions." + task_stem(self.id).replace("/", ".")

    @property
    def template(self) -> str:
        """Under templates/: extends task.tex.j2, fills `statement` and `solution`."""
        return f"{task_stem(self.id)}.tex.j2"

    @property
    def part_template(self) -> str | None:
        """The part's introduction, rendered once before its first task in a build."""
        return f"{self.sheet}/{self.part}.tex.j2" if self.part else None


MAX_VARIANT = 1_000_000  # the largest variant number asked for: far beyond every pool
MATRIX_CALCULUS = "matrix_calculus"  # the part of ranepa3 its footnote credits

SHEETS = (
    Sheet("hse7", "Машинное обучение, ФКН ВШЭ. Домашнее задание №7", "", "ФКН ВШЭ"),
    Sheet(
        "ranepa3",
        "Тятя! Тятя! Наши сети притащили мертвеца!",
        "эконом РАНХиГС, осень 2019. Задачи к посиделке 3",
        "эконом РАНХиГС",
        "Часть задач по матричному дифференцированию взята из прототипа задачника по ML "
        'Демешева, часть "--- из конспектов Соколова.',
        MATRIX_CALCULUS,
    ),
)

TASKS = (
    Task("hse7.1", "Градиент полносвязного сигмоидного слоя"),
    Task("hse7.2", "Градиент свёрточного слоя"),
    Task("hse7.3", "Затухающие градиенты"),
    Task("hse7.4", "ReLU-сеть для XOR"),
    Task("ranepa3.1", "Граф вычислений"),
    Task("ranepa3.2", "Сеть 2-2-2-1: сложная функция, градиенты, обратное распространение"),
    Task("ranepa3.3", "Вовочкина сеть: два шага стохастического градиентного спуска"),
    Task("ranepa3.4", "Обратное распространение в матричном виде (ReLU)"),
    Task("ranepa3.5", "Нейросеть Маши: прямой и обратный проходы по слоям"),
    Task("ranepa3.6", "Семь производных", part=MATRIX_CALCULUS),
    Task("ranepa3.7", "Восемь матричных производных", part=MATRIX_CALCULUS),
    Task("ranepa3.8", "Линейная регрессия (МНК)", part=MATRIX_CALCULUS),
    Task("ranepa3.9", "Ridge и Lasso", part=MATRIX_CALCULUS),
    Task("ranepa3.10", "Логистическая функция потерь с регуляризацией", part=MATRIX_CALCULUS),
    Task(
        "ranepa3.11",
        "Оценки максимального правдоподобия для нормального вектора",
        part=MATRIX_CALCULUS,
    ),
    Task("ranepa3.12", "Ближайшая симметричная матрица", part=MATRIX_CALCULUS),
)


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
