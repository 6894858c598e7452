"""Work on a dask.distributed scheduler instead of local processes (`--cluster ADDRESS`).

The client's executor is a `concurrent.futures` executor, so results are collected by the
same loop as locally (cli/pool.py) and come back identical. Every worker needs TeX Live and
this project installed (the same version); the work functions are imported there by name.
Outputs travel back with the results and are written by the client (the jobs' `deliver`),
so workers need no shared disk: each keeps its caches and TeX work directories at the same
paths on its own. Ctrl-C cancels what has not finished (a task already running on a worker
finishes there, unseen).
"""

from __future__ import annotations

from collections.abc import Callable

from engine.errors import UserError

_CONNECT_TIMEOUT = "10s"


def run_on_cluster(work: Callable, items: list, address: str, collect: Callable) -> None:
    from distributed import Client

    try:
        client = Client(address, timeout=_CONNECT_TIMEOUT)
    except OSError as err:  # no scheduler there (distributed raises TimeoutError, an OSError)
        raise UserError(f"--cluster {address}: cannot reach a dask scheduler ({err})") from None
    try:
        executor = client.get_executor(pure=False)
        pending = {executor.submit(work, item): item for item in items}
        try:
            collect(pending)
        except BaseException:
            for future in pending:
                future.cancel()
            raise
    finally:
        client.close()
