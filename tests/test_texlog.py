r"""Reading TeX logs and telling errors where no template line can be found: honestly, with
TeX's words and the file TeX names (no TeX needed: the logs are written out here)."""

from __future__ import annotations

from pathlib import Path

from engine.tex.document import SourceMap
from engine.tex.latex_errors import explain
from engine.tex.texlog import first_error

TEX = Path("/build/.latex-booklet/booklet.tex")
NO_TEMPLATES = SourceMap((), ())


def test_file_line_message_context():
    log = "\n".join(
        [
            "(./booklet.tex",
            "./booklet.tex:12: Undefined control sequence.",
            r"l.12 some text \oops",
            "",
        ]
    )
    error = first_error(log)
    assert (error.file, error.line, error.message) == (
        "./booklet.tex",
        12,
        "Undefined control sequence.",
    )
    assert error.before == r"some text \oops"


def test_runaway_argument_before_an_error_without_a_file():
    log = "\n".join(
        [
            "Runaway argument?",
            r"{Bold words and more\ETC.",
            r"! File ended while scanning use of \textbf .",
            "./booklet.tex:9: LaTeX Error: \\begin{x} on input line 4 ended by \\end{document}.",
        ]
    )
    error = first_error(log)
    assert error.runaway == "{Bold words and more"
    assert error.file is None


def test_the_fatal_summary_line_is_not_the_error():
    log = "./booklet.tex:7: LaTeX Error: \\begin{a} on input line 3 ended by \\end{b}.\n"
    log = "./booklet.tex:7:  ==> Fatal error occurred, no output PDF file produced!\n" + log
    error = first_error(log)
    assert error.begun_at == 3
    assert error.message.startswith("\\begin{a}")


def test_an_error_in_a_package_is_named_in_the_package():
    log = "/usr/share/texmf/tex/latex/x/x.sty:40: Package x Error: bad option.\n"
    message = str(explain(first_error(log), "a\n", TEX, NO_TEMPLATES))
    assert message == "/usr/share/texmf/tex/latex/x/x.sty:40: LaTeX error: bad option"


def test_an_error_without_a_line_says_so():
    log = "! Emergency stop.\n<*> booklet.tex\n"
    message = str(explain(first_error(log), "a\n", TEX, NO_TEMPLATES))
    assert message == f"{TEX}: LaTeX error: Emergency stop; TeX gives no line for it"


def test_an_unclosed_brace_outside_any_template_is_named_in_the_tex_file():
    tex = "\\begin{document}\n\\textbf{Bold words and more\n\nend\n"
    log = "Runaway argument?\n{Bold words and more\\ETC.\n"
    log += "! File ended while scanning use of \\textbf .\n"
    message = str(explain(first_error(log), tex, TEX, NO_TEMPLATES))
    assert message.startswith(f"{TEX}:2: LaTeX error: File ended while scanning use of \\textbf;")


def test_no_error_in_the_log():
    message = str(explain(first_error("This is pdfTeX\n"), "", TEX, NO_TEMPLATES))
    assert message == f"{TEX}: LaTeX failed; see {TEX.with_suffix('.log')}"


def test_an_error_in_the_output_routine_says_the_mistake_may_be_earlier():
    tex = "a\nb\nc\n"
    log = "./booklet.tex:3: Undefined control sequence.\n<output> {\\nosuch }\nl.3 c\n"
    message = str(explain(first_error(log), tex, TEX, NO_TEMPLATES))
    assert message.startswith(f"{TEX}:3: LaTeX error: Undefined control sequence; TeX noticed")
    assert "may be on an earlier line of this page" in message
