#!/usr/bin/env python3
"""The speed of the authoring loop, of a class and of the test suite, measured side by side in
one run on a copy of the working tree (`make bench`). Not a test: seconds depend on the
machine, ratios to bare `latexmk -pdf` on the same booklet.tex much less. The goals are issue
28's, for the 2-core reference machine:

    cold `generate.py --pdf` (no build/)              <= 0.7 x bare latexmk
    one word added to one template -> new PDF         <= 0.25 x (a new command)
    the same, saved under `--pdf --watch`             <= 0.15 x
    nothing changed, `--pdf` again                    <= 0.1 s
    10 variants with problem sheets, --jobs 2         <= 2.0 x
    100 named problem sheets (`--pdf --roster`)       <= 90 s
    the test suite (pytest, two workers)              <= 60 s
    variants on a LocalCluster of 2 vs the local pool <= 1.1 x

`--quick` leaves out the last three (they take minutes); `--readme` writes the table into
README.md between its `bench:` markers. The edits touch the copy's template, never yours.
"""

from __future__ import annotations

import argparse
import csv
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EDITED = Path("templates/ranepa3/task12.tex.j2")  # a small task: the edit, not the task, is timed
CLUSTER_VARIANTS = 20  # each side; the ratio, not the count, is the goal
ROSTER = 100
SHOWN_STATEMENT = re.compile(r"Найдите(, \w+,)? симметричную")
README_BLOCK = re.compile(r"(<!-- bench:start -->\n).*?(<!-- bench:end -->)", re.S)


def seconds(*command: str, cwd: Path) -> float:
    started = time.perf_counter()
    run = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if run.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{run.stderr.decode(errors='replace')}")
    return time.perf_counter() - started


def generate(copy: Path, *args: str) -> float:
    return seconds(sys.executable, "generate.py", "--quiet", *args, cwd=copy)


def bare_latexmk(tex: Path, work: Path) -> float:
    work.mkdir()
    shutil.copy(tex, work / "booklet.tex")
    flags = ("-pdf", "-interaction=nonstopmode", "-silent")
    return seconds("latexmk", *flags, "booklet.tex", cwd=work)


