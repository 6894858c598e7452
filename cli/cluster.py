"""Work on a dask.distributed scheduler instead of local processes (`--cluster ADDRESS`).

The client's executor is a `concurrent.futures` executor, so results are collected by the
same loop as locally (cli/pool.py) and come back identical. Every worker needs TeX Live and
this project installed (the same version); the work functions are imported there by name.
Outputs travel back with the results and are written by the client (the jobs' `deliver`),
so workers need no shared disk: each keeps its caches and TeX work directories at the same
paths on its own. Ctrl-C cancels what has not finished (a task already running on a worker
finishes there, unseen).

What can go wrong on the way is the user's or the network's, never a bug: an address that is
not one, no scheduler there, a scheduler without workers, a worker without this project, the
scheduler going away mid-run. Each is a UserError naming the address; distributed's own
exceptions (ValueError, TypeError, CommClosedError, a cancelled future) and its logged
tracebacks never reach the user.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator
from concurrent.futures import CancelledError

from engine.errors import UserError

_CONNECT_TIMEOUT = "10s"
_WORKER_WAIT_S = 60  # a scheduler without workers would keep the run waiting forever
_SCHEMES = ("tcp", "tls", "ws", "wss", "ucx")  # inproc:// exists only inside one process
_EXAMPLE = "an address looks like tcp://10.0.0.5:8786"


def checked_address(address: str) -> str:
    """`address` if it reads as a scheduler's ([scheme://]host:port), else a UserError: the
    connection would fail with a ValueError from deep inside distributed, or wait its whole
    timeout for a port that cannot exist."""
    from distributed.comm.addressing import parse_address, parse_host_port

    wrong = f"--cluster {address}: not a scheduler's address"
    try:
        scheme, location = parse_address(address)
        host, port = parse_host_port(location)
    except (ValueError, TypeError) as err:
        why = str(err)
        if "invalid literal for int()" in why:  # Python's words for a port that is no number
            why = f"the port {address.rpartition(':')[2]!r} is not a number"
        raise UserError(f"{wrong} ({why}); {_EXAMPLE}") from None
    if scheme not in _SCHEMES:
        raise UserError(f"{wrong} (no scheme {scheme}://, only {', '.join(_SCHEMES)}); {_EXAMPLE}")
    if not host:
        raise UserError(f"{wrong} (no host); {_EXAMPLE}")
    if not 0 < port < 65536:
        raise UserError(f"{wrong} (port {port} is not 1-65535); {_EXAMPLE}")
    return address


def run_on_cluster(
    work: Callable,
    items: list,
    address: str,
    collect: Callable,
    say: Callable[[str], None] = lambda _: None,
) -> None:
    checked_address(address)
    from distributed import Client
    from distributed.comm import CommClosedError

    with _quiet_distributed():
        try:
            _identify(address)
            client = Client(address, timeout=_CONNECT_TIMEOUT)
        except Exception as err:  # whatever answers there, it is not usable
            # OSError and TimeoutError: nothing there; MemoryError, ValueError...: something
            # that is not a dask scheduler (distributed reads its bytes as frame lengths)
            message = (
                f"--cluster {address}: cannot reach a dask scheduler there, or what answers "
                f"is not one ({type(err).__name__}: {str(err)[:200]})"
            )
            raise UserError(message) from None
        try:
            _wait_for_workers(client, address, say)
            executor = client.get_executor(pure=False)
            pending = {executor.submit(work, item): item for item in items}
            try:
                collect(pending)
            except BaseException:
                for future in pending:
                    future.cancel()
                raise
        except (CancelledError, CommClosedError):  # we cancel only on the way out
            raise UserError(
                f"--cluster {address}: lost the dask scheduler mid-run (it stopped, or the "
                "network went down); nothing was published"
            ) from None
        except ImportError as err:  # raised on a worker, unpickling the work or running it
            raise UserError(
                f"--cluster {address}: a worker cannot import {err.name or err}: every worker "
                "needs this project and its dependencies installed (the same version)"
            ) from None
        finally:
            with contextlib.suppress(Exception):  # a scheduler gone already has nothing to close
                client.close()


def _identify(address: str) -> None:
    """Ask what answers at `address` who it is, within a bounded time: distributed's Client
    waits for ever on a server that accepts the connection and stays silent."""
    import asyncio

    from dask.utils import parse_timedelta
    from distributed.comm import connect

    limit = parse_timedelta(_CONNECT_TIMEOUT)

    async def identity() -> object:
        comm = await connect(address, timeout=limit)
        try:
            await comm.write({"op": "identity", "reply": True})
            return await comm.read()
        finally:
            comm.abort()

    try:
        answer = asyncio.run(asyncio.wait_for(identity(), limit))
    except TimeoutError:
        raise TimeoutError(f"no answer in dask's protocol within {limit:g} s") from None
    if not isinstance(answer, dict) or answer.get("type") != "Scheduler":
        raise ValueError(f"it calls itself {str(answer)[:80]!r}")


def _wait_for_workers(client, address: str, say: Callable[[str], None]) -> None:
    if client.scheduler_info().get("workers"):
        return
    say(f"the scheduler at {address} has no workers yet; waiting up to {_WORKER_WAIT_S} s")
    try:
        client.wait_for_workers(1, timeout=_WORKER_WAIT_S)
    except TimeoutError:
        raise UserError(
            f"--cluster {address}: the scheduler has had no workers for {_WORKER_WAIT_S} s "
            f"(start some with `dask worker {address}`)"
        ) from None


@contextlib.contextmanager
def _quiet_distributed() -> Iterator[None]:
    """distributed logs a traceback when its connection drops; the run says it in one line."""
    logger = logging.getLogger("distributed")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)
