#!/usr/bin/env python3
"""Build the answer booklet: `python generate.py --pdf` writes build/booklet.pdf.

Exit codes: 0 success; 1 a user error (one message, no traceback); 2 bad arguments;
3 an internal error (a bug: traceback and the task it happened in); 130 interrupted.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
import traceback
from pathlib import Path

from cli import environment  # standard library only: works on any Python

try:
    environment.check_python()
    from checks.seeds import DEFAULT_STRESS, STRESS_PDF_EVERY
    from engine import registry
    from engine.errors import UserError
except ImportError as err:
    if (message := environment.missing_dependency(err)) is None:
        raise  # one of our own modules: a bug
    sys.exit(message)

HERE = Path(__file__).resolve().parent
# build/ beside generate.py in a checkout; in the current directory for an installed copy
DEFAULT_OUT = HERE / "build" if (HERE / "pyproject.toml").is_file() else Path("build")


_SINGLE = ("--grade", "--roster", "--out", "--variant", "--variants", "--only", "--cluster")


def _path(text: str) -> Path:
    """A path argument; an empty one would silently mean the current directory."""
    if not text.strip():
        raise argparse.ArgumentTypeError("an empty path")
    return Path(text)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        allow_abbrev=False,  # `--gra b.csv` beside `--grade a.csv` would slip past the check
        prog="generate.py",
        description="Typeset the answer booklet for the hse7 and ranepa3 problem sheets. "
        "Every number in it is computed by a solution module and recorded in build/claims.json.",
        epilog="Authoring: `generate.py new ID TITLE` scaffolds a task, `generate.py check ID` "
        "proves and typesets one task alone (each has --help). "
        "Exit codes: 0 ok, 1 user error (message names the file and line), 2 bad arguments, "
        "3 internal error (a bug), 130 interrupted.",
    )
    action = parser.add_mutually_exclusive_group()
    action.add_argument(
        "--pdf",
        action="store_true",
        help="write booklet.tex, claims.json and booklet.pdf (needs TeX Live); "
        "a failed compile leaves the previous PDF untouched",
    )
    action.add_argument(
        "--tex", action="store_true", help="write booklet.tex and claims.json only (no TeX needed)"
    )
    parser.add_argument(
        "--stress",
        type=int,
        nargs="?",
        const=DEFAULT_STRESS,
        metavar="N",
        help="solve and verify seeded variants 1..N (N defaults to "
        f"{DEFAULT_STRESS}, what CI runs) and every seed that ever failed, of every task with "
        "numbers: every claim "
        "against its oracle, each task's invariants, and no two variants alike; failing seeds "
        f"are reported and kept in checks/regression_seeds.json. With --pdf, seeds "
        f"{STRESS_PDF_EVERY}, {2 * STRESS_PDF_EVERY}, ... are also compiled (booklet and "
        "problem sheet) and checked for "
        "content running off the page",
    )
    action.add_argument(
        "--list",
        action="store_true",
        help="list the tasks with their ids and titles, in sheet order",
    )
    action.add_argument(
        "--fields",
        metavar="ID",
        help="list every value the task's template can print (given.*, r.*), for template authors",
    )
    parser.add_argument(
        "--html",
        action="store_true",
        help="write html/booklet.html (and with --problems html/problems.html; with --variants "
        "each variant's), the web edition: MathML formulas, SVG pictures, readable on a phone, "
        "works offline. Alone it builds the LaTeX (as --tex) but no PDF",
    )
    parser.add_argument(
        "--problems",
        action="store_true",
        help="also write problems.pdf (or .tex): the statements only, for students",
    )
    parser.add_argument(
        "--variant",
        default="0",
        metavar="N",
        help="seeded variant N: new numbers for every task that has numbers "
        "(0, the default, is the sheets' own); output in build/variant-N/",
    )
    parser.add_argument(
        "--variants",
        metavar="A-B",
        help="build variants A..B in parallel (each in build/variant-N/) and "
        "write the grader's key: build/answer-key.csv and, with --pdf, .pdf",
    )
    parser.add_argument(
        "--moodle",
        action="store_true",
        help="with --variants: also write build/moodle-quiz.xml, a Moodle quiz (XML import "
        "format): a category per variant, a cloze question per task with graded answers "
        "(templates/key.toml), one numeric field per number, within five units of its fourth "
        "significant digit; statements in HTML with MathJax and their pictures as images",
    )
    parser.add_argument(
        "--roster",
        type=_path,
        metavar="FILE",
        help="with --pdf or --tex: a problem sheet per student, build/students/<id>/problems.pdf "
        "with the student's name and variant on the cover, build/roster-key.csv "
        "(id,name,variant,task,item,answer,tolerance) and build/issued.json (what was handed "
        "out, which --grade grades against), all published together. FILE is CSV with the "
        "header id,name or id,name,variant. A student without a variant cell keeps the one "
        "issued before; new students get, in the order of their ids, the smallest variants "
        "nobody holds, so adding or removing a student never moves anyone else",
    )
    parser.add_argument(
        "--grade",
        type=_path,
        metavar="FILE",
        help="grade FILE, submissions as CSV id,task,item,answer (a decimal comma, a true "
        "minus, spaces and fractions like 3/4 are read), against the sheets issued into the "
        "output directory (build/issued.json, written by --roster); with --roster FILE, first "
        "check that the roster is still the class that was issued. Writes build/grades.csv "
        "(id,name,variant,score,max) and build/grades-items.csv (right, wrong, missing per "
        "item); rows that cannot count are listed and never count as right",
    )
    parser.add_argument(
        "--cluster",
        metavar="ADDRESS",
        help="run --variants, --roster and --stress on the dask.distributed scheduler "
        "at ADDRESS (e.g. tcp://10.0.0.5:8786) instead of local processes; every worker needs "
        "TeX Live and this project installed; the outputs are written here",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=None,
        metavar="J",
        help="processes for --variants and --stress (default: all cores)",
    )
    parser.add_argument(
        "--only",
        metavar="ID[,ID...]",
        help="build only these tasks, e.g. --only ranepa3.5 (ids as in --list)",
    )
    parser.add_argument(
        "--out",
        type=_path,
        default=None,
        metavar="DIR",
        help="output directory (default: build/, or build/variant-N/)",
    )
    parser.add_argument(
        "--watch",
        action="store_true",
        help="with --pdf or --tex: build, then build again on every save under templates/, "
        "solutions/, engine/ and checks/, one line per build (what changed, the time or the error "
        "at its file:line); a failed build keeps the last good PDF; Ctrl-C stops",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress messages")
    args = parser.parse_args(argv)
    given = sys.argv[1:] if argv is None else argv
    for option in _SINGLE:  # argparse keeps the last silently: two --grade files lose one
        if sum(a == option or a.startswith(option + "=") for a in given) > 1:
            parser.error(f"{option} given more than once")
    from cli.ranges import parse_range, parse_variant

    try:  # the numbers first: the checks below read them
        args.variant = parse_variant(args.variant)
        if args.variants is not None:
            args.variant_range = args.variants = parse_range(args.variants)
    except ValueError as err:
        parser.error(str(err))
    if args.cluster is not None and not args.cluster.strip():
        parser.error("--cluster wants an address, e.g. tcp://10.0.0.5:8786")
    if args.grade is not None and (args.list or args.fields):
        parser.error("--grade does not go with --list or --fields")
    if args.html and (args.stress is not None or args.roster or args.grade is not None):
        parser.error("--html goes with one build or --variants (not --stress, --roster, --grade)")
    if args.html and (args.list or args.fields):
        parser.error("--html builds pages: not with --list or --fields")
    if args.html and not args.pdf:
        args.tex = True  # the web edition is made from the proven LaTeX
    class_run = args.variants or args.stress is not None or args.roster or args.grade
    if args.watch and not ((args.pdf or args.tex) and not class_run):
        parser.error(
            "--watch goes with --pdf or --tex (one build, not --variants, --stress, --roster "
            "or --grade)"
        )
    actions = ("pdf", "tex", "list", "fields")
    if args.stress is not None and any(getattr(args, a) for a in actions if a != "pdf"):
        parser.error("--stress goes with --pdf only")
    if args.grade is not None and (args.pdf or args.tex or args.variants or args.variant):
        parser.error("--grade builds nothing: do not give it --pdf, --tex or --variant(s)")
    if args.grade is not None and (args.stress is not None or args.problems or args.moodle):
        parser.error("--grade builds nothing: do not give it --stress, --problems or --moodle")
    if args.grade is not None and args.cluster:
        parser.error("--grade reads the issued record and computes nothing to distribute")
    if args.roster is not None and (args.variants or args.variant or args.stress is not None):
        parser.error("--roster chooses each student's variant: no --variant(s) or --stress")
    if args.roster is not None and args.grade is None and not (args.pdf or args.tex):
        parser.error("--roster builds the students' sheets: add --pdf or --tex (or --grade FILE)")
    if args.stress is None and args.grade is None and not any(getattr(args, a) for a in actions):
        parser.error("one of the arguments --pdf --tex --stress --list --fields is required")
    if args.variant and args.variants:
        parser.error("--variant and --variants do not go together")
    if args.cluster and not (args.variants or args.roster or args.stress is not None):
        parser.error("--cluster goes with --variants, --roster or --stress")
    if args.moodle and not args.variants:
        parser.error("--moodle goes with --variants A-B (a quiz of those variants)")
    if args.stress is not None and args.stress < 1:
        parser.error("--stress wants a positive number of seeds")
    if args.jobs is not None and args.jobs < 1:
        parser.error("--jobs wants a positive number of processes")
    if args.out is None:
        args.out = DEFAULT_OUT / f"variant-{args.variant}" if args.variant else DEFAULT_OUT
    if args.cluster:  # a worker would resolve a relative path in its own working directory
        args.out = args.out.absolute()
    if args.fields:
        if "," in args.fields:
            parser.error("--fields takes one task id")
        args.only = args.fields
    ids = None
    if args.only is not None:
        ids = [i.strip() for i in args.only.split(",") if i.strip()]
        if not ids:
            parser.error(f"--only names no task ({args.only!r}); see --list")
    try:
        args.tasks = registry.select(ids)
    except KeyError as err:
        parser.error(f"unknown task id(s): {err.args[0]}; see --list")
    except UserError as err:  # a mistake in templates/sheets.toml
        print(f"error: {err}", file=sys.stderr)
        sys.exit(1)
    return args


def list_tasks() -> None:
    for sheet in registry.SHEETS:
        tasks = [t for t in registry.TASKS if t.sheet == sheet.id]
        if tasks:
            print(f"{sheet.id}: {sheet.title}")
            for task in tasks:
                print(f"  {task.id:<11} {task.title}")


def build(args) -> int:
    """The booklet (and with --problems the problem sheet) of one variant; nothing at all
    when the last build into the same directory read exactly the same inputs."""
    from cli.progress import messages
    from engine.store import uptodate

    progress = messages(args.quiet)
    started = time.perf_counter()
    written = args.out / ("booklet.pdf" if args.pdf else "booklet.tex")
    request = {
        "tasks": [task.id for task in args.tasks],
        "pdf": args.pdf,
        "problems": args.problems,
        "variant": args.variant,
        "html": args.html,
    }
    inputs = uptodate.fingerprint(request)
    if uptodate.up_to_date(args.out, inputs):
        progress(f"nothing changed: {written} is up to date")
        return 0

    from cli import proof
    from engine.builds import pipeline  # heavy (sympy, numpy, pylatex): only when building
    from engine.store.publish import exclusive, publish
    from engine.web.edition import companion

    with exclusive(args.out, progress):
        booklet = pipeline.build(
            args.tasks,
            args.out,
            args.pdf,
            args.problems,
            args.variant,
            progress,
            cache=pipeline.cache_dir(args.out),
            siblings=args.out.parent if args.variant else None,  # build/variant-N beside others
            prove=proof.prove,
            publisher=publish,
            companions=companion(args.out) if args.html else None,
        )
        names = ["booklet", "problems"] if args.problems else ["booklet"]
        kinds = [".tex", ".pdf"] if args.pdf else [".tex"]
        outputs = [args.out / f"{name}{kind}" for name in names for kind in kinds]
        outputs += [args.out / "html" / f"{name}.html" for name in names if args.html]
        uptodate.record(args.out, inputs, [*outputs, args.out / "claims.json"])
    elapsed = time.perf_counter() - started
    progress(f"wrote {written} ({len(booklet.ledger)} claims) in {elapsed:.1f} s")
    return 0


def main(argv: list[str] | None = None) -> int:
    given = sys.argv[1:] if argv is None else argv
    if given and given[0] in ("new", "check"):  # the authoring commands (cli/authoring.py)
        from cli import authoring

        signal.signal(signal.SIGTERM, _interrupt)
        signal.signal(signal.SIGHUP, _interrupt)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        try:
            return authoring.main(given, DEFAULT_OUT)
        except KeyboardInterrupt:
            print("\ninterrupted", file=sys.stderr)
            return 130
    if published := sys.modules.get("engine.store.publish"):  # a --watch child, a test
        published.PUBLISHED.clear()  # this run's, for an interrupt's message
    args = parse_args(argv)
    if args.list or args.fields:
        try:
            if args.list:
                list_tasks()
            else:
                from cli.fields import show_fields

                show_fields(args.tasks[0])
        except KeyboardInterrupt:  # e.g. while a pager holds the output
            return 130
        return 0
    command = build  # the others import what they need: a no-op build stays quick
    if args.variants or args.stress is not None:
        from cli import commands

        command = commands.stress if args.stress is not None else commands.many_variants
    if args.roster is not None or args.grade is not None:
        from cli import classroom

        command = classroom.grade if args.grade is not None else classroom.roster
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGHUP, _interrupt)  # the terminal or the ssh session closed
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even if started with it ignored
    if args.watch:
        from cli.watch import watch

        given = sys.argv[1:] if argv is None else argv
        return watch(main, [a for a in given if a != "--watch"])
    try:
        return command(args)
    except UserError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        published = getattr(sys.modules.get("engine.store.publish"), "PUBLISHED", [])
        if published:  # complete files: the interrupt came after the one publishing step
            shown = ", ".join(map(str, published[:3])) + (" ..." if len(published) > 3 else "")
            print(f"\ninterrupted after publishing {shown}; they are complete", file=sys.stderr)
        else:
            print("\ninterrupted; the previous outputs are unchanged", file=sys.stderr)
        return 130
    except Exception as err:
        # a module imported late or in a worker; a full disk met outside publish()
        if message := environment.missing_dependency(err) or environment.machine_fault(err):
            print(message, file=sys.stderr)
            return 1
        traceback.print_exc()
        print(
            "error: internal error (a bug, see the note above); the previous outputs are unchanged",
            file=sys.stderr,
        )
        return 3


def _interrupt(signum, frame):
    """SIGTERM stops a build as Ctrl-C does: nothing half-published."""
    raise KeyboardInterrupt


if __name__ == "__main__":
    try:
        code = main()
    except BrokenPipeError:  # `generate.py --fields ID | head`: the reader has had enough
        sys.stderr.close()
        sys.exit(0)
    except ImportError as err:  # --fields or --watch, before main's own handler
        if (message := environment.missing_dependency(err)) is None:
            raise
        sys.exit(message)
    if code in (0, 130):
        # Done: every file is published and closed, every pool shut down, and tearing down
        # sympy's caches would take a third of an edit's build. Interrupted: what is finished
        # is published, and a process pool whose workers were killed can leave a thread that
        # interpreter exit would wait for forever. Either way, leave now.
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # too late to stop: let it finish
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)
