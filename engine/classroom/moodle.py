"""A Moodle quiz of the variants: `moodle-quiz.xml` in Moodle's XML question format, written
with ElementTree (UTF-8, the declaration first).

Each variant is a category (`$course$/top/<title>/Вариант N`) and each task with graded answers
(templates/key.toml) a cloze ("embedded answers") question: the variant's statement as HTML
(statement_html.py), its pictures embedded as files, then one numeric field per number,
`{w:NUMERICAL:=value:tolerance}`, with a dot decimal and the key's absolute tolerance; the
instructions ask for a dot, which Moodle reads whatever the student's interface language. Each
field is preceded by its label in `<code>` (as graders and `--grade` name it). Every value is
the variant's ledger's.

Marks follow the rubric (templates/rubric.toml, `points`): a cloze question's mark is the sum
of its fields' integer weights (Moodle ignores `defaultgrade` on import), so the quiz takes one
scale K, the least whole number that gives every field a weight of at least 1, and splits each
item's K × points among the item's fields as evenly as whole numbers allow (weights within an
item differ by at most 1; an equal split would need K in the hundreds). A question is then
worth K × the points of the items it asks; the instructions say so, and each question
names the items of its task it does not ask (no number to type) with their points.

Cloze reads `{…}` as a field only in the form `{weight:TYPE:…}` (Moodle's ANSWER_START_REGEX
in question/type/multianswer/questiontype.php; the weight may be empty): text that contains
one anywhere in a question (statement, key text, label, name, feedback) is refused rather
than turned into a field, at its line in key.toml when it comes from there, and a field's
value carries none of the characters cloze would need escaped (`} # ~ / " \\`).

Every text that is not our own markup is HTML-escaped before it joins the question's HTML:
the key's `what` (LaTeX, shown by MathJax, which reads `&lt;` as `<`), labels, task names
and titles; a `<script>` or an `x<b` in them stays text.
"""

from __future__ import annotations

import base64
import html
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from engine import registry
from engine.classroom import key
from engine.classroom.mistakes import part
from engine.classroom.statement_html import Statement, statements
from engine.errors import UserError, located
from engine.ledger.claims import Claim
from engine.ledger.plain import plain_text
from engine.store.cache import Store

QUIZ = "moodle-quiz.xml"
TITLE = "Варианты"
# the start of a cloze field, for any type name (plugins add their own, e.g. REGEXP)
_FIELD_TEXT = re.compile(r"\{\d*:[A-Z_]+:")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_PENALTY = "0.3333333"
# How Moodle reads a typed number (qtype_numerical_answer_processor::apply_units): a comma is
# the decimal separator only when the student's interface language says so (Russian does,
# English does not: there `0,6623` is 6623), a dot always is; scripts/moodle_check.py checks
# this against Moodle's own code. The interval is the key's tolerance (key.tolerance).
_INSTRUCTIONS = (
    "<p>Автоматически проверяются только числа ниже; остальные пункты решите на бумаге. "
    "Ответ — десятичное число с точкой: 0.6623, не 0,6623 (при английском языке интерфейса "
    "Moodle читает запятую как разделитель тысяч). Ответ засчитывается, если отличается от "
    "точного не больше чем на пять единиц четвёртой значащей цифры (для 0.6623 — от 0.6618 "
    "до 0.6628): пишите четыре значащие цифры, промежуточные вычисления ведите с шестью. "
    "В метках индексы считаются с единицы: [i,j] — строка i, столбец j; [k] — k-й элемент "
    "строки или столбца.</p>"
)


@dataclass(frozen=True)
class VariantPaper:
    variant: int
    claims: list[Claim]
    statements: dict[str, str]  # task id -> its text in the variant's problem sheet (LaTeX)


def field(item: key.Item, weight: int = 1) -> str:
    """`{weight:NUMERICAL:=value:tolerance#Верно~%n%wrong:tolerance#feedback...}` for one
    number: the right value, then each typical mistake's value with the percentage of the
    field it keeps and its feedback (a mistake that keeps nothing is given 0 %). Feedback is
    HTML that cloze decodes; mistakes.py keeps `< > & ~ { } \\` out of it."""
    value, tolerance = item.answer, key.dot_decimal(item.tolerance)
    margins = [key.dot_decimal(wrong.tolerance) for wrong in item.mistakes]
    for text in (value, tolerance, *(wrong.answer for wrong in item.mistakes), *margins):
        if not _NUMBER.match(text):
            raise ValueError(f"{item.label}: {text!r} is not a plain decimal")
    alternatives = "".join(
        f"~%{_percent(wrong.keeps)}%{wrong.answer}:{margin}#{feedback(wrong)}"
        for wrong, margin in zip(item.mistakes, margins, strict=True)
    )
    said = "#Верно" if item.mistakes else ""
    return f"{{{weight}:NUMERICAL:={value}:{tolerance}{said}{alternatives}}}"


