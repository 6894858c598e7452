"""The authoring commands, `generate.py new` and `generate.py check`: their arguments, and
one message for a mistake (exit 1) as every other command does."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from engine.errors import UserError

COMMANDS = ("new", "check")


def main(argv: list[str], out: Path) -> int:
    parser = argparse.ArgumentParser(prog="generate.py", allow_abbrev=False)
    commands = parser.add_subparsers(dest="command", required=True)
    new = commands.add_parser(
        "new",
        help="scaffold a task: solution, template, oracle and TOML entries, a working example",
        description="Write the first draft of a task in the content folders: a working example "
        "(a derivative at a point) that `check` proves and typesets as generated. Nothing is "
        "overwritten.",
    )
    new.add_argument("id", help="the task id, <sheet>.<number>, e.g. ranepa3.13")
    new.add_argument("title", help="a short Russian title for the heading, in quotes")
    new.add_argument("--sheet-title", help="for a new sheet: its title, as on the sheet")
    new.add_argument("--subject", help="for a new sheet: what it is about, after «задач по»")
    check = commands.add_parser(
        "check",
        help="prove and typeset one task alone, in seconds",
        description="Solve and render one task, verify every claim against its oracle (and a "
        "few seeded variants if it has a pool), check its key and rubric entries, and compile "
        f"it alone into {os.path.relpath(out)}/check/ID/. Every problem is told at its template "
        "or oracle line.",
    )
    check.add_argument("id", help="the task id, as `generate.py --list` shows it")
    args = parser.parse_args(argv)
    try:
        if args.command == "new":
            from cli.scaffold import new_task

            written = new_task(args.id, args.title, args.sheet_title, args.subject)
            print(f"created task {args.id}, a working example to replace with your problem:")
            print(*(f"  {path}" for path in written), sep="\n")
            print(
                f"next: edit them in this order, and after each change run\n"
                f"  python generate.py check {args.id}\n"
                "(CONTRIBUTING.md, «Adding a task», walks through it)"
            )
            return 0
        from cli.check import check as check_task

        return check_task(args.id, out)
    except UserError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
