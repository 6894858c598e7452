"""The classroom: what a course hands out and takes back, built from the same ledger.

Takes claims of built variants and the instructor's TOML (templates/key.toml, rubric.toml) and
CSV files (rosters, submissions); gives the key items with tolerances (`key`), the rubric
(`rubric`), rosters and names read strictly (`roster`, `names`, `csvfile`), the record of what
was issued (`issued`), grades (`grading`) and the Moodle quiz (`moodle`, `statement_html`).
Imports tex, render, ledger and store.
"""
