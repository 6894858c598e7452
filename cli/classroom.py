"""The class commands: `--roster FILE` (a named problem sheet per student, the roster's key
and the record of what was issued) and `--grade FILE` (submissions graded against that
record). Each publishes all its outputs at once, after everything is built and checked: a
failure or Ctrl-C leaves the previous ones as they were."""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

from cli.pool import Interrupted, bounded_jobs, run_parallel
from cli.progress import Progress, messages

ROSTER_KEY = "roster-key.csv"
GRADES = "grades.csv"
GRADES_ITEMS = "grades-items.csv"
GRADES_PROBLEMS = "grades-problems.csv"  # every submitted row that could not count
GRADES_MISTAKES = "grades-mistakes.csv"  # every answer that matches a typical mistake
SHOWN_PROBLEMS = 20  # on stderr; a class's worth of typos, not 300,000 lines
TEXT = ("id", "name", "task", "item")  # kept as typed in a spreadsheet, even `1.50`


def roster(args) -> int:
    """students/<id>/problems.pdf for everyone on the roster, roster-key.csv and issued.json,
    published together."""
    from cli import proof
    from engine.builds.students import StudentJob, build_student
    from engine.classroom import issued, key
    from engine.classroom import roster as rosters
    from engine.classroom.csvfile import write_table
    from engine.classroom.key import dot_decimal
    from engine.store.publish import confined, exclusive, publish

    started, say, out = time.perf_counter(), messages(args.quiet), Path(args.out)
    enrolled = rosters.read_roster(Path(args.roster))
    key.load()  # a mistake in templates/key.toml stops the run before any sheet is built
    ids = tuple(t.id for t in args.tasks)
    with exclusive(out, say):
        confined(out, [out / "students" / e.id for e in enrolled])
        previous = issued.load(out)
        issued.check_same_tasks(previous, ids, out)
        students = issued.assign([(e.id, e.name, e.variant) for e in enrolled], previous)
        lines = {e.id: e.line for e in enrolled}
        work = [
            StudentJob(s.id, s.name, s.variant, lines[s.id], ids, args.pdf, out, proof.prove)
            for s in students
        ]
        jobs = bounded_jobs(args.jobs, len(work), say)
        progress = Progress(len(work), "students", enabled=not args.quiet)
        new_folders = [out / "students" / s.id for s in students]
        new_folders = [f for f in new_folders if not f.exists()]
        try:
            try:
                sheets = run_parallel(
                    build_student, work, jobs, progress, lambda j: j.id, args.cluster
                )
            except BaseException:  # a new student's TeX work folder is no sheet: leave none
                for folder in new_folders:
                    shutil.rmtree(folder, ignore_errors=True)
                raise
        except Interrupted as stop:
            print(
                f"\ninterrupted after {len(stop.done)} of {len(work)} sheets: nothing published "
                "(the previous sheets, key and record are as they were)",
                file=sys.stderr,
            )
            return 130
        rows = [
            (s.id, s.name, s.variant, i.task, i.label, i.answer, dot_decimal(i.tolerance))
            for s, sheet in zip(students, sheets, strict=True)
            for i in sheet.items
        ]
        header = ["id", "name", "variant", "task", "item", "answer", "tolerance"]
        keys = {s.variant: sheet.items for s, sheet in zip(students, sheets, strict=True)}
        issued.check_same_numbers(previous, students, keys, out)
        record = issued.reissued(previous, students, keys, ids, issued.commit())
        files = {path: data for sheet in sheets for path, data in sheet.files.items()}
        files[out / ROSTER_KEY] = write_table(header, rows, TEXT)
        if not args.pdf:  # a PDF of an earlier issue would contradict the new sheet and key
            stale = [out / "students" / s.id / "problems.pdf" for s in students]
            files |= {path: None for path in stale if path.exists()}
        files[out / issued.RECORD] = record.to_json()
        publish(files)
    for change in issued.moved(students, previous):
        print(f"warning: variant changed by the roster's variant cell: {change}", file=sys.stderr)
    for gone in _dropped(students, previous):
        print(f"warning: {gone} is no longer on the roster and will not be graded", file=sys.stderr)
    kind = "problems.pdf" if args.pdf else "problems.tex"
    say(
        f"{len(work)} students' {kind} in {out / 'students'} on "
        f"{f'the cluster at {args.cluster}' if args.cluster else f'{jobs} process(es)'} in "
        f"{time.perf_counter() - started:.1f} s; key: {out / ROSTER_KEY}; "
        f"record: {out / issued.RECORD}"
    )
    return 0


def _dropped(students, previous) -> list[str]:
    if previous is None:
        return []
    kept = {s.id for s in students}
    return [f"{s.id} (variant {s.variant})" for s in previous.students if s.id not in kept]


