"""`--cluster ADDRESS`: the same work on a dask.distributed scheduler (a LocalCluster here)
gives the same claims, key and files as a local run; the outputs are written by the client."""

from __future__ import annotations

from pathlib import Path

import pytest
from distributed import LocalCluster

import generate
from cli import cluster

pytestmark = pytest.mark.slow  # built end to end: `make test-all` runs it

ONLY = ["--only", "ranepa3.5", "--quiet"]


@pytest.fixture(scope="module")
def scheduler():
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local:
        yield local.scheduler_address


def same_files(left, right, names) -> None:
    for name in names:
        assert (left / name).read_bytes() == (right / name).read_bytes(), name


def test_variants_on_a_cluster_are_the_local_variants(scheduler, tmp_path):
    args = ["--tex", "--variants", "1-2", *ONLY]
    assert generate.main([*args, "--cluster", scheduler, "--out", str(tmp_path / "dask")]) == 0
    assert generate.main([*args, "--out", str(tmp_path / "local")]) == 0
    same_files(tmp_path / "dask", tmp_path / "local", ["answer-key.csv"])
    for n in (1, 2):
        names = [f"variant-{n}/claims.json", f"variant-{n}/booklet.tex"]
        same_files(tmp_path / "dask", tmp_path / "local", names)


def test_a_roster_on_a_cluster_is_the_local_roster(scheduler, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("id,name\nann,Анна\nbob,Борис\n", encoding="utf-8")
    args = ["--tex", "--roster", str(roster), *ONLY]
    assert generate.main([*args, "--cluster", scheduler, "--out", str(tmp_path / "dask")]) == 0
    assert generate.main([*args, "--out", str(tmp_path / "local")]) == 0
    names = ["roster-key.csv", "students/ann/problems.tex", "students/bob/problems.tex"]
    same_files(tmp_path / "dask", tmp_path / "local", names)


def test_no_scheduler_at_the_address_is_a_clear_error(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(cluster, "_CONNECT_TIMEOUT", "1s")
    args = ["--tex", "--variants", "1-2", *ONLY, "--cluster", "tcp://127.0.0.1:9"]
    assert generate.main([*args, "--out", str(tmp_path)]) == 1
    error = capsys.readouterr().err
    assert error.startswith("error: --cluster tcp://127.0.0.1:9: cannot reach a dask scheduler")
    assert not (tmp_path / "answer-key.csv").exists()


def test_cluster_goes_with_parallel_work(capsys):
    with pytest.raises(SystemExit):
        generate.main(["--pdf", "--cluster", "tcp://127.0.0.1:9"])
    assert "--cluster goes with --variants, --roster or --stress" in capsys.readouterr().err


def test_a_relative_out_is_the_clients_directory_on_every_worker(tmp_path, monkeypatch):
    """A worker resolves a path in its own working directory (its caches and TeX work
    directories live under --out): the client sends it absolute, as the user meant it."""
    monkeypatch.chdir(tmp_path)
    args = generate.parse_args(
        ["--tex", "--variants", "1-2", "--cluster", "tcp://h:1", "--out", "o"]
    )
    assert args.out == tmp_path / "o"
    assert generate.parse_args(["--tex", "--out", "o"]).out == Path("o")  # kept as typed locally
