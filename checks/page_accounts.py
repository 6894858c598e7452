"""Is every number a compiled PDF prints accounted for? A number on a page must be structural by
a rule of checks/page_numbers.py, or shown by the ledger: a claim's LaTeX (`numbers_in_latex`),
a number a template types on purpose or a TOML file's data (claims.json's `typed`).

Page by page where the build's .aux says which pages each task occupies (`\\label{task:ID}`):
a number on a task's pages must be that task's (its claims, its template's typed numbers) or
of the frame every task shares; the closing sections («Сводка ответов» on) and a document
without an .aux may show any number of the ledger.

    python -m checks.page_accounts build/booklet.pdf build/claims.json [more claims.json ...]
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

from checks.page_numbers import Found, numbers_on_pages

# --- numbers in a claim's LaTeX ----------------------------------------------------------------

_LATEX_NUMBER = re.compile(r"\d+(?:\{,\}\d+|\.\d+)?")  # 0{,}5; plot data (drawn) has 0.5
_GREEK = (
    "alpha|beta|gamma|delta|epsilon|varepsilon|zeta|eta|theta|vartheta|iota|kappa|lambda|mu|nu|"
    "xi|pi|rho|sigma|tau|upsilon|phi|varphi|chi|psi|omega|Gamma|Delta|Theta|Lambda|Xi|Pi|Sigma|"
    "Phi|Psi|Omega|ell"
)
# a name and its scripts: x_{1}, W_{2}^{T}, w^{1}_{11}, \delta^{3}, \hat{y}_1 (not \rVert_1)
_NAME_SCRIPTS = re.compile(
    rf"(?:\\[A-Za-z]+\{{[A-Za-z]+\}}|\\(?:{_GREEK})|(?<![\\A-Za-z])[A-Za-z]+)(?![A-Za-z])"
    r"((?:\s*[_^]\s*(?:\{[^{}]*\}|[^\s{}\\]))+)"
)


def numbers_in_latex(latex: str) -> Counter[str]:
    """The number tokens `latex` prints, as the PDF's text reads them: `0{,}4655` is `0,4655`,
    a sign is no part of a token, `\\frac{1}{3}` is `1` and `3`, `m \\cdot 10^{-5}` is `m`,
    `10` and `5`. Digits opening a script of a letter (`x_{1}`, `W_{2}^{T}`, `\\delta^{3}`)
    are part of a name, as on the page; `X^{-1}` is not (the minus comes between)."""

    def hide(name: re.Match) -> str:  # the digits opening each script of a name
        scripts = re.sub(
            r"([_^]\s*)(\{\s*\d+|\d)", lambda s: s[1] + re.sub(r"\d", "§", s[2]), name[1]
        )
        return name[0][: name.start(1) - name.start(0)] + scripts

    text, found = _NAME_SCRIPTS.sub(hide, latex), Counter()
    for match in _LATEX_NUMBER.finditer(text):
        before, digits = text[: match.start()], match.group()
        if re.search(r"\\[dt]?frac\s*$", before) and digits.isdigit() and len(digits) > 1:
            found.update(d for d in (digits[0], digits[1], digits[2:]) if d)  # \frac12: 1, 2
        elif not re.search(r"(?<!\\)\b[A-Za-z]+$", before):  # hse7: digits glued to a name
            found[digits.replace("{,}", ",").replace(".", ",")] += 1
    return found


# --- what the ledger accounts for, and where -----------------------------------------------------

_LABEL = re.compile(r"\\newlabel\{(task:[^}]+|closing)\}\{\{[^}]*\}\{(\d+)\}")
EVERYWHERE = ""  # the tasks key of numbers any page may show (frame templates, TOML data)


def accounts(*claims_json: Path) -> dict[str, set[str]]:
    """task id -> the number tokens the ledgers show for it; EVERYWHERE -> those of no task.
    A layout length never prints, so it accounts for nothing on the page."""
    from engine.registry import select  # the task a template belongs to

    owner = {f"templates/{task.template}": task.id for task in select(None)}
    found: dict[str, set[str]] = {EVERYWHERE: set()}
    for path in claims_json:
        ledger = json.loads(Path(path).read_text(encoding="utf-8"))
        for claim in ledger["claims"]:
            found.setdefault(claim.get("task", EVERYWHERE), set()).update(
                numbers_in_latex(claim.get("latex", ""))
            )
        for typed in ledger.get("typed", []):
            if typed.get("rule") != "layout":
                found.setdefault(owner.get(typed["template"], EVERYWHERE), set()).add(typed["text"])
    return found


def accounted_numbers(*claims_json: Path) -> set[str]:
    """Every token the ledgers account for, on any page."""
    return set().union(*accounts(*claims_json).values())


def task_pages(aux: Path):
    """page -> the tasks whose pages include it (None from the closing sections on, and on a
    page no task is on), from the .aux labels: a task runs from its label's page to the next
    task's (or to the closing sections, or the end)."""
    labels = [(name, int(page)) for name, page in _LABEL.findall(aux.read_text(errors="replace"))]
    closing = next((page for name, page in labels if name == "closing"), None)
    tasks = [(name.removeprefix("task:"), page) for name, page in labels if name != "closing"]
    ends = [page for _, page in tasks[1:]] + [closing]

    def on(page: int) -> set[str] | None:
        if closing is not None and page >= closing:
            return None
        here = {
            t
            for (t, first), last in zip(tasks, ends, strict=True)
            if first <= page <= (last or page)
        }
        return here or None

    return on


def work_aux(pdf: Path) -> Path | None:
    """The .aux the build left beside `pdf` (`<dir>/.latex-<name>/<name>.aux`), if any."""
    aux = pdf.parent / f".latex-{pdf.stem}" / f"{pdf.stem}.aux"
    return aux if aux.is_file() else None


def unaccounted(pdf: Path, *claims_json: Path, aux: Path | None = None) -> list[Found]:
    """The numbers on `pdf`'s pages that are neither structural nor accounted for, task by
    task where `aux` tells the pages (`work_aux(pdf)` unless given). A document of several
    ledgers (the answer key: one per variant) passes them all."""
    found = accounts(*claims_json)
    anywhere = set().union(*found.values())
    aux = aux or work_aux(Path(pdf))
    tasks_on = task_pages(aux) if aux else lambda page: None
    missing = []
    for number in numbers_on_pages(pdf):
        tasks = tasks_on(number.page)
        allowed = (
            anywhere
            if tasks is None
            else found[EVERYWHERE].union(*(found.get(task, set()) for task in tasks))
        )
        if not number.rule and number.token not in allowed:
            missing.append(number)
    return missing


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) < 2:
        print("usage: python -m checks.page_accounts PDF CLAIMS_JSON [CLAIMS_JSON ...]")
        return 2
    missing = unaccounted(Path(args[0]), *map(Path, args[1:]))
    for f in missing:
        print(f"page {f.page}: {f.token} in «{f.context}»")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