def grade(args) -> int:
    """grades.csv and grades-items.csv against issued.json; rows that cannot count are listed
    on stderr."""
    from engine.classroom import issued
    from engine.classroom import roster as rosters
    from engine.classroom.csvfile import write_table
    from engine.classroom.grading import grade as graded
    from engine.errors import UserError
    from engine.ledger.plain import plain_text
    from engine.store.publish import exclusive, publish

    started, say, out = time.perf_counter(), messages(args.quiet), Path(args.out)
    submitted = rosters.read_submissions(Path(args.grade))
    enrolled = rosters.read_roster(Path(args.roster)) if args.roster else None
    if out.exists() and not out.is_dir():
        raise UserError(f"{out}: not a directory (--out names where the sheets were issued)")
    nothing_issued = UserError(
        f"{out / issued.RECORD}: no sheets were issued into {out}; grades follow what was "
        "handed out: run --roster FILE --pdf first (or give the --out it wrote to)"
    )
    if not out.is_dir():  # checked before the lock would create it
        raise nothing_issued
    with exclusive(out, say):  # a --roster run in progress finishes first
        record = issued.load(out)
        if record is None:
            raise nothing_issued
        if enrolled is not None:
            _check_roster(enrolled, record, Path(args.roster), out)
        keys = _only(record, args)
        if not any(keys.values()):
            raise UserError(
                f"{out / issued.RECORD}: the issued sheets have no graded answers "
                "(templates/key.toml lists none for their tasks); nothing to grade"
            )
        result = graded(list(record.students), submitted, keys, record.tasks)
        scores = [(*row[:3], _points(row[3]), _points(row[4])) for row in result.students]
        typical = [(*row[:6], plain_text(row[6]), _points(row[7])) for row in result.typical]
        written = publish(
            {
                out / GRADES: write_table(["id", "name", "variant", "score", "max"], scores, TEXT),
                out / GRADES_ITEMS: write_table(
                    ["task", "item", "right", "typical", "wrong", "missing"], result.items, TEXT
                ),
                out / GRADES_MISTAKES: write_table(
                    ["id", "variant", "task", "item", "answer", "mistake", "what", "kept"],
                    typical,
                    (*TEXT, "answer", "mistake", "what"),
                ),
                out / GRADES_PROBLEMS: write_table(
                    ["line", "problem"], result.problems, ("problem",)
                ),
            }
        )
    for line, problem in result.problems[:SHOWN_PROBLEMS]:
        print(f"warning: {args.grade}:{line}: {problem}", file=sys.stderr)
    if len(result.problems) > SHOWN_PROBLEMS:
        more = len(result.problems) - SHOWN_PROBLEMS
        print(f"warning: ... and {more} more, all in {out / GRADES_PROBLEMS}", file=sys.stderr)
    subset = f", tasks {', '.join(t.id for t in args.tasks)} only" if args.only else ""
    skipped = f"; {result.skipped} answers to other tasks skipped" if result.skipped else ""
    say(
        f"graded {len(record.students)} students{subset} ({len(submitted)} answers, "
        f"{len(result.problems)} not counted{skipped}) against {out / issued.RECORD} (commit "
        f"{record.commit}) in {time.perf_counter() - started:.1f} s: "
        f"{', '.join(map(str, written))}"
    )
    return 0


def _points(score) -> str:
    """Points (an exact fraction) as a decimal with a dot, at most two places: `7.33`."""
    shown = f"{float(score):.2f}".rstrip("0").rstrip(".")
    return "0" if shown == "-0" else shown


def _check_roster(enrolled, record, path: Path, out: Path) -> None:
    """The roster given with --grade must be the class that was issued its sheets."""
    from engine.classroom import issued
    from engine.errors import UserError

    handed = {s.id: s for s in record.students}
    former = {s.id for s in record.former}
    differ = [
        f"{e.id} (line {e.line}): "
        + ("left the roster at the last issue" if e.id in former else "no sheet was issued")
        for e in enrolled
        if e.id not in handed
    ]
    differ += [
        f"{e.id} (line {e.line}): issued variant {handed[e.id].variant}, the roster says "
        f"{e.variant}"
        for e in enrolled
        if e.id in handed and e.variant is not None and e.variant != handed[e.id].variant
    ]
    if differ:
        raise UserError(
            f"{path}: the roster does not match the sheets issued ({out / issued.RECORD}); "
            "grading follows what was handed out. Issue the sheets of the new roster with "
            "--roster FILE --pdf, or grade without --roster. Differences: " + "; ".join(differ)
        )


def _only(record, args) -> dict:
    """The record's keys, limited to the tasks of --only if it was given."""
    from engine.errors import UserError

    if not args.only:
        return record.keys
    wanted = {t.id for t in args.tasks}
    missing = sorted(wanted - set(record.tasks))
    if missing:
        raise UserError(
            f"--only {', '.join(missing)}: not on the issued sheets (they have "
            f"{', '.join(record.tasks)})"
        )
    return {v: [i for i in items if i.task in wanted] for v, items in record.keys.items()}
