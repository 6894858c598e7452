r"""LaTeX mistakes an instructor makes in templates, each reported at the template file and
line where the mistake is, even when TeX notices it elsewhere (a brace left open is noticed
at the end of the file, a \begin without \end at \end{document}, a bad heading when the
table of contents reads it back); and poisoned build state that a rebuild recovers from.

The expected line is found in the edited template by its text, never taken from the code."""

from __future__ import annotations

import pytest

import generate
from tests.conftest import cases
from tests.template_edits import edit, line_of

pytestmark = pytest.mark.pdf

RELU = "ranepa3/task04.tex.j2"  # quick to compile: small matrices, no picture
DL_DA = r"\frac{\partial L}{\partial A} &= \VAR{r.backward"  # the general formula's line
RULE = r"\textbf{Правило накопления.}"


def build(out, task: str) -> list[str]:
    return ["--pdf", "--quiet", "--only", task, "--out", str(out)]


# (case, template, old text, new text, task, text on the line to report, words of the message)
MISTAKES = [
    (
        "undefined command in the shared task frame",
        "task.tex.j2",
        r"\subsubsection*{Условие}",
        "\\subsubsection*{Условие}\n\\nosuchframe",
        "ranepa3.4",
        r"\nosuchframe",
        "Undefined control sequence",
    ),
    (
        "undefined command in a macro",
        "macros.tex.j2",
        r"\tag*{\small",
        "\\tag*{\\small\\nosuchmacro",
        "ranepa3.6",
        r"\nosuchmacro",
        "Undefined control sequence",
    ),
    (
        "text after a comment over several lines",
        RELU,
        RULE,
        "\\#{ a note\n   for editors }" + RULE + r" \nosuchcomment",
        "ranepa3.4",
        r"\nosuchcomment",
        "Undefined control sequence",
    ),
    (
        "undefined command inside a TikZ picture (typeset apart, then inline to report it)",
        RELU,
        RULE,
        RULE + "\n\\begin{tikzpicture}\n\\node {\\nosuchpicture};\n\\end{tikzpicture}",
        "ranepa3.4",
        r"\nosuchpicture",
        "Undefined control sequence",
    ),
    (
        "a tag joins two template lines into one TeX line",
        RELU,
        "по своему выходу\n(он имеет форму выхода)",
        "по своему выходу\\BLOCK{if true}\n(он имеет \\nosuchjoin форму выхода)\\BLOCK{endif}",
        "ranepa3.4",
        r"\nosuchjoin",
        "Undefined control sequence",
    ),
    (
        "an argument never closed, noticed at the end of the file",
        RELU,
        RULE,
        r"\textbf{Правило накопления.",
        "ranepa3.4",
        r"\textbf{Правило накопления.",
        "File ended while scanning use of \\textbf; the brace opened here is never closed",
    ),
    (
        "a brace never closed, noticed at a blank line",
        RELU,
        DL_DA,
        DL_DA.replace("&=", r"&= \max{(0; H)"),
        "ranepa3.4",
        r"\max{(0; H)",
        "Paragraph ended before \\align* was complete; the brace opened here is never closed",
    ),
    (
        "a \\begin without its \\end",
        RELU,
        r"\end{itemize}",
        "",
        "ranepa3.4",
        r"\begin{itemize}",
        "\\begin{itemize} is never ended",
    ),
    (
        "an \\end that does not match",
        RELU,
        r"\end{itemize}",
        r"\end{enumerate}",
        "ranepa3.4",
        r"\end{enumerate}",
        "\\end{enumerate} ends \\begin{itemize} of templates/ranepa3/task04.tex.j2:",
    ),
    (
        "text written out only at the next page break",
        RELU,
        RULE,
        r"\newwrite\later\immediate\openout\later=later.txt\write\later{\nosuchlater}" + RULE,
        "ranepa3.4",
        r"\write\later{\nosuchlater}",
        "Undefined control sequence [\\nosuchlater], in text written out at a page break",
    ),
    (
        "a misspelt command in a label a task passes to a macro",
        "ranepa3/task03.tex.j2",
        '("\\delta_k"',
        '("\\dleta_k"',
        "ranepa3.3",
        '("\\dleta_k"',
        "Undefined control sequence [\\dleta]",
    ),
    (
        "an unclosed brace in a name a task passes to a macro",
        "ranepa3/task08.tex.j2",
        'derivation(r.differential, "Q", boxed=false)',
        'derivation(r.differential, "Q_{", boxed=false)',
        "ranepa3.8",
        '"Q_{"',
        "Missing } inserted; the brace opened here is never closed",
    ),
    (
        "an environment that collects its body, never ended",
        "ranepa3/task02.tex.j2",
        "\\end{multline*}\n",
        "\n",
        "ranepa3.2",
        "\\begin{multline*}",
        "\\begin{multline*} is never ended (Paragraph ended before \\multline* was complete)",
    ),
    (
        "a \\left without its \\right, noticed at the end of the formula",
        RELU,
        "W_1 &\\leftarrow \\VAR",
        "W_1 \\left( &\\leftarrow \\VAR",
        "ranepa3.4",
        "W_1 \\left( &",
        "Extra }, or forgotten \\right; this \\left has no \\right",
    ),
    (
        "an undefined command in an align* body, which TeX reads at its \\end",
        RELU,
        DL_DA,
        DL_DA.replace("frac", "farc"),
        "ranepa3.4",
        "\\farc{\\partial L}",
        "Undefined control sequence [\\farc]",
    ),
    (
        "reading a file outside the build (TeX says no line)",
        RELU,
        RULE,
        r"\input{/etc/hostname}" + RULE,
        "ranepa3.4",
        r"\input{/etc/hostname}",
        "TeX may not read /etc/hostname",
    ),
    (
        "writing a file outside the build",
        RELU,
        RULE,
        r"\newwrite\leak\immediate\openout\leak=/tmp/leak.txt" + RULE,
        "ranepa3.4",
        r"\openout\leak=/tmp/leak.txt",
        "TeX may not write /tmp/leak.txt: it reads and writes files only inside its build",
    ),
]


