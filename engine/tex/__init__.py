"""TeX: rendered text in, a checked PDF out.

Takes rendered bodies and their source maps; gives the document (`document`, pylatex), its
preamble precompiled into a format (`preamble`), pictures typeset alone and cached (`pictures`),
early TeX work while Python runs (`warmup`), and latexmk runs whose errors are told at the
template line (`latex`, `texlog`, `latex_errors`). Imports render, ledger and store.
"""
