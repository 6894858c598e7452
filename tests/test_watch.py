"""`generate.py --watch`: one line per build, errors at their file:line with the last good
PDF kept, Ctrl-C ends the loop; each build runs in a fresh process."""

from __future__ import annotations

import pytest

import generate
from cli import watch


def fake_builds(*outcomes):
    queue = list(outcomes)
    return lambda: queue.pop(0)


def test_one_line_per_build_and_the_error_where_it_is():
    said = []
    batches = [
        {(1, str(watch.ROOT / "templates" / "ranepa3" / "task04.tex.j2"))},
        {(1, str(watch.ROOT / "solutions" / "nets.py")), (2, str(watch.ROOT / "engine" / "x.py"))},
    ]
    builds = fake_builds(
        watch.Outcome(True, "wrote build/booklet.pdf (16 claims) in 1.0 s"),
        watch.Outcome(False, "error: templates/ranepa3/task04.tex.j2:6: 'r' has no 'x'"),
        watch.Outcome(True, "wrote build/booklet.pdf (16 claims) in 1.2 s"),
    )
    assert watch.loop(batches, builds, said.append) == 0
    assert len(said) == 3
    assert said[0].endswith("start: build/booklet.pdf (16 claims) in 1.0 s")
    assert "templates/ranepa3/task04.tex.j2: error: templates/ranepa3/task04.tex.j2:6:" in said[1]
    assert said[1].endswith("the last good PDF stays")
    assert "engine/x.py, solutions/nets.py:" in said[2]


def test_ctrl_c_stops_the_loop():
    def interrupted():
        yield {(1, "templates/a.tex.j2")}
        raise KeyboardInterrupt

    said = []
    builds = fake_builds(*[watch.Outcome(True, "wrote x")] * 2)
    assert watch.loop(interrupted(), builds, said.append) == 130
    assert said[-1].startswith("stopped watching")


def test_a_build_runs_in_a_fresh_process(tmp_path):
    out = ["--out", str(tmp_path)]
    outcome = watch.run_build(generate.main, ["--tex", "--only", "ranepa3.4", *out])
    assert outcome.ok
    assert outcome.said.startswith("wrote ")
    broken = watch.run_build(generate.main, ["--tex", "--only", "nosuch.1", *out])
    assert not broken.ok
    assert "unknown task id(s): nosuch.1" in broken.said


@pytest.mark.parametrize(
    "argv",
    [["--watch"], ["--watch", "--list"], ["--watch", "--tex", "--variants", "1-2"]],
    ids=["no build", "with --list", "with --variants"],
)
def test_watch_wants_one_build(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        generate.main(argv)
    assert exit_.value.code == 2
    assert "--watch goes with --pdf or --tex" in capsys.readouterr().err
