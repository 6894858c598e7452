"""The math font the web page ships with. A reader's phone may have no math font, or one that
draws brackets loosely and drops accents (Chromium with Latin Modern Math loses the hat of
an ŷ in a formula wider than the screen); the page names its own: DejaVu Math TeX Gyre,
which matches the text's DejaVu Sans, from Debian's fonts-dejavu-extra (scripts/setup.sh),
compressed to WOFF2 by fontTools once and kept in the cache (185 KB)."""

from __future__ import annotations

import io
from pathlib import Path

from engine.errors import UserError
from engine.store.cache import Store, digest

SOURCE = Path("/usr/share/fonts/truetype/dejavu/DejaVuMathTeXGyre.ttf")
LICENSE = Path("/usr/share/doc/fonts-dejavu-extra/copyright")
FONT = "fonts/DejaVuMathTeXGyre.woff2"  # style.css's @font-face names this path
KIND = "font-woff2"


def math_font(store: Store) -> dict[str, bytes]:
    """{path under the page's folder: bytes}: the font and its licence."""
    if not SOURCE.is_file():
        raise UserError(
            f"the web edition's math font {SOURCE} is missing: install Debian's "
            "fonts-dejavu-extra (scripts/setup.sh does)"
        )
    original = SOURCE.read_bytes()
    key = digest(KIND, original)
    woff2 = store.get(KIND, key)
    if woff2 is None:
        from fontTools.ttLib import TTFont  # only when the cache has no copy

        font = TTFont(io.BytesIO(original))
        font.flavor = "woff2"
        packed = io.BytesIO()
        font.save(packed)
        woff2 = packed.getvalue()
        store.put(KIND, key, woff2)
    files = {FONT: woff2}
    if LICENSE.is_file():
        files["fonts/LICENSE.txt"] = LICENSE.read_bytes()
    return files
