"""Does everything stay on the page? TeX reports every line it could not fit: an overfull
\\hbox is a formula, table or figure running into the margin; an overfull \\vbox is content
running off the bottom of a page. Read from the log of a compiled booklet or problem sheet."""

from __future__ import annotations

import re
from pathlib import Path

# TeX tolerates tiny overruns a reader cannot see: 1 pt is a third of a millimetre
VISIBLE_PT = 1.0
OVERFULL = re.compile(
    r"Overfull \\([hv])box \((\d+(?:\.\d+)?)pt too (?:wide|high)\)"
    r"(?: (?:in|detected at|has occurred while)[^\n]*)?"
)


def overruns(log: str) -> list[str]:
    """TeX's own words for each visible overrun, e.g. `Overfull \\hbox (12.3pt too wide) in
    alignment at lines 210--219`."""
    return [m.group(0) for m in OVERFULL.finditer(log) if float(m.group(2)) > VISIBLE_PT]


def overruns_in(out_dir: Path, name: str) -> list[str]:
    """The overruns of `name`.pdf as built by engine.builds.pipeline in `out_dir`."""
    log = out_dir / f".latex-{name}" / f"{name}.log"
    return [f"{name}.pdf: {o}" for o in overruns(log.read_text(encoding="utf-8", errors="replace"))]
