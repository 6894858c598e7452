"""A developer check of the Moodle quiz against Moodle's own code (not part of the test suite:
it needs PHP and a Moodle 4.x source tree, which CI does not have).

    python scripts/moodle_check.py MOODLE_DIR [build/moodle-quiz.xml]

scripts/moodle_check.php reads the quiz with Moodle's cloze parser
(qtype_multianswer_extract_question) and grades typed answers with Moodle's numerical answer
processor and tolerance check. For every field this types its value as a student would
(four significant digits with a dot and with a comma, six digits, three digits, and a value
two tolerances off) and grades each form under the English interface (decimal point, thousands
comma, from the tree's lang/en/langconfig.php) and the Russian one (decimal comma, thousands
space). It prints the counts and exits non-zero unless: every field is numerical with the
quiz's value, the dot forms of four and six digits are right under both languages, and the
value two tolerances off is wrong under both. A typical mistake's value (after the right one
in a field) is typed with four digits and must earn exactly the part of the field the quiz
gives it.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
LANGUAGES = {"en": None, "ru": (",", " ")}  # en: read from the tree


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: python scripts/moodle_check.py MOODLE_DIR [QUIZ_XML]", file=sys.stderr)
        return 2
    if not Path(argv[0], "question/type/multianswer").is_dir():
        print(
            f"error: {argv[0]} is not a Moodle 4.x source tree "
            "(no question/type/multianswer in it)",
            file=sys.stderr,
        )
        return 2
    moodle = argv[0]
    quiz = argv[1] if len(argv) > 1 else "build/moodle-quiz.xml"
    if not Path(quiz).is_file():
        print(f"error: no quiz at {quiz}: build one with --variants A-B --moodle", file=sys.stderr)
        return 2
    questions = json.loads(_php(moodle, quiz, "fields"))
    typed, kinds = [], []
    for question in questions:
        for field in question["fields"]:
            answer = field["answers"][0]
            value, tolerance = Decimal(answer["answer"]), Decimal(answer["tolerance"])
            for kind, text in _forms(value, tolerance):
                typed.append([question["idnumber"], field["position"], text])
                kinds.append(kind)
            for mistake in field["answers"][1:]:  # typical mistakes: a part of the field
                text = _significant(Decimal(mistake["answer"]), 4)
                typed.append([question["idnumber"], field["position"], text])
                kinds.append(("mistake, 4 digits, dot", float(mistake["fraction"])))
    english = _langconfig(moodle)
    failures = 0
    for language, (decsep, thousands) in {**LANGUAGES, "en": english}.items():
        graded = json.loads(_php(moodle, quiz, "grade", decsep, thousands, typed))
        counts: dict[str, list[int]] = {}
        for kind, result in zip(kinds, graded, strict=True):
            kind, expected = kind if isinstance(kind, tuple) else (kind, 1.0)
            right, total = counts.setdefault(kind, [0, 0])
            counts[kind] = [right + (abs(result["fraction"] - expected) < 1e-6), total + 1]
        for kind, (right, total) in counts.items():
            print(f"{language} (decsep {decsep!r}): {kind}: {right} of {total} graded right")
        must = {"4 digits, dot": True, "6 digits, dot": True, "2 tolerances off": False}
        if "mistake, 4 digits, dot" in counts:  # graded with the part the quiz declares
            must["mistake, 4 digits, dot"] = True
        for kind, right_expected in must.items():
            right, total = counts[kind]
            if right != (total if right_expected else 0):
                print(f"FAIL {language}: {kind}", file=sys.stderr)
                failures += 1
    fields = sum(len(q["fields"]) for q in questions)
    print(f"{len(questions)} questions, {fields} fields read by Moodle's cloze parser")
    return 1 if failures else 0


def _forms(value: Decimal, tolerance: Decimal):
    for digits in (4, 6, 3):
        text = _significant(value, digits)
        yield f"{digits} digits, dot", text
        if digits == 4:
            yield "4 digits, comma", text.replace(".", ",")
    yield "2 tolerances off", format(value + 2 * tolerance, "f")


def _significant(value: Decimal, digits: int) -> str:
    if value == 0:
        return "0"
    exponent = value.adjusted() - digits + 1
    return format(value.quantize(Decimal(1).scaleb(exponent)), "f")


def _langconfig(moodle: str) -> tuple[str, str]:
    text = Path(moodle, "lang/en/langconfig.php").read_text(encoding="utf-8")
    found = dict(re.findall(r"\$string\['(decsep|thousandssep)'\]\s*=\s*'([^']*)'", text))
    return found["decsep"], found["thousandssep"]


def _php(moodle, quiz, mode, decsep=None, thousands=None, typed=None) -> str:
    args = ["php", str(HERE / "moodle_check.php"), moodle, quiz, mode]
    args += [decsep, thousands] if decsep is not None else []
    stdin = json.dumps(typed) if typed is not None else None
    return subprocess.run(args, input=stdin, capture_output=True, text=True, check=True).stdout


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
