"""Builds: whole documents, each a run through every room before it.

`pipeline` builds the booklet and the problem sheet (solve, render, assemble, compile, publish),
reusing solve results and rendered text across builds (`fragments`); `variants` and `students`
are one variant and one named sheet as units of work for a process pool or a cluster;
`answer_key` writes the grader's key. The CLI (cli/, generate.py) calls these.
"""
