"""The commands that fan work out over processes: many variants with their key, and the
stress run that solves and verifies seeded variants against the independent oracles."""

from __future__ import annotations

import contextlib
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from cli.pool import Interrupted, bounded_jobs, run_parallel
from cli.progress import Progress, messages


def many_variants(args) -> int:
    """Variants A..B in parallel, each in out/variant-N/, with the grader's key (and the quiz):
    all built and checked first, then published as one set."""
    from cli import proof
    from engine.builds import answer_key
    from engine.builds.variants import VariantJob, build_variant
    from engine.classroom import key
    from engine.store.publish import confined, exclusive, publish

    started = time.perf_counter()
    say = messages(args.quiet)
    out = Path(args.out)
    answers = key.load()  # a mistake in templates/key.toml stops the run before any build
    task_ids = tuple(t.id for t in args.tasks)
    if args.moodle:  # and so does a key the quiz could not be made of
        from engine.classroom import moodle

        moodle.check_key(answers)
        key.require_graded(answers, list(task_ids))
    cluster = args.cluster
    work = [
        VariantJob(n, task_ids, args.pdf, args.problems, out, args.moodle, proof.prove, args.html)
        for n in args.variant_range
    ]
    jobs = bounded_jobs(args.jobs, len(work), say)
    progress = Progress(len(work), "variants", enabled=not args.quiet)
    with exclusive(out, say):
        confined(out, [out / f"variant-{n}" for n in args.variant_range])
        try:
            built = run_parallel(
                build_variant, work, jobs, progress, lambda j: f"variant {j.variant}", cluster
            )
        except Interrupted as stop:
            print(
                f"\ninterrupted after {len(stop.done)} of {len(work)} variants: nothing "
                "published (the previous variants, key and quiz are as they were; solved tasks "
                "and pictures stay cached, so running it again is quicker)",
                file=sys.stderr,
            )
            return 130
        numbered = [(n, b.claims) for n, b in zip(args.variant_range, built, strict=True)]
        files = {path: data for result in built for path, data in result.files.items()}
        files |= answer_key.key_files(numbered, out, args.pdf)
        if not args.pdf:  # PDFs of an earlier run would contradict the new .tex and key
            stale = [out / "answer-key.pdf"] + [
                out / f"variant-{n}" / f"{name}.pdf"
                for n in args.variant_range
                for name in ("booklet", "problems")
            ]
            files |= {path: None for path in stale if path.exists()}
        if args.moodle:
            say(f"writing the Moodle quiz of {len(built)} variants")
            files |= moodle_quiz(args.variant_range, built, out)
        publish(files)
    where = f"the cluster at {cluster}" if cluster else f"{jobs} process(es)"
    made = [p for p, data in files.items() if data is not None]
    shared = [p for p in made if p.parent == out]
    say(
        f"{len(work)} variants on {where} in {time.perf_counter() - started:.1f} s; "
        f"wrote {len(made) - len(shared)} files in {out}/variant-*/ and "
        f"{', '.join(str(p) for p in shared)}"
    )
    return 0


def moodle_quiz(variants, built, out: Path) -> dict:
    """{path: content} of the quiz, for the caller to publish with the variants."""
    from engine.builds import pipeline
    from engine.classroom import moodle

    papers = [
        moodle.VariantPaper(n, b.claims, b.statements) for n, b in zip(variants, built, strict=True)
    ]
    with contextlib.ExitStack() as stack:  # its pictures come from a store
        xml = moodle.quiz(papers, pipeline.usable_store(pipeline.cache_dir(out), stack))
    return {out / moodle.QUIZ: xml}


@dataclass(frozen=True)
class StressJob:
    seed: int
    task_ids: tuple[str, ...]
    pdf_dir: Path | None = None  # compile the booklet and problem sheet here and check layout


def stress_seed(job: StressJob) -> tuple[list[str], dict, list[str]]:
    """Solve and verify one seeded variant of the varying tasks: its problems (none = pass),
    each task's answers up to sign (checks/distinct.py) and, when compiled, what the page
    check sees (checks/page_layout.py: warnings, not failures). A crash in solve() is a
    failure of that seed too, not of the whole run."""
    from checks.distinct import answers_up_to_sign
    from checks.verify import failures
    from engine.builds import pipeline

    try:
        tasks = pipeline.varying_tasks(list(job.task_ids))
        ledger = pipeline.render(tasks, variant=job.seed).ledger
        problems = failures(ledger) if job.seed else []  # the sheet is the tests' business
        warnings: list[str] = []
        if job.pdf_dir is not None:
            overruns, warnings = laid_out(tasks, job)
            problems += overruns
        fingerprints = {task.id: answers_up_to_sign(list(ledger), task.id) for task in tasks}
        return problems, fingerprints, warnings
    except Exception as err:  # reported with the seed, never swallowed
        return [f"{type(err).__name__}: {err}"], {}, []


