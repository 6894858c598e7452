r"""Regression battery for the instructor's configuration (issue 22, items 8, 9 and 11): one
case per line.

* templates/key.toml and templates/rubric.toml: an unknown task id, text that would break the
  table it is printed in, a file that is not text, each stopped at the file's line;
* the Moodle quiz: key text and names HTML-escaped (read back with ElementTree and an HTML
  parser), cloze syntax refused wherever it comes from (our fields checked with Moodle's
  own regex, tests/moodle_cloze.py), an empty key refused rather than an empty quiz;
* LaTeX mistakes in key or rubric text reported at the TOML line: the source map checked
  against the error TeX reports (as engine/tex/texlog.py reads it), and one real compile.

No booklet is rendered: the claims and the boxed answers are made up for the test.
"""

from __future__ import annotations

import functools
import html.parser
import re
import shutil
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path
from unittest import mock

import pytest

from engine import registry
from engine.builds import answer_key
from engine.builds.pipeline import ROOT, TEMPLATES
from engine.classroom import key, moodle, rubric
from engine.errors import UserError
from engine.ledger.claims import Claim, Ledger
from engine.render.answers import Answers, Final
from engine.render.templating import Renderer
from engine.store.cache import Store
from engine.tex import latex_errors
from engine.tex.document import Metadata, assemble
from engine.tex.texlog import TexError
from tests import moodle_cloze
from tests.conftest import REPO

TASK = "ranepa3.5"
CLAIMS = [
    Claim(f"{TASK}.a", TASK, "number", "-1/2", -0.5, r"-\frac12"),
    Claim(f"{TASK}.m", TASK, "matrix", "Matrix([[1, 2]])", [[1.0, 2.0]], "(1\\; 2)"),
]
STATEMENT = r"\subsubsection*{Условие} Найдите $x < b$ и \textbf{y}."


def entry(what: str = "w", task: str = TASK, label: str = "x", claim: str = "a", more=""):
    """A [[answer]] on lines 2-6 of a key file (line 1 is a comment, `what` on line 6)."""
    return (
        f'# key\n[[answer]]\ntask = "{task}"\nlabel = "{label}"\nclaim = "{claim}"\n'
        f"what = '{what}'\n{more}"
    )


def later(text: str) -> str:
    """An entry to follow another: without the file's first line."""
    return text.split("\n", 1)[1]


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def no_rubric(tmp_path: Path) -> Path:
    """A rubric without answers: a made-up key is then the only source of answers, whatever the
    real rubric grades for the made-up claims' task."""
    return write(tmp_path, "rubric.toml", "# no answers\n")


# --- templates/key.toml: (case, file text, line, words of the message) ---------------------
KEY_MISTAKES = [
    ("typo in a task id", entry(task="ranepa3.55"), 2, "unknown task 'ranepa3.55'; see generate"),
    ("a sheet, not a task", entry(task="ranepa3"), 2, "unknown task 'ranepa3'"),
    ("labels alike but for case", entry(label="w1") + later(entry(label="W1")), 7, "only in case"),
    ("control character", entry().replace("'w'", '"w\\u0002"'), 6, "control character U+0002"),
    ("brace never closed", entry(what="w^{1"), 6, "a { is never closed"),
    ("brace closes nothing", entry(what="w^1}"), 6, "a } closes no {"),
    ("alignment tab", entry(what="a & b"), 6, "& would start a new column"),
    ("comment", entry(what="a % b"), 6, "% would comment out the rest"),
    ("parameter character", entry(what="a # b"), 6, "# is TeX's parameter character"),
    ("dollar in a formula", entry(what="$w$"), 6, "$ inside a formula"),
    ("row break", entry(what="a \\\\ b"), 6, r"\\ would end the table's row"),
    ("what after a blank line", entry(what="x{").replace("what", "\nwhat"), 7, "a { is never"),
    ("second answer", entry() + "\n" + later(entry(label="y", what="}")), 12, "a } closes no {"),
]


@pytest.mark.parametrize(
    ("case", "text", "line", "words"), KEY_MISTAKES, ids=[c[0] for c in KEY_MISTAKES]
)
def test_a_key_mistake_is_stopped_at_its_line(tmp_path, case, text, line, words):
    path = write(tmp_path, "key.toml", text)
    with pytest.raises(UserError) as error:
        key.load(path)
    assert str(error.value).startswith(f"templates/key.toml:{line}: "), str(error.value)
    assert words in str(error.value)


@pytest.mark.parametrize(
    ("case", "content", "words"),
    [
        ("not UTF-8", "what = 'é'".encode("latin-1"), "is not UTF-8 text"),
        ("a directory", None, "cannot read the key"),
    ],
)
def test_a_key_that_is_not_a_text_file(tmp_path, case, content, words):
    path = tmp_path / "key.toml"
    if content is None:
        path.mkdir()
    else:
        path.write_bytes(content)
    with pytest.raises(UserError, match=words):
        key.load(path)