def feedback(wrong: key.Wrong) -> str:
    """What a student who typed a mistake's value is told: the mistake in plain text (cloze
    ends a feedback at `~` or `}` and decodes HTML entities in it, so neither may occur)."""
    kept = f"засчитано {part(wrong.keeps)} поля" if wrong.keeps else "не засчитано"
    return f"Типичная ошибка: {plain_text(wrong.text)}. Ответ {kept}."


def _percent(share) -> str:
    """A share of a field as cloze's percentage: up to five decimals, a dot."""
    return key.dot_decimal(round(float(share) * 100, 5))


def scale(questions: Sequence[tuple[str, Sequence[key.Item]]], points: dict) -> int:
    """The least K for which K × an item's points give each of its fields in `questions`
    (task id, its items) a whole weight of at least 1."""
    return max(
        (
            -(-count // points[task][item])
            for task, items in questions
            for item, count in Counter(i.item for i in items).items()
        ),
        default=1,
    )


def weights(items: Sequence[key.Item], points: dict[str, int], k: int) -> list[int]:
    """Each field's weight: its item's K × points split among the item's fields among `items`,
    as evenly as whole numbers allow, the item's first fields taking the remainder."""
    count, seen = Counter(item.item for item in items), Counter()
    found = []
    for item in items:
        share, rest = divmod(k * points[item.item], count[item.item])
        found.append(share + (seen[item.item] < rest))
        seen[item.item] += 1
    return found


def quiz(
    papers: Sequence[VariantPaper],
    store: Store,
    answers: list[key.Answer] | None = None,
    key_name: str = key.NAME,
    points: dict[str, dict[str, int]] | None = None,
) -> bytes:
    """The quiz's XML for these variants, with the key's answers (templates/key.toml unless
    given; `key_name` names their file in messages) and the rubric's points ({task: {item:
    points}}, templates/rubric.toml's unless given)."""
    answers = key.load() if answers is None else answers
    points = key.points() if points is None else points
    check_key(answers)
    built = {task for paper in papers for task in paper.statements}
    key.require_graded(answers, [t.id for t in registry.select(None) if t.id in built], key_name)
    what = {(a.task, a.label): a.what for a in answers}
    questions = []  # (variant, task, items), in variant and sheet order
    for paper in papers:
        items = key.items(answers, paper.claims)
        for task in registry.select(None):
            mine = [item for item in items if item.task == task.id]
            if mine and task.id in paper.statements:
                questions.append((paper, task, mine))
    if not questions:  # require_graded saw answers, but no variant shows them
        raise located(key_name, None, "no graded answer is shown by the variants built")
    _check_points([(task.id, items) for _, task, items in questions], answers, points)
    k = scale([(task.id, items) for _, task, items in questions], points)
    texts = [paper.statements[task.id] for paper, task, _ in questions]
    converted = statements(texts, store)
    root = ET.Element("quiz")
    current = None
    for (paper, task, items), statement in zip(questions, converted, strict=True):
        if paper.variant != current:
            current = paper.variant
            _category(root, f"$course$/top/{TITLE}/Вариант {paper.variant}")
        _cloze(root, paper.variant, task, items, statement, what, (k, points[task.id]))
    ET.indent(root, space=" ")
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"


def check_key(answers: list[key.Answer]) -> None:
    """Refuse key text that Moodle would read as an answer field, at its line in its file
    (run before anything is built: the quiz is made last)."""
    for answer in answers:
        for field_name, text, line in (
            ("what", answer.what, answer.what_line or answer.line),
            ("label", answer.label, answer.line),
        ):
            if answer.graded and _FIELD_TEXT.search(text):
                raise located(
                    answer.source,
                    line,
                    f"{answer.task} {answer.label}: {field_name} contains "
                    f"{_FIELD_TEXT.search(text)[0]!r}, which Moodle would read as an answer "
                    "field ({n:TYPE:...}); reword it (a space after the brace will do)",
                )


def _check_points(questions, answers: list[key.Answer], points: dict) -> None:
    """Stop at a graded answer's line when the rubric gives its item no points."""
    for task, items in questions:
        for item in items:
            if item.item not in points.get(task, {}):
                answer = next(a for a in answers if (a.task, a.label) == (task, _base(item.label)))
                raise located(
                    answer.source,
                    answer.line,
                    f"{task} {answer.label}: the rubric gives its item {item.item!r} no points",
                )


def _marks(k: int, asked: Sequence[key.Item], points: dict[str, int]) -> str:
    """What the question is worth, and the task's items it does not ask, with their points."""
    items = list(dict.fromkeys(item.item for item in asked))
    total = sum(points[item] for item in items)
    said = (
        f"<p>Вопрос стоит {k * total} = {k} × {total}: по {k} за каждый балл критериев "
        f"оценивания за {_names(items, points)}; поля одного пункта весят поровну."
    )
    left = [item for item in points if item not in items]
    if left:
        said += f" Здесь не спрашиваются (нет числа для ответа): {_names(left, points)}."
    return said + "</p>"


def _names(items: Sequence[str], points: dict[str, int]) -> str:
    if items == [""]:
        return f"задачу ({_points(points[''])})"
    named = ", ".join(f"«{_text(item)}» ({_points(points[item])})" for item in items)
    return ("пункт " if len(items) == 1 else "пункты ") + named


def _points(n: int) -> str:
    """`n балл/балла/баллов`, as Russian agrees the noun with the number."""
    if n % 10 == 1 and n % 100 != 11:
        return f"{n} балл"
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return f"{n} балла"
    return f"{n} баллов"


def _category(root: ET.Element, path: str) -> None:
    question = ET.SubElement(root, "question", type="category")
    ET.SubElement(ET.SubElement(question, "category"), "text").text = path
    ET.SubElement(ET.SubElement(question, "info", format="html"), "text").text = ""


def _cloze(root, variant: int, task, items, statement: Statement, what: dict, marks) -> None:
    if _FIELD_TEXT.search(statement.html):
        raise UserError(
            f"task {task.id}, variant {variant}: its statement contains text that Moodle would "
            "read as an answer field ({n:TYPE:...}); reword it"
        )
    k, points = marks
    fields = "\n".join(
        f"<li><code>{_text(item.label)}</code> — "
        f"\\({_text(what[(item.task, _base(item.label))])}\\)"
        + (f", \\({_text(item.symbol)} =\\) " if item.symbol else ": ")
        + f"{field(item, weight)}</li>"
        for item, weight in zip(items, weights(items, points, k), strict=True)
    )
    question_html = (
        f"<p><b>Вариант {variant}.</b></p>\n{statement.html}\n{_INSTRUCTIONS}\n"
        f"{_marks(k, items, points)}\n<ol>\n{fields}\n</ol>"
    )
    name = _text(f"Вариант {variant}. Задача {task.number}. {task.title}")
    feedback = "\n".join(
        f"<li><code>{_text(item.label)}</code>: {item.answer} "
        f"(±{key.dot_decimal(item.tolerance)})</li>"
        for item in items
    )
    shown = f"<p>Ответы варианта {variant}:</p>\n<ul>\n{feedback}\n</ul>"  # after the attempt
    # our fields and nothing else: what the checks above let through must not add one
    if len(_FIELD_TEXT.findall(question_html)) != len(items) or _FIELD_TEXT.search(name + shown):
        raise UserError(
            f"task {task.id}, variant {variant}: the question's text contains text that Moodle "
            "would read as an answer field ({n:TYPE:...}) besides its own fields"
        )
    question = ET.SubElement(root, "question", type="cloze")
    ET.SubElement(ET.SubElement(question, "name"), "text").text = name
    text = ET.SubElement(question, "questiontext", format="html")
    ET.SubElement(text, "text").text = question_html
    for image in statement.images:
        embedded = ET.SubElement(text, "file", name=image.name, path="/", encoding="base64")
        embedded.text = base64.b64encode(image.png).decode("ascii")
    ET.SubElement(ET.SubElement(question, "generalfeedback", format="html"), "text").text = shown
    ET.SubElement(question, "penalty").text = _PENALTY
    ET.SubElement(question, "hidden").text = "0"
    ET.SubElement(question, "idnumber").text = f"v{variant}-{task.id}"


def _text(text: str) -> str:
    """Text as HTML shows it: `<`, `>`, `&` and quotes escaped, never markup."""
    return html.escape(text, quote=True)


def _base(label: str) -> str:
    """`8.W1[1,0]` -> `8.W1`, the key's label."""
    return label.split("[", 1)[0]
