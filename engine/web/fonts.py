"""The math font the web page ships with. A reader's phone may have no math font, or one that
draws brackets loosely and drops accents (Chromium with Latin Modern Math loses the hat of
an ŷ in a formula wider than the screen); the page names its own: DejaVu Math TeX Gyre,
which matches the text's DejaVu Sans, from Debian's fonts-dejavu-extra (scripts/setup.sh),
as WOFF (fontTools; 266 KB) kept in the cache. WOFF2 would be 185 KB, but brotli takes 3.5 s
of CPU on a cold build, more than TeX's share of a PDF build."""

from __future__ import annotations

import io
from pathlib import Path

from engine.errors import UserError
from engine.store.cache import Store, digest

SOURCE = Path("/usr/share/fonts/truetype/dejavu/DejaVuMathTeXGyre.ttf")
LICENSE = Path("/usr/share/doc/fonts-dejavu-extra/copyright")
FONT = "fonts/DejaVuMathTeXGyre.woff"  # style.css's @font-face names this path
KIND = "font-woff"


def math_font(store: Store) -> dict[str, bytes]:
    """{path under the page's folder: bytes}: the font and its licence."""
    if not SOURCE.is_file():
        raise UserError(
            f"the web edition's math font {SOURCE} is missing: install Debian's "
            "fonts-dejavu-extra (scripts/setup.sh does)"
        )
    original = SOURCE.read_bytes()
    key = digest(KIND, original)
    woff = store.get(KIND, key)
    if woff is None:
        from fontTools.ttLib import TTFont  # only when the cache has no copy

        font = TTFont(io.BytesIO(original))
        font.flavor = "woff"
        packed = io.BytesIO()
        font.save(packed)
        woff = packed.getvalue()
        store.put(KIND, key, woff)
    files = {FONT: woff}
    if LICENSE.is_file():
        files["fonts/LICENSE.txt"] = LICENSE.read_bytes()
    return files
