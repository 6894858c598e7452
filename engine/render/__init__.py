"""Rendering: a task's result and a Jinja template in, LaTeX text and ledger entries out.

Takes results (as read-only views whose every value carries its claim id, `views`) and the
templates under templates/; gives rendered text that remembers the template line of every output
line (`origins`), the boxed answers (`answers`), figure source drawn from data (`figures`), and
template mistakes told at their line (`template_errors`, `structure`). Imports ledger and store.
"""
