"""The LaTeX of a symbol or a key's `what` as plain Unicode text, for a CSV cell a grader reads
in a spreadsheet: `\\dfrac{\\partial L}{\\partial W_1}` -> `∂L/∂W₁`, `\\hat y` -> `ŷ`,
`w^{2}_0` -> `w²₀`, `\\text{ после шага}` -> ` после шага`.

It knows the commands the solutions' SYMBOLS and the key's answers use (tests/test_answer_key.py
converts every one of them and fails on any LaTeX left). A sub- or superscript that Unicode
has no small letters for stays readable as `∇_w Q`, `ρ_tanh`; an unknown command is written as
its name without the backslash, never an error: a symbol added later still gives a cell.
"""

from __future__ import annotations

import re
import unicodedata

_SUB = dict(
    zip(
        "0123456789+-−=()aehijklmnoprstuvxβγρφχ",
        "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ",
        strict=True,
    )
)
_SUP = dict(
    zip(
        "0123456789+-−=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVWβγδθφχ*′",
        "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂᵝᵞᵟᶿᵠᵡ*′",
        strict=True,
    )
)
_WORDS = {
    "partial": "∂",
    "nabla": "∇",
    "alpha": "α",
    "beta": "β",
    "gamma": "γ",
    "delta": "δ",
    "varepsilon": "ε",
    "epsilon": "ε",
    "eta": "η",
    "theta": "θ",
    "lambda": "λ",
    "mu": "μ",
    "pi": "π",
    "rho": "ρ",
    "sigma": "σ",
    "tau": "τ",
    "phi": "φ",
    "omega": "ω",
    "Sigma": "Σ",
    "Lambda": "Λ",
    "sum": "∑",
    "pm": "±",
    "mp": "∓",
    "Delta": "Δ",
    "ell": "ℓ",
    "prime": "′",
    "lVert": "‖",
    "rVert": "‖",
    "Vert": "‖",
    "cdot": "·",
    "times": "×",
    "approx": "≈",
    "le": "≤",
    "leq": "≤",
    "ge": "≥",
    "geq": "≥",
    "infty": "∞",
    "circ": "∘",
    "top": "ᵀ",
    "tanh": "tanh",
    "max": "max",
    "min": "min",
    "exp": "exp",
    "log": "log",
    "ln": "ln",
    "tr": "tr",
    "quad": " ",
    "qquad": " ",
}
_ACCENTS = {"hat": "\u0302", "bar": "\u0304", "tilde": "\u0303", "vec": "\u20d7", "dot": "\u0307"}
_TEXT = {"text", "mathrm", "textrm", "operatorname", "mathbf", "boldsymbol", "mathit"}
_IGNORED = {"left", "right", "displaystyle", "big", "Big", "bigl", "bigr", "Bigl", "Bigr"}
_SPACES = {",": " ", ";": " ", ":": " ", " ": " ", "!": ""}
_SEP = "\0"  # after a `_x` or `^x` written out: a space if a letter follows
_OPERATORS = {"-": " − ", "=": " = ", "+": " + "}


def plain(latex: str) -> str:
    """`latex` (math mode) as plain text."""
    text, _ = _until(latex.replace('"---', "—").replace("~", " "), 0, None)
    text = re.sub(_SEP + r"(?=\w)", " ", text).replace(_SEP, "")
    text = re.sub(r" {2,}", " ", text).strip()
    text = re.sub(r"([(‖]) | (?=[),‖])", r"\1", text)  # `( a, b )` -> `(a, b)`
    text = text.replace(" / ", "/")
    return unicodedata.normalize("NFC", text)


def _until(source: str, at: int, end: str | None) -> tuple[str, int]:
    """The text from `at` up to `end` (a closing brace) or the end, and where it stopped."""
    out = []
    while at < len(source):
        char = source[at]
        if char == end:
            return "".join(out), at + 1
        if char == "\\":
            piece, at = _command(source, at + 1)
        elif char == "{":
            piece, at = _until(source, at + 1, "}")
        elif char in "^_":
            argument, at = _argument(source, at + 1)
            piece = _script(argument, _SUP if char == "^" else _SUB, char)
        elif char == "'":
            piece, at = "′", at + 1
        elif char in _OPERATORS:
            piece, at = (_OPERATORS[char] if out else "−" if char == "-" else char), at + 1
        elif char.isspace():
            piece, at = " ", at + 1
        else:
            piece, at = char, at + 1
        out.append(piece)
    return "".join(out), at


def _command(source: str, at: int) -> tuple[str, int]:
    """A command after its backslash: its text and where the source goes on."""
    match = re.match(r"[A-Za-z]+", source[at:])
    if not match:  # `\,`, `\{`, a lone backslash
        char = source[at : at + 1]
        return _SPACES.get(char, char), at + 1
    name, at = match[0], at + len(match[0])
    while at < len(source) and source[at] == " ":  # TeX skips spaces after a command word
        at += 1
    if name in ("frac", "dfrac", "tfrac"):
        top, at = _argument(source, at)
        bottom, at = _argument(source, at)
        return f"{_grouped(top)}/{_grouped(bottom)}", at
    if name in _TEXT:
        if source[at : at + 1] != "{":
            return "", at
        inner, at = _text(source, at + 1)
        return inner, at
    if name in _ACCENTS:
        base, at = _argument(source, at)
        return base + _ACCENTS[name], at
    if name in _IGNORED:
        return "", at
    return _WORDS.get(name, name), at


def _text(source: str, at: int) -> tuple[str, int]:
    """The content of `\\text{...}` as typed, spaces kept, inner braces dropped."""
    out, depth = [], 0
    while at < len(source):
        char = source[at]
        if char == "}" and depth == 0:
            return "".join(out), at + 1
        depth += {"{": 1, "}": -1}.get(char, 0)
        out.append("" if char in "{}" else char)
        at += 1
    return "".join(out), at


def _argument(source: str, at: int) -> tuple[str, int]:
    """One argument: a braced group, a command or a single character."""
    while at < len(source) and source[at] == " ":
        at += 1
    if at >= len(source):
        return "", at
    if source[at] == "{":
        return _until(source, at + 1, "}")
    if source[at] == "\\":
        return _command(source, at + 1)
    return source[at], at + 1


def _script(text: str, table: dict[str, str], mark: str) -> str:
    """A sub- or superscript in small characters, or written out (`_w`, `^(n+1)`)."""
    text = text.replace(" ", "")
    if text and all(char in table for char in text):
        return "".join(table[char] for char in text)
    return f"{mark}{_grouped(text)}{_SEP}"


def _grouped(text: str) -> str:
    """`text` as one term: bracketed if it has an operator or a space inside."""
    text = text.strip()
    return f"({text})" if re.search(r"[\s+−=/-]", text) else text


def plain_text(latex: str) -> str:
    """LaTeX text with formulas in `$…$` (a rubric's text) as plain text: each formula as
    `plain` writes it, the text between them as it is, `"---` as a dash."""
    parts = re.split(r"(?<!\\)\$", latex)
    shown = [plain(part) if k % 2 else part for k, part in enumerate(parts)]
    return "".join(shown).replace('"---', "—").replace("---", "—").replace("~", " ")