# --- templates/rubric.toml: (case, file text, line, words) ---------------------------------
RUBRIC_OK = '["hse7.1"]\ntotal = 10\npoints = { "" = 10 }\n'


def partial(text: str) -> str:
    """The rubric with `text` as the partial credit of hse7.1 (line 4)."""
    return RUBRIC_OK + f'partial = {{ "" = {text} }}\n'


RUBRIC_MISTAKES = [
    ("typo in a task id", RUBRIC_OK + '\n["hse7.11"]\ntotal = 1\n', 5, "unknown task 'hse7.11'"),
    ("id not quoted", RUBRIC_OK.replace('"hse7.1"', "hse7.1"), 1, 'in quotes: ["hse7.1"]'),
    ("id not quoted, not built", RUBRIC_OK + "[hse7.2]\n", 4, "'hse7'; see generate.py --list"),
    ("a stray key", "total = 3\n" + RUBRIC_OK, None, "unknown task 'total'"),
    ("partial: brace never closed", partial("'a {b'"), 4, 'partial "": a { is never closed'),
    ("partial: alignment tab", partial("'a & b'"), 4, "& would start a new column"),
    ("partial: formula never closed", partial("'a $x'"), 4, "formula begun with $ is never"),
    ("partial: a list", partial(r"'\begin{itemize}\item a\end{itemize}'"), 4, "an environment"),
    ("partial: row break", partial("'a \\\\ b'"), 4, r"\\ would end the table's row"),
    ("partial: not text", partial("3"), 4, 'partial "" must be text'),
    ("partial: control character", partial('"a\\u0007"'), 4, "contains U+0007"),
]


def hse71_answers() -> Answers:
    return Answers(finals=[Final("hse7.1", "", "", "ответ", "final:hse7.1")])


@pytest.mark.parametrize(
    ("case", "text", "line", "words"), RUBRIC_MISTAKES, ids=[c[0] for c in RUBRIC_MISTAKES]
)
def test_a_rubric_mistake_is_stopped_at_its_line(tmp_path, case, text, line, words):
    path = write(tmp_path, "rubric.toml", text)
    with pytest.raises(UserError) as error:
        rubric.load(path, "templates/rubric.toml", ["hse7.1"], hse71_answers())
    where = f"templates/rubric.toml:{line}: " if line else "templates/rubric.toml: "
    assert str(error.value).startswith(where), str(error.value)
    assert words in str(error.value)


def test_the_real_key_and_rubric_name_registered_tasks_only():
    ids = {task.id for task in registry.TASKS}
    assert {answer.task for answer in key.load()} <= ids
    import tomllib

    assert set(tomllib.loads((TEMPLATES / "rubric.toml").read_text(encoding="utf-8"))) <= ids


# --- the Moodle quiz ------------------------------------------------------------------------
def quiz(tmp_path, key_text: str, statement: str = STATEMENT) -> bytes:
    """The quiz of variant 3 with a made-up key: every item (its label's part before a ".")
    worth one point."""
    answers = key.load(write(tmp_path, "key.toml", key_text), rubric=no_rubric(tmp_path))
    paper = moodle.VariantPaper(3, CLAIMS, {TASK: statement})
    points = {TASK: {answer.item: 1 for answer in answers}}
    return moodle.quiz([paper], Store(tmp_path / "store"), answers, points=points)


FIELD = "Moodle would read as an answer field"
QUIZ_REFUSED = [  # (case, key text, text added to the statement, line, words): each refused
    ("cloze field in what", entry(what="{1:SHORTANSWER:=x}"), "", 6, "'{1:SHORTANSWER:'"),
    ("cloze field without weight", entry(what="a {:SA:=x} b"), "", 6, "what contains '{:SA:'"),
    ("cloze short type", entry(what="{2:NM:=1:0.1}"), "", 6, FIELD),
    ("cloze choices", entry(what="{1:MCV:a~=b~c}"), "", 6, FIELD),
    ("cloze plugin type", entry(what="{:REGEXP:=a.*}"), "", 6, FIELD),
    ("cloze field in the statement", entry(), r"\{1:NUMERICAL:=1:0\}", None, "its statement"),
    ("cloze without weight in the statement", entry(), r"\{:SA:=a\}", None, "its statement"),
    ("empty key", "# nothing yet\n", "", None, "no graded answers for the tasks built (ranepa3.5)"),
    ("only ungraded answers", entry(more="graded = false\n"), "", None, "no graded answers"),
    ("answers of other tasks", entry(task="ranepa3.3"), "", None, "no graded answers"),
]


