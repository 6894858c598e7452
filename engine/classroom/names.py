"""Student names from a roster: cleaned, checked against what the sheet's fonts can set, and
typeset for the cover of the student's sheet.

The sheet is set in Computer Modern from cm-super (vector Type 1): T2A for Cyrillic, T1 for
Latin with diacritics. A letter is accepted when it is one of those fonts' glyphs, or a Latin
or Cyrillic base letter with accents TeX can put on it: the accents of the T1 font, dot below
and macron below, and the Vietnamese hook above and horn and the Romanian comma below, drawn
here (no installed font has them). Everything else (Greek, Arabic, CJK, emoji...) is refused
at the roster's line before anything is built: TeX would stop on it far from the roster, or
set it wrong without a word.
"""

from __future__ import annotations

import unicodedata

from pylatex.utils import escape_latex

from engine.errors import UserError, located

MAX_LENGTH = 100  # two lines of the cover at most; a longer cell is a mistake, not a name

# Cyrillic letters of the T2A font, as the kernel's t2aenc.dfu declares them.
_CYRILLIC_RANGES = (
    (0x0400, 0x045F), (0x0490, 0x0493), (0x0496, 0x049D), (0x04A0, 0x04A5),
    (0x04AA, 0x04AB), (0x04AE, 0x04B3), (0x04B6, 0x04BB), (0x04C0, 0x04C2),
    (0x04D0, 0x04DF), (0x04E2, 0x04E9), (0x04EC, 0x04F5), (0x04F8, 0x04F9),
)  # fmt: skip
CYRILLIC = frozenset(chr(c) for low, high in _CYRILLIC_RANGES for c in range(low, high + 1))

# Latin letters that are no base letter with accents, and the T1 commands that set them.
_LETTERS = {
    "Ł": r"\L", "ł": r"\l", "Ø": r"\O", "ø": r"\o", "Æ": r"\AE", "æ": r"\ae",
    "Œ": r"\OE", "œ": r"\oe", "ß": r"\ss", "Đ": r"\DJ", "đ": r"\dj", "Ð": r"\DH",
    "ð": r"\dh", "Þ": r"\TH", "þ": r"\th", "Ŋ": r"\NG", "ŋ": r"\ng", "Ĳ": r"\IJ",
    "ĳ": r"\ij", "ı": r"\i", "ȷ": r"\j",
}  # fmt: skip

# Punctuation beyond ASCII that names carry (apostrophes, dashes, quotes).
_PUNCTUATION = {
    "\u2019": r"\textquoteright", "\u02bc": r"\textquoteright", "\u2018": r"\textquoteleft",
    "\u02bb": r"\textquoteleft", "\u2010": "{-}", "\u2011": "{-}", "\u2013": r"\textendash",
    "\u2014": r"\textemdash", "«": r"\guillemotleft", "»": r"\guillemotright",
    "\u201e": r"\quotedblbase", "\u201c": r"\textquotedblleft",
    "\u201d": r"\textquotedblright", "·": r"\textperiodcentered",
}  # fmt: skip

# Combining marks. Those above are TeX accents and nest (the inner one must give a glyph of the
# font: see _COMPOSED); cedilla and ogonek are LaTeX's; the rest are drawn (below).
_ABOVE = {
    "\u0300": r"\`", "\u0301": r"\'", "\u0302": r"\^", "\u0303": r"\~", "\u0304": r"\=",
    "\u0306": r"\u", "\u0307": r"\.", "\u0308": r"\"", "\u030a": r"\r", "\u030b": r"\H",
    "\u030c": r"\v",
}  # fmt: skip
_BELOW = {"\u0327": r"\c", "\u0328": r"\k"}
_HOOK, _HORN, _COMMA = "\u0309", "\u031b", "\u0326"
_MARKS = set(_ABOVE) | set(_BELOW) | {_HOOK, _HORN, "\u0323", _COMMA, "\u0331"}

# Accented letters that are glyphs of the T1 font: a second accent can go on them (TeX puts an
# accent only on a glyph), as Vietnamese does on â ê ô ă.
_COMPOSED = frozenset(
    "ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿ"
    "ĂăĄąĆćČčĎďĚěĘęĞğĹĺĽľŃńŇňŐőŔŕŘřŚśŠšŞşŤťŢţŰűŮůŸŹźŽžŻżİ"
)