def edit_under_watch(copy: Path) -> float:
    """Seconds from saving a template to the new PDF in place, with `--pdf --watch` running
    (what an instructor with a PDF viewer open waits for): the median of three edits."""
    pdf = copy / "build" / "booklet.pdf"
    watcher = subprocess.Popen(
        [sys.executable, "generate.py", "--pdf", "--watch"],
        cwd=copy,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for line in watcher.stderr:  # its first build, then it waits for saves
            if "start:" in line:
                break
        time.sleep(1)  # watching begins once the first build is done
        template = copy / EDITED
        times = []
        for word in ("вновь", "опять", "снова"):
            before = pdf.stat().st_mtime_ns
            text = with_word(template.read_text(encoding="utf-8"), word)
            started = time.perf_counter()
            template.write_text(text, encoding="utf-8")
            while pdf.stat().st_mtime_ns == before:
                time.sleep(0.01)
            times.append(time.perf_counter() - started)
            watcher.stderr.readline()  # its line for this build
        return sorted(times)[1]
    finally:
        watcher.send_signal(signal.SIGINT)
        watcher.wait(timeout=30)


def with_word(text: str, word: str) -> str:
    """The template with a word added to the statement the sheet's booklet prints (not to a
    variant's, which would leave the PDF as it was and time no TeX at all)."""
    edited = SHOWN_STATEMENT.sub(rf"Найдите, {word}, симметричную", text, count=1)
    if edited == text:
        sys.exit(f"{EDITED}: the statement to edit (`Найдите симметричную`) is gone")
    return edited


def working_tree(copy: Path) -> None:
    """The files git would commit now (tracked and new, not ignored), as they are on disk."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = REPO / name
        if source.is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)


def roster(copy: Path, students: int) -> Path:
    path = copy / "roster.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "name"])
        writer.writerows([f"s{n:03d}", f"Студент {n}"] for n in range(1, students + 1))
    return path


def suite(copy: Path) -> float:
    """The README's test command in the copy (its own .pytest_cache, its own shared cache)."""
    return seconds(sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=copy)


def cluster_ratio(copy: Path) -> float:
    """--tex --variants on a LocalCluster of two one-thread workers, over the same on the
    local pool of two processes (each into its own output directory, caches cold)."""
    from distributed import LocalCluster

    variants = f"1-{CLUSTER_VARIANTS}"
    # absolute: a worker resolves a relative --out in its own directory, not the copy's
    local_out, dask_out = str(copy / "out-local"), str(copy / "out-dask")
    local = generate(copy, "--tex", "--variants", variants, "--jobs", "2", "--out", local_out)
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        address = cluster.scheduler_address
        dask = generate(
            copy, "--tex", "--variants", variants, "--cluster", address, "--out", dask_out
        )
    return dask / local


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="skip roster, suite and cluster")
    parser.add_argument("--readme", action="store_true", help="write the table into README.md")
    options = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-"))
    copy = root / "repo"
    copy.mkdir()
    try:
        working_tree(copy)
        cold = generate(copy, "--pdf")
        bare = bare_latexmk(copy / "build" / "booklet.tex", root / "bare")
        noop = generate(copy, "--pdf")
        web = generate(copy, "--html", "--out", "build-html")  # as cold: its own cache
        template = copy / EDITED
        original = template.read_text(encoding="utf-8")
        template.write_text(with_word(original, "пожалуйста"), encoding="utf-8")
        edit = generate(copy, "--pdf")
        watched = edit_under_watch(copy)
        variants = generate(copy, "--pdf", "--problems", "--variants", "1-10", "--jobs", "2")
        rows = [
            ("cold `--pdf`", cold / bare, 0.7, "×"),
            ("one-template edit → PDF, as a command", edit / bare, 0.25, "×"),
            ("the same under `--watch`", watched / bare, 0.15, "×"),
            ("no-op `--pdf`", noop, 0.1, "s"),
            ("cold `--html` (the web edition, no PDF) vs cold `--pdf`", web / cold, 1.0, "×"),
            ("10 variants + problem sheets, 2 jobs", variants / bare, 2.0, "×"),
        ]
        if not options.quick:
            template.write_text(original, encoding="utf-8")  # the suite's goldens hold it
            named = generate(
                copy, "--pdf", "--roster", str(roster(copy, ROSTER)), "--out", "out-roster"
            )
            rows.append((f"{ROSTER} named problem sheets (`--pdf --roster`)", named, 90, "s"))
            shutil.rmtree(copy / "build")  # the suite runs as on a fresh clone
            rows.append(("`make test` (pytest, 2 workers)", suite(copy), 60, "s"))
            rows.append(
                (
                    f"LocalCluster of 2 vs local pool, {CLUSTER_VARIANTS} variants `--tex`",
                    cluster_ratio(copy),
                    1.1,
                    "×",
                )
            )
    finally:
        shutil.rmtree(root, ignore_errors=True)
    table = markdown(rows, bare)
    print(table)
    if options.readme:
        readme = REPO / "README.md"
        text = readme.read_text(encoding="utf-8")
        if not README_BLOCK.search(text):
            sys.exit("README.md has no <!-- bench:start --> ... <!-- bench:end --> block")
        block = lambda m: m.group(1) + table + "\n" + m.group(2)
        readme.write_text(README_BLOCK.sub(block, text), encoding="utf-8")
    return 0 if all(value <= goal for _, value, goal, _ in rows) else 1


def markdown(rows: list, bare: float) -> str:
    lines = [
        f"`scripts/bench.py`, one run on this 2-core machine ({date.today().isoformat()}); "
        f"bare `latexmk -pdf` on the same booklet.tex: {bare:.1f} s",
        "",
        "| | measured | goal | |",
        "|---|---|---|---|",
    ]
    for name, value, goal, unit in rows:
        mark = "ok" if value <= goal else "slower"
        lines.append(f"| {name} | {value:.2f} {unit} | ≤ {goal} {unit} | {mark} |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
