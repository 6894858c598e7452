"""The class commands: `--roster FILE` (a named problem sheet per student and the roster's
key) and `--grade FILE --roster FILE` (submissions graded against each student's variant)."""

from __future__ import annotations

import csv
import io
import sys
import time
from pathlib import Path

from cli.pool import Interrupted, bounded_jobs, run_parallel
from cli.progress import Progress, messages

ROSTER_KEY = "roster-key.csv"
GRADES = "grades.csv"
GRADES_ITEMS = "grades-items.csv"


def roster(args) -> int:
    """students/<id>/problems.pdf for everyone on the roster, then roster-key.csv."""
    from engine import key
    from engine import roster as rosters
    from engine.key import dot_decimal
    from engine.publish import exclusive, publish
    from engine.students import StudentJob, build_student

    started, say, out = time.perf_counter(), messages(args.quiet), Path(args.out)
    students = rosters.read_roster(Path(args.roster))
    key.load()  # a mistake in templates/key.toml stops the run before any sheet is built
    ids = tuple(t.id for t in args.tasks)
    deliver = bool(args.cluster)
    work = [
        StudentJob(s.id, s.name, s.variant, s.line, ids, args.pdf, out, deliver) for s in students
    ]
    jobs = bounded_jobs(args.jobs, len(work), say)
    progress = Progress(len(work), "students", enabled=not args.quiet)
    with exclusive(out, say):
        try:
            sheets = run_parallel(build_student, work, jobs, progress, lambda j: j.id, args.cluster)
        except Interrupted as stop:
            for sheet in stop.done.values():
                publish(sheet.files)
            print(
                f"\ninterrupted: {len(stop.done)} of {len(work)} sheets written; no key",
                file=sys.stderr,
            )
            return 130
        for sheet in sheets:  # from a cluster's workers: written here
            publish(sheet.files)
        rows = [
            (s.id, s.name, s.variant, i.task, i.label, i.answer, dot_decimal(i.tolerance))
            for s, sheet in zip(students, sheets, strict=True)
            for i in sheet.items
        ]
        header = ["id", "name", "variant", "task", "item", "answer", "tolerance"]
        written = publish({out / ROSTER_KEY: _csv(header, rows)})
    kind = "problems.pdf" if args.pdf else "problems.tex"
    say(
        f"{len(work)} students' {kind} in {out / 'students'} on "
        f"{f'the cluster at {args.cluster}' if args.cluster else f'{jobs} process(es)'} in "
        f"{time.perf_counter() - started:.1f} s; key: {written[0]}"
    )
    return 0


def grade(args) -> int:
    """grades.csv and grades-items.csv; rows that cannot count are listed on stderr."""
    from engine import pipeline
    from engine import roster as rosters
    from engine.grading import grade as graded
    from engine.publish import exclusive, publish
    from engine.students import KeyJob, key_of

    started, say, out = time.perf_counter(), messages(args.quiet), Path(args.out)
    students = rosters.read_roster(Path(args.roster))
    submitted = rosters.read_submissions(Path(args.grade))
    variants = sorted({s.variant for s in students})
    ids = tuple(t.id for t in args.tasks)
    work = [KeyJob(n, ids, pipeline.cache_dir(out)) for n in variants]
    jobs = bounded_jobs(args.jobs, len(work), say)
    progress = Progress(len(work), "variants' keys", enabled=not args.quiet)
    with exclusive(out, say):
        try:
            keys = run_parallel(
                key_of, work, jobs, progress, lambda j: f"variant {j.variant}", args.cluster
            )
        except Interrupted:
            print("\ninterrupted: nothing graded", file=sys.stderr)
            return 130
        result = graded(students, submitted, dict(zip(variants, keys, strict=True)), args.grade)
        written = publish(
            {
                out / GRADES: _csv(["id", "name", "variant", "score", "max"], result.students),
                out / GRADES_ITEMS: _csv(
                    ["task", "item", "right", "wrong", "missing"], result.items
                ),
            }
        )
    for problem in result.problems:
        print(f"warning: {problem}", file=sys.stderr)
    say(
        f"graded {len(students)} students ({len(submitted)} answers, {len(result.problems)} "
        f"not counted) in {time.perf_counter() - started:.1f} s: {', '.join(map(str, written))}"
    )
    return 0


def _csv(header: list[str], rows) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()