# Pictures in TikZ (loaded by the preamble), in ex and em so that they follow the type's size,
# for the marks no font here has and for the marks below: LaTeX sets those with a period or an
# accent glyph, which a PDF reader then copies out as part of the name.
_PICTURE = r"\tikz[baseline=0pt,line width=.09ex,line cap=round]"
_HOOK_PICTURE = (
    _PICTURE + r"\draw(0,.3ex)..controls(.05em,.6ex)and(.3em,.6ex)..(.28em,.35ex)"
    r"..controls(.27em,.2ex)and(.15em,.2ex)..(.15em,0);"
)
_HORN_PICTURE = _PICTURE + r"\draw(0,0)..controls(.12em,.05ex)and(.17em,.2ex)..(.14em,.42ex);"
_BELOW_PICTURES = {
    "\u0323": _PICTURE + r"\fill(0,-.5ex)circle(.13ex);",  # dot below
    "\u0326": _PICTURE  # comma below
    + r"\draw[line width=.11ex](.04em,-.2ex)..controls(.06em,-.35ex)and(.04em,-.5ex)"
    r"..(-.04em,-.62ex);",
    "\u0331": _PICTURE + r"\draw(-.13em,-.4ex)--(.13em,-.4ex);",  # macron below
}
_INVISIBLE_MARKS = frozenset("\u034f\u180b\u180c\u180d") | frozenset(
    chr(c) for c in range(0xFE00, 0xFE10)
)  # the combining grapheme joiner and variation selectors: nothing to see


def student_name(text: str, path: str, line: int) -> str:
    """The name in roster cell `text` at `path`:`line`, cleaned (NFC, no invisible or control
    characters, single spaces); raises a located UserError when it is empty, too long or has
    characters the sheet cannot set."""
    try:
        return _checked(_cleaned(text))
    except UserError as err:
        raise located(path, line, str(err)) from None


def name_latex(name: str) -> str:
    """LaTeX for a name `student_name` accepted: each character set by the fonts, nothing read
    as a command, and the plain name for the PDF's metadata (hyperref's \\texorpdfstring)."""
    name = _checked(_cleaned(name))
    runs: list[tuple[bool, list[str]]] = []  # (in the T1 font, LaTeX of its clusters)
    for cluster in _clusters(name):
        latin = not cluster.isascii() and _parts(cluster)[0] not in CYRILLIC
        if runs and (runs[-1][0] == latin or cluster.isascii()):
            runs[-1][1].append(_cluster_latex(cluster))
        else:
            runs.append((latin, [_cluster_latex(cluster)]))
    typeset = "".join(
        r"{\fontencoding{T1}\selectfont " + "".join(parts) + "}" if latin else "".join(parts)
        for latin, parts in runs
    )
    return r"\texorpdfstring{" + typeset + "}{" + escape_latex(name) + "}"


def _cleaned(text: str) -> str:
    """NFC, invisible and control characters dropped, whitespace runs one space, no ends."""
    kept = []
    for char in text:
        if char.isspace():
            kept.append(" ")
        elif unicodedata.category(char) not in ("Cc", "Cf") and char not in _INVISIBLE_MARKS:
            kept.append(char)
    return " ".join(unicodedata.normalize("NFC", "".join(kept)).split())


def _checked(name: str) -> str:
    if not name:
        raise UserError("the student's name is empty (spaces and invisible characters only)")
    if len(name) > MAX_LENGTH:
        raise UserError(
            f"the student's name is {len(name)} characters long, at most {MAX_LENGTH} fit "
            f"on the sheet's cover: {name[:40]!r}..."
        )
    refused = list(dict.fromkeys(c for cluster in _clusters(name) for c in _unsettable(cluster)))
    if refused:
        shown = ", ".join(_describe(c) for c in refused[:3])
        more = f" and {len(refused) - 3} more" if len(refused) > 3 else ""
        raise UserError(
            f"the student's name {name!r} has characters the sheet's fonts cannot set: "
            f"{shown}{more}; write the name in Latin or Cyrillic letters"
        )
    return name


def _clusters(name: str) -> list[str]:
    """The name cut into characters with their combining marks."""
    clusters: list[str] = []
    for char in name:
        if clusters and unicodedata.combining(char) and not clusters[-1].isspace():
            clusters[-1] += char
        else:
            clusters.append(char)
    return clusters


