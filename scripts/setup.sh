#!/usr/bin/env bash
# One-time set-up on a fresh Debian/Ubuntu machine, idempotent and quiet when nothing is missing:
#   1. TeX Live, latexmk, cm-super (vector Cyrillic fonts) and poppler from Debian packages;
#   2. a virtual environment .venv with this project and its test extras, at the versions
#      pinned in requirements.lock.
#   3. with --browser (the test targets): Debian's Chromium, which the browser tests of the web
#      edition drive (tests/test_browser.py).
# Called by `make pdf` / `make test`; safe to run by hand.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
DEB_PACKAGES=(texlive-latex-base texlive-latex-recommended texlive-latex-extra texlive-pictures
              texlive-lang-cyrillic cm-super latexmk poppler-utils fonts-dejavu-extra)
# One probe per package: a command or a TeX file that only that package provides.
TEX_FILES=(t2aenc.def russianb.ldf amsmath.sty tikz.sty pgfplots.sty tcolorbox.sty sfrm1095.pfb)
COMMANDS=(pdflatex latexmk kpsewhich pdffonts pdftotext)
# the web edition's math font (engine/web/fonts.py)
FONT_FILES=(/usr/share/fonts/truetype/dejavu/DejaVuMathTeXGyre.ttf)

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

tex_missing() {
    local c f
    for c in "${COMMANDS[@]}"; do command -v "$c" >/dev/null 2>&1 || { echo "command $c"; return 0; }; done
    for f in "${TEX_FILES[@]}"; do [ -n "$(kpsewhich "$f" 2>/dev/null)" ] || { echo "TeX file $f"; return 0; }; done
    for f in "${FONT_FILES[@]}"; do [ -f "$f" ] || { echo "font $f"; return 0; }; done
    return 1
}

# APT_CACHE_DIR: keep the downloaded .deb files there (CI caches that directory between runs).
APT_OPTIONS=()
if [ -n "${APT_CACHE_DIR:-}" ]; then
    mkdir -p "$APT_CACHE_DIR/partial"
    APT_OPTIONS=(-o "Dir::Cache::Archives=$APT_CACHE_DIR")
fi

if what=$(tex_missing); then
    echo "setup: $what is missing; installing TeX Live from Debian packages (a few minutes)..."
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get update -q
    as_root apt-get install -y -q --no-install-recommends "${APT_OPTIONS[@]}" "${DEB_PACKAGES[@]}"
    if what=$(tex_missing); then echo "setup: still missing after install: $what" >&2; exit 1; fi
fi

if [ "${1:-}" = "--browser" ] && ! command -v chromium >/dev/null 2>&1; then
    echo "setup: installing Chromium from Debian packages for the browser tests..."
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get update -q
    as_root apt-get install -y -q --no-install-recommends "${APT_OPTIONS[@]}" chromium
    command -v chromium >/dev/null 2>&1 || { echo "setup: chromium still missing" >&2; exit 1; }
fi

if [ ! -x .venv/bin/python ]; then
    echo "setup: creating .venv"
    if ! "$PYTHON" -m venv .venv 2>/dev/null; then
        rm -rf .venv
        echo "setup: $PYTHON has no venv module; installing python3-venv"
        as_root apt-get update -q
        DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q --no-install-recommends python3-venv
        "$PYTHON" -m venv .venv
    fi
fi

# Reinstall only when pyproject.toml or the lock changed since the last successful install.
stamp=.venv/.installed
wanted=$(cat pyproject.toml requirements.lock | cksum)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
    echo "setup: installing Python dependencies into .venv (pinned by requirements.lock)"
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -c requirements.lock -e '.[test]'
    echo "$wanted" > "$stamp"
fi
