"""The machinery that turns the content (solutions/, templates/, checks/oracles/, the TOML files)
into documents. Nothing here names a sheet or a task: the task list is read from
templates/sheets.toml by `engine.registry`.

The rooms, in the order they may import each other (each imports only rooms before it, and the
two shared modules `engine.errors` and `engine.registry`; tests/test_layers.py enforces it):

    store      the cache, the up-to-date check, publishing files all-or-nothing, TOML reading
    ledger     claims (every number shown, with its id) and the one number/formula formatter
    render     Jinja templates -> LaTeX text, with figure helpers and template-line mapping
    tex        the LaTeX document, its precompiled format, pictures, latexmk, error mapping
    web        the web edition: a document's LaTeX as HTML with MathML and SVG pictures
    classroom  the key, the rubric, rosters, names, grading, the issued record, the LMS quiz
    builds     whole builds: the booklet pipeline, one variant, one named sheet, the key PDF

Modules are imported lazily by the CLI so that `generate.py --list` and `--help` stay fast.
"""