# the quick suite compiles the commonest four; `make test-all` every one
QUICK = {
    "undefined command in the shared task frame",
    "a brace never closed, noticed at a blank line",
    "a \\begin without its \\end",
    "a \\left without its \\right, noticed at the end of the formula",
}


def test_the_quick_cases_are_mistakes_of_the_battery():
    assert {m[0] for m in MISTAKES} >= QUICK


@pytest.mark.parametrize(
    ("case", "template", "old", "new", "task", "marked", "words"),
    cases(MISTAKES, slow={m[0] for m in MISTAKES} - QUICK),  # QUICK checked above
)
def test_latex_mistake_is_reported_at_its_template_line(
    templates, tmp_path, capsys, case, template, old, new, task, marked, words
):
    edit(templates, template, old, new)
    out = tmp_path / "out"
    out.mkdir()
    (out / "booklet.pdf").write_bytes(b"the last good PDF")
    assert generate.main(build(out, task)) == 1
    error = capsys.readouterr().err.strip()
    expected = f"error: templates/{template}:{line_of(templates, template, marked)}: LaTeX error: "
    assert error.startswith(expected), error
    assert words in error
    assert len(error.splitlines()) == 1
    assert (out / "booklet.pdf").read_bytes() == b"the last good PDF"
    assert not (out / "booklet.tex").exists()  # nothing half-published


def test_a_blank_line_inside_align_is_reported_at_that_line(templates, tmp_path, capsys):
    """TeX says the align* paragraph ended, which reads like a missing \\end; it is not."""
    edit(
        templates,
        RELU,
        DL_DA,
        "%before\n\n" + DL_DA,
    )
    blank = line_of(templates, RELU, "%before") + 1
    assert generate.main(build(tmp_path / "out", "ranepa3.4")) == 1
    error = capsys.readouterr().err.strip()
    assert error.startswith(
        f"error: templates/{RELU}:{blank}: LaTeX error: a blank line inside \\begin{{align*}}"
    ), error


@pytest.mark.slow
def test_a_poisoned_auxiliary_file_is_rebuilt_from_scratch(templates, tmp_path):
    """Garbage in the .aux an earlier run left (an interrupted run, a bad edit since fixed)
    would stop every later build at \\begin{document}; it is rebuilt once from scratch."""
    work = tmp_path / "out" / ".latex-booklet"
    work.mkdir(parents=True)
    (work / "booklet.aux").write_text("\\relax \\nosuchaux{\n", encoding="utf-8")
    assert generate.main(build(tmp_path / "out", "ranepa3.4")) == 0
    assert "nosuch" not in (work / "booklet.aux").read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_heading_that_breaks_the_table_of_contents(templates, tmp_path, capsys):
    """The heading typesets, but the table of contents reads it back before the command it
    uses is defined: TeX stops in booklet.toc on the second run, and the message names the
    heading's template line. Once the template is fixed, the next build succeeds."""
    heading = r"\subsection{Задача \VAR{task.number}. \VAR{task.title}}"
    original = (templates / "task.tex.j2").read_text(encoding="utf-8")
    edit(
        templates,
        "task.tex.j2",
        heading,
        "\\newcommand{\\late}{!}\n" + heading.replace("}}", r"} \protect\late}"),
    )
    out = tmp_path / "out"
    assert generate.main(build(out, "ranepa3.4")) == 1
    error = capsys.readouterr().err.strip()
    line = line_of(templates, "task.tex.j2", r"\protect\late")
    assert error.startswith(f"error: templates/task.tex.j2:{line}: LaTeX error: "), error
    assert "booklet.toc" in error
    (templates / "task.tex.j2").write_text(original, encoding="utf-8")
    assert generate.main(build(out, "ranepa3.4")) == 0  # the stale .toc does not stop it