@pytest.mark.parametrize(
    ("case", "text", "added", "line", "words"), QUIZ_REFUSED, ids=[c[0] for c in QUIZ_REFUSED]
)
def test_the_quiz_refuses(tmp_path, case, text, added, line, words):
    with pytest.raises(UserError) as error:
        quiz(tmp_path, text, f"{STATEMENT} {added}")
    message = str(error.value)
    if line:
        assert message.startswith(f"templates/key.toml:{line}: "), message
    assert words in message, message


def test_the_quiz_refuses_an_item_without_points(tmp_path):
    """A made-up key whose item the rubric's points do not name: stopped at the answer's line,
    not weighed as nothing."""
    answers = key.load(write(tmp_path, "key.toml", entry()), rubric=no_rubric(tmp_path))
    paper = moodle.VariantPaper(3, CLAIMS, {TASK: STATEMENT})
    with pytest.raises(UserError) as error:
        moodle.quiz([paper], Store(tmp_path / "store"), answers, points={TASK: {"y": 1}})
    assert str(error.value).startswith("templates/key.toml:2: "), str(error.value)
    assert "the rubric gives its item 'x' no points" in str(error.value)


class Reading(html.parser.HTMLParser):
    """The tags and the text of HTML, as a browser reads it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


SAFE_TAGS = {"p", "b", "strong", "span", "ol", "ul", "li", "code", "em"}
ESCAPED = [  # (case, what as key.toml holds it): shown as text, never markup
    ("script", "<script>alert(1)</script>"),
    ("less than", "x<b"),
    ("tag-like", "a <img src=x onerror=alert(1)> b"),
    ("ampersand", "a \\& b"),
    ("entity", "\\&lt;b\\&gt;"),
    ("closing math", "w\\) <b>bold</b> \\(v"),
    ("CDATA end", "]]> <!-- x"),
]


@pytest.mark.parametrize(("case", "what"), ESCAPED, ids=[c[0] for c in ESCAPED])
def test_key_text_reaches_the_quiz_as_text(tmp_path, case, what):
    root = ET.fromstring(quiz(tmp_path, entry(what=what)))  # well-formed XML, whatever `what`
    question = next(q for q in root if q.get("type") == "cloze")
    for part in ("questiontext/text", "generalfeedback/text", "name/text"):
        reading = Reading()
        reading.feed(question.findtext(part))
        assert set(reading.tags) <= SAFE_TAGS, (part, reading.tags)
        if part == "questiontext/text":
            assert f"\\({what}\\)" in "".join(reading.text)  # MathJax gets the LaTeX as typed


def test_only_our_fields_are_read_by_moodles_own_regex(tmp_path):
    """Moodle's parser (ported) finds exactly one numeric field per number, with its value,
    tolerance and weight, and nothing in the statement, the key's text or the labels. Items x
    (one field) and M (two) are worth a point each: K = 2, x weighs 2 and M's fields 1 each."""
    text = entry(what="{ 1:SA:=x} x<b") + "\n" + later(entry(label="M", claim="m", what="M"))
    question = next(q for q in ET.fromstring(quiz(tmp_path, text)) if q.get("type") == "cloze")
    found = moodle_cloze.fields(question.findtext("questiontext/text"))
    assert [(f.type, f.weight, f.answers, f.fractions) for f in found] == [
        ("NUMERICAL", "2", (("-0.5", "0.0005"),), (1.0,)),
        ("NUMERICAL", "1", (("1", "0.005"),), (1.0,)),
        ("NUMERICAL", "1", (("2", "0.005"),), (1.0,)),
    ]
    assert moodle_cloze.fields(question.findtext("generalfeedback/text")) == []


@pytest.mark.parametrize(
    ("text", "types"),
    [
        ("a {1:SHORTANSWER:=x} b", ["SHORTANSWER"]),
        ("{:SA:=x}{2:NM:=1:0.1}", ["SA", "NM"]),
        ("{1:MCV:a~=b#good}", ["MCV"]),
        ("{ 1:SA:=x} {1:sa:=x} {1:SA=x}", []),  # what the port must not read as fields
    ],
)
def test_the_ported_regex_reads_moodles_documented_examples(text, types):
    assert [field.type for field in moodle_cloze.fields(text)] == types
    assert bool(types) == bool(moodle._FIELD_TEXT.search(text))  # our check agrees


# --- LaTeX mistakes in TOML text, at the TOML line ------------------------------------------
def key_source(tmp_path, what: str):
    path = write(tmp_path, "key.toml", entry(what=what))
    alone = functools.partial(key.load, rubric=no_rubric(tmp_path))  # the key's answers only
    with mock.patch.object(key, "load", alone):
        tex, source_map = answer_key.key_tex([(1, CLAIMS)], path)
    return path, tex, source_map


