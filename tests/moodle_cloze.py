r"""Moodle's own reading of a cloze question's text, ported to Python to check our quiz with.

From question/type/multianswer/questiontype.php of Moodle 4.x (read at
github.com/andrewnicols/moodle, commit b70448bd5f99f25ae251a16cb2cea914d12448f7, a core
developer's copy of moodle/moodle): the constants ANSWER_ALTERNATIVE_*_REGEX, NUMBER_REGEX,
NUMERICAL_ALTERNATIVE_REGEX, ANSWER_TYPE_DEF_REGEX, ANSWER_START_REGEX and ANSWER_REGEX,
with their group numbers, and the loop of `qtype_multianswer_extract_question`: find the
first field (`preg_match('/'.ANSWER_REGEX.'/s', ...)`), record it, replace its first
occurrence by `{#k}`, repeat. The XML importer (qformat_xml::import_multianswer) runs it on
the question text as the XML holds it, with no unescaping of its own.

Two faithful changes of form, not of meaning: PHP's single-quoted `'\\\\\\\\'` is the regex
`\\\\` (two backslashes), kept so; and Python's lookbehind needs one width per assertion,
so PCRE's `(?<!\\\\|&|&amp;)` is written as three negative lookbehinds in a row, which
refuse exactly what the alternation refuses.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

FRACTION = r"=|%(-?[0-9]+(?:[.,][0-9]*)?)%"  # ANSWER_ALTERNATIVE_FRACTION_REGEX
ANSWER = r".+?(?<!\\\\)(?<!&)(?<!&amp;)(?=[~#}]|$)"  # ANSWER_ALTERNATIVE_ANSWER_REGEX
FEEDBACK = r".*?(?<!\\\\)(?=[~}]|$)"  # ANSWER_ALTERNATIVE_FEEDBACK_REGEX
ALTERNATIVE = f"({FRACTION})?({ANSWER})(#({FEEDBACK}))?"  # ANSWER_ALTERNATIVE_REGEX
ALTERNATIVE_FRACTION, ALTERNATIVE_PERCENT, ALTERNATIVE_ANSWER = 1, 2, 3
ALTERNATIVE_FEEDBACK = 5  # ANSWER_ALTERNATIVE_REGEX_FEEDBACK
NUMBER = r"-?(([0-9]+[.,]?[0-9]*|[.,][0-9]+)([eE][-+]?[0-9]+)?)"  # NUMBER_REGEX
NUMERICAL_ALTERNATIVE = f"^({NUMBER})(:{NUMBER})?$"
NUMERICAL_CORRECT_ANSWER, NUMERICAL_ABS_ERROR_MARGIN = 1, 6
TYPE_DEF = (  # ANSWER_TYPE_DEF_REGEX
    "(NUMERICAL|NM)|(MULTICHOICE|MC)|(MULTICHOICE_V|MCV)|(MULTICHOICE_H|MCH)|"
    "(SHORTANSWER|SA|MW)|(SHORTANSWER_C|SAC|MWC)|"
    "(MULTICHOICE_S|MCS)|(MULTICHOICE_VS|MCVS)|(MULTICHOICE_HS|MCHS)|"
    "(MULTIRESPONSE|MR)|(MULTIRESPONSE_H|MRH)|(MULTIRESPONSE_S|MRS)|(MULTIRESPONSE_HS|MRHS)"
)
START = r"\{([0-9]*):(" + TYPE_DEF + "):"  # ANSWER_START_REGEX
ANSWER_REGEX = re.compile(START + "(" + ALTERNATIVE + "(~" + ALTERNATIVE + ")*)\\}", re.S)
REGEX_NORM, REGEX_TYPE, REGEX_NUMERICAL, REGEX_ALTERNATIVES = 1, 2, 3, 16


@dataclass(frozen=True)
class Field:
    type: str  # as written: NUMERICAL, SA, ...
    weight: str  # "" means 1
    answers: tuple[tuple[str, str | None], ...]  # (answer, tolerance for a numeric one)
    fractions: tuple[float, ...] = ()  # of the field's mark, per answer: "=" 1, %p% p/100, else 0
    feedbacks: tuple[str, ...] = ()  # per answer, unescaped as Moodle stores it


def fields(text: str) -> list[Field]:
    """The answer fields Moodle makes of a cloze question's text, in order."""
    found = []
    alternative = re.compile("~?" + ALTERNATIVE, re.S)
    numerical = re.compile(NUMERICAL_ALTERNATIVE, re.S)
    position = 1
    while match := ANSWER_REGEX.search(text):
        answers, fractions, feedbacks = [], [], []
        remaining = match[REGEX_ALTERNATIVES]
        while alt := alternative.search(remaining):
            if alt[ALTERNATIVE_FRACTION] == "=":
                fractions.append(1.0)
            elif alt[ALTERNATIVE_PERCENT]:  # PHP: .01 * str_replace(',', '.', $percentile)
                fractions.append(0.01 * float(alt[ALTERNATIVE_PERCENT].replace(",", ".")))
            else:
                fractions.append(0.0)
            said = html.unescape(alt[ALTERNATIVE_FEEDBACK] or "")  # html_entity_decode
            feedbacks.append(said.replace("\\}", "}").replace("\\#", "#"))
            number = numerical.search(alt[ALTERNATIVE_ANSWER]) if match[REGEX_NUMERICAL] else None
            if number:
                answers.append(
                    (number[NUMERICAL_CORRECT_ANSWER], number[NUMERICAL_ABS_ERROR_MARGIN])
                )
            else:
                answers.append((alt[ALTERNATIVE_ANSWER], None))
            remaining = remaining.split(alt[0], 1)[1]  # PHP: explode($altregs[0], ..., 2)[1]
        found.append(
            Field(
                match[REGEX_TYPE],
                match[REGEX_NORM],
                tuple(answers),
                tuple(fractions),
                tuple(feedbacks),
            )
        )
        text = text.replace(match[0], f"{{#{position}}}", 1)
        position += 1
    return found