def _parts(cluster: str) -> tuple[str, list[str]]:
    """A cluster as its base letter and its marks; a glyph of a font stays whole."""
    if len(cluster) == 1 and (cluster in CYRILLIC or cluster in _LETTERS or cluster.isascii()):
        return cluster, []
    decomposed = unicodedata.normalize("NFD", cluster)
    return decomposed[0], list(decomposed[1:])


def _unsettable(cluster: str) -> list[str]:
    """The characters of `cluster` the fonts cannot set (all of it, when it cannot be set as
    a whole)."""
    if len(cluster) == 1 and (cluster in _PUNCTUATION or (cluster.isascii() and cluster >= " ")):
        return []
    base, marks = _parts(cluster)
    if not ((base.isascii() and base.isalpha()) or base in CYRILLIC or base in _LETTERS):
        return [base] if base == cluster[0] else [cluster[0]]
    bad = [m for m in marks if m not in _MARKS]
    if bad:
        return bad
    above = [m for m in marks if m in _ABOVE]
    if (_HORN in marks and base not in "OoUu") or (_COMMA in marks and base in CYRILLIC):
        return [cluster]
    if len(above) > 1 and unicodedata.normalize("NFC", base + above[0]) not in _COMPOSED:
        return [cluster]  # TeX cannot put an accent on an accent it built itself
    if len(above) > 2 or marks.count(_HOOK) > 1:
        return [cluster]
    if len([m for m in marks if m not in _ABOVE and m not in (_HOOK, _HORN)]) > 1:
        return [cluster]  # two accents below one letter: TeX's \c and \k do not nest
    return []


def _describe(char: str) -> str:
    codes = " ".join(f"U+{ord(c):04X}" for c in char)
    name = " + ".join(unicodedata.name(c, "unnamed") for c in char)
    if unicodedata.category(char[0]).startswith("M"):
        return f"{codes} {name}"  # a lone mark would sit on the quote
    return f"{char!r} ({codes} {name})"


def _cluster_latex(cluster: str) -> str:
    if cluster in _PUNCTUATION:
        return _PUNCTUATION[cluster] + "{}"
    base, marks = _parts(cluster)
    if not marks:
        return _LETTERS[base] + "{}" if base in _LETTERS else escape_latex(base)
    above = [m for m in marks if m in _ABOVE]
    dotless = base in "ij" and (above or _HOOK in marks)  # the accent replaces the dot
    tex = "\\" + base if dotless else _LETTERS.get(base, base)
    for mark in above:
        tex = f"{_ABOVE[mark]}{{{tex}}}"
    for mark in marks:
        if mark == "\u0327" and base == "g":  # Latvian ģ: the comma turned, above
            tex = _stacked(tex, r"\raise1.75ex\hbox{" + _BELOW_PICTURES[_COMMA] + "}")
        elif mark == "\u0327" and base not in "CcSsTt":  # Latvian ķ ļ ņ ŗ: a comma
            tex = _stacked(tex, r"\hbox{" + _BELOW_PICTURES[_COMMA] + "}")
        elif mark in _BELOW:
            tex = f"{_BELOW[mark]}{{{tex}}}"
        elif mark in _BELOW_PICTURES:
            tex = _stacked(tex, r"\hbox{" + _BELOW_PICTURES[mark] + "}")
    if _HOOK in marks and above:  # Vietnamese sets it at the right of a circumflex or breve
        tex = (
            r"{\setbox0\hbox{" + tex + r"}\copy0\rlap{\kern-.12em\raise\dimexpr\ht0-.25ex"
            r"\relax\hbox{" + _HOOK_PICTURE + r"}}\kern.1em}"
        )
    elif _HOOK in marks:
        tex = (
            r"{\setbox0\hbox{"
            + tex
            + "}"
            + _stacked(r"\copy0", r"\raise\dimexpr\ht0+.15ex\relax\hbox{" + _HOOK_PICTURE + "}")
            + "}"
        )
    if _HORN in marks:  # at the right of the bowl: x-height for o u, cap height for O U
        height = ".7ex" if base.islower() else "1.3ex"
        tex = r"{" + tex + r"\rlap{\kern-.1em\raise" + height + r"\hbox{" + _HORN_PICTURE
        tex += r"}}\kern.05em}"
    return tex


def _stacked(tex: str, mark: str) -> str:
    """`mark` centred on the letter `tex`, taking no room of its own."""
    return r"{\ooalign{" + tex + r"\crcr\hidewidth" + mark + r"\hidewidth\crcr}}"