def laid_out(tasks, job: StressJob) -> tuple[list[str], list[str]]:
    """Compile the seed's booklet and problem sheet; what runs off the page, or why they
    do not compile (failures), and what the page check sees on them (warnings)."""
    from checks.layout import overruns_in
    from checks.page_layout import findings_in
    from engine.builds import pipeline
    from engine.errors import UserError

    try:
        pipeline.build(tasks, job.pdf_dir, pdf=True, problems=True, variant=job.seed)
    except UserError as err:
        return [f"does not compile: {err}"], []
    names = ("booklet", "problems")
    return (
        [o for name in names for o in overruns_in(job.pdf_dir, name)],
        [f for name in names for f in findings_in(job.pdf_dir, name) + figures_in(job, name)],
    )


def figures_in(job: StressJob, name: str) -> list[str]:
    """Labels printed over lines or labels in the figures of the seed's `name`.tex, each
    named by the line of the .tex that draws it."""
    from checks.figure_overlap import findings_of
    from engine.builds import pipeline
    from engine.store.cache import Store
    from engine.tex import pictures
    from engine.tex.latex import tex_environment

    tex = (job.pdf_dir / f"{name}.tex").read_text(encoding="utf-8")
    store = Store(pipeline.cache_dir(job.pdf_dir))
    drawn = pictures.drawn_twice(tex, store, tex_environment())
    if drawn is None:
        return []
    sources, pdf, textless = drawn
    lines = [tex[: tex.index(source)].count("\n") + 1 for source in sources]
    return findings_of([f"{name}.tex:{line}: figure" for line in lines], pdf, textless)


def stress(args) -> int:
    """Seeds 1..N through solve() and the independent oracles of checks/, and no two alike."""
    from checks import seeds
    from checks.distinct import repeats
    from engine.builds import pipeline
    from engine.store.publish import exclusive

    started = time.perf_counter()
    task_ids = tuple(t.id for t in pipeline.varying_tasks([t.id for t in args.tasks]))
    compiled = lambda seed: args.pdf and seed % seeds.STRESS_PDF_EVERY == 0
    work = [
        StressJob(
            seed, task_ids, Path(args.out) / "stress" / f"seed-{seed}" if compiled(seed) else None
        )
        for seed in seeds.stress_seeds(args.stress)
    ]
    jobs = bounded_jobs(args.jobs, len(work), messages(args.quiet))
    progress = Progress(len(work), "seeds", enabled=not args.quiet)
    # compiled seeds share out/stress/: a second run waits rather than compile over them
    one_at_a_time = exclusive(Path(args.out) / "stress", messages(args.quiet))
    try:
        with one_at_a_time if args.pdf else contextlib.nullcontext():
            results = run_parallel(
                stress_seed, work, jobs, progress, lambda j: f"seed {j.seed}", args.cluster
            )
    except Interrupted as stop:
        failed = sorted(job.seed for job, (problems, *_) in stop.done.items() if problems)
        print(
            f"\ninterrupted: {len(stop.done)} of {len(work)} seeds checked, "
            f"{len(failed)} failed ({', '.join(map(str, failed)) or 'none'})",
            file=sys.stderr,
        )
        return 130
    failed = {
        job.seed: problems for job, (problems, *_) in zip(work, results, strict=True) if problems
    }
    sheet = stress_seed(StressJob(0, task_ids))[1]
    fingerprints = {0: sheet} | {job.seed: f for job, (_, f, _) in zip(work, results, strict=True)}
    for job, (*_, warnings) in zip(work, results, strict=True):
        for warning in warnings[:5]:
            print(f"seed {job.seed}: warning: {warning}", file=sys.stderr)
        if len(warnings) > 5:
            print(f"seed {job.seed}: warning: {len(warnings) - 5} more", file=sys.stderr)
    last = max(job.seed for job in work)  # a repeat of a pool smaller than that is expected
    sizes = {task: pipeline.variant_count(task, last) for task in task_ids}
    for seed, problem in repeats(fingerprints, sizes):
        failed.setdefault(seed, []).append(problem)
    for seed, problems in failed.items():
        for problem in problems[:5]:
            print(f"seed {seed}: {problem}", file=sys.stderr)
    if failed:
        kept = seeds.remember(list(failed), fallback=Path(args.out) / "failing-seeds.json")
        print(f"error: {len(failed)} of {len(work)} seeds failed; kept in {kept}", file=sys.stderr)
        return 1
    if not args.quiet:
        print(
            f"{len(work)} seeds (1-{args.stress} and the kept regression seeds) of "
            f"{', '.join(task_ids)} verified"
            f"{f' ({sum(1 for j in work if j.pdf_dir)} compiled)' if args.pdf else ''} "
            f"on {jobs} process(es) "
            f"in {time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
    return 0