def rubric_source(tmp_path, said: str):
    path = write(tmp_path, "rubric.toml", partial(f"'{said}'"))
    answers = hse71_answers()
    renderer = Renderer(TEMPLATES, ROOT, Ledger(), answers)
    rubrics = rubric.load(path, "templates/rubric.toml", ["hse7.1"], answers)
    tasks = registry.select(["hse7.1"])
    context = {"tasks": tasks, "sheets": [registry.sheet("hse7")], "answers": answers}
    context["sheets_handed_out"] = True
    context["mistakes"] = {"hse7.1": []}
    part = renderer.render("rubric.tex.j2", rubrics=rubrics, totals={"hse7": 10}, **context)
    tex, source_map = assemble("Критерии", [part], Metadata("", ""), contents=False)
    return path, tex, source_map


def tex_error(tex: str, text: str, command: str) -> TexError:
    """`Undefined control sequence` at `command`, as TeX reports it (engine/tex/texlog.py)."""
    lines = tex.splitlines()
    number = next(k for k, line in enumerate(lines, 1) if text in line)
    before = lines[number - 1][: lines[number - 1].index(command) + len(command)]
    return TexError("Undefined control sequence.", "./doc.tex", number, before, number)


# (case, source, text containing the mistake, TOML line, the text around the mistake)
MAPPED = [
    ("key: undefined command in what", key_source, r"w \nosuchkey", 6, r"\nosuchkey"),
    ("rubric: undefined command in partial", rubric_source, r"a \nosuchpart", 4, r"\nosuchpart"),
]


@pytest.mark.parametrize(
    ("case", "source", "text", "line", "command"), MAPPED, ids=[c[0] for c in MAPPED]
)
def test_a_latex_error_in_toml_text_is_reported_at_the_toml_line(
    tmp_path, case, source, text, line, command
):
    path, tex, source_map = source(tmp_path, text)
    error = latex_errors.explain(
        tex_error(tex, text, command), tex, tmp_path / "doc.tex", source_map
    )
    assert str(error).startswith(
        f"{path.resolve()}:{line}: LaTeX error: Undefined control sequence"
    ), str(error)


def test_the_templates_own_text_stays_at_the_template_line(tmp_path):
    _, tex, source_map = key_source(tmp_path, "w")
    number, row = next((k, line) for k, line in enumerate(tex.splitlines(), 1) if "& w &" in line)
    template = (REPO / "templates/answer_key.tex.j2").read_text(encoding="utf-8").splitlines()
    row_line = next(k for k, line in enumerate(template, 1) if r"\VAR{what}" in line)
    for column in (row.index("&"), row.index("& w &") + 2, len(row) - 1):  # around `what`
        expected = (
            ("templates/answer_key.tex.j2", row_line)
            if row[column] != "w"
            else (str(tmp_path.resolve() / "key.toml"), 6)
        )
        assert source_map.locate(number, column) == expected, column


@pytest.mark.slow
@pytest.mark.pdf
def test_a_real_latex_error_in_what_names_the_key_line(tmp_path):
    if shutil.which("latexmk") is None:
        pytest.fail("latexmk is missing: run `make test`, which installs TeX Live")
    from engine.tex.latex import compile_pdf

    path, tex, source_map = key_source(tmp_path, r"w \nosuchkey")
    with pytest.raises(UserError) as error:
        compile_pdf(tex, tmp_path / "latex", source_map, "answer-key")
    assert str(error.value).startswith(
        f"{path.resolve()}:6: LaTeX error: Undefined control sequence"
    )


def test_the_quizs_instructions_agree_with_how_moodle_grades(tmp_path):
    """The text asks for a decimal point (Moodle reads a comma as the thousands separator
    under English settings: scripts/moodle_check.py), and the interval it states for 0.6623
    is the one the field's tolerance gives: five units of the fourth significant digit."""
    root = ET.fromstring(quiz(tmp_path, entry()))
    html = next(q for q in root if q.get("type") == "cloze").findtext("questiontext/text")
    assert "с точкой" in html
    assert "точка или запятая" not in html
    low, high = re.search(r"для 0\.6623 — от ([0-9.]+) до ([0-9.]+)", html).groups()
    tolerance = key.tolerance(0.6623)
    # 0.6623 = 6.623e-1: its fourth significant digit is the 1e-4 place
    assert Decimal(low) == Decimal("0.6623") - tolerance == Decimal("0.6623") - 5 * Decimal("1e-4")
    assert Decimal(high) == Decimal("0.6623") + tolerance
    assert "индексы считаются с единицы" in html
