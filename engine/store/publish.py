"""The one place that writes outputs: a file, or a set of files published together.

Every file is written under a temporary name in its target directory and renamed into place
only when all of the set are written, so a failure part-way leaves the previous outputs as
they were and no temporary file behind.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from engine.errors import UserError

PUBLISHED: list[Path] = []  # what this process has published, for an interrupt's message
LOCK_WAIT_S = 900  # a full --variants run may hold an output directory this long


def _temporary(path: Path) -> Path:
    return path.with_name(f".{path.name}.tmp")


def _previous(path: Path) -> Path:
    return path.with_name(f".{path.name}.old")


def publish(files: dict[Path, bytes | str | None]) -> list[Path]:
    """Write `files` ({path: content}; None removes a file this set makes out of date) so
    that either all of them change or none. A failure to write (a read-only directory, a
    full disk, a directory where a file goes) is a UserError naming the file. Every file is
    written beside its target first; the targets are then swapped in with Ctrl-C and
    SIGTERM held back, the previous ones kept aside until all are in place and put back if
    one swap fails."""
    written: list[Path] = []
    made: list[Path] = []  # directories this call created, removed again on failure
    try:
        for path, data in files.items():
            made += _missing_parents(path)
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.is_dir():
                raise IsADirectoryError(21, "a directory is in the way", str(path))
            tmp = _temporary(path)
            tmp.unlink(missing_ok=True)  # a link planted there must not be followed
            if data is None:
                continue
            written.append(tmp)
            _write_new(tmp, data.encode("utf-8") if isinstance(data, str) else data)
        with _signals_held():
            _swap_in(files)
            PUBLISHED.extend(files)
    except BaseException as err:
        for tmp in written:
            tmp.unlink(missing_ok=True)
        for folder in reversed(made):
            with contextlib.suppress(OSError):
                folder.rmdir()
        if isinstance(err, OSError):
            where = err.filename or path
            why = err.strerror
            if isinstance(err, FileExistsError | NotADirectoryError):
                why = "a file is in the way where a directory goes"
            raise UserError(f"{where}: cannot write ({why}); nothing was published") from None
        raise
    return list(files)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C, SIGTERM and SIGHUP wait until the swap is done (or undone): an interrupt
    between two renames would leave a file aside and the message wrong. (Handlers, not a
    signal mask: the mask is per thread, and any other thread would take the signal.)"""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    held = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    previous = {number: signal.signal(number, lambda n, _: caught.append(n)) for number in held}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        if caught:  # now as it would have been
            handler = previous[caught[0]]
            if callable(handler):
                handler(caught[0], None)
            elif handler == signal.SIG_DFL:
                os.kill(os.getpid(), caught[0])


def _missing_parents(path: Path) -> list[Path]:
    """The directories above `path` that do not exist yet, outermost first."""
    missing = []
    for folder in path.parents:
        if folder.exists() or folder.is_symlink():
            break
        missing.append(folder)
    return missing[::-1]


def _write_new(path: Path, data: bytes) -> None:
    """`data` into a file made now, never through a link or into an existing file."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    with os.fdopen(fd, "wb") as file:
        file.write(data)


def _swap_in(files: dict[Path, bytes | str | None]) -> None:
    kept: list[Path] = []  # targets whose previous version is aside
    placed: list[Path] = []
    try:
        for path, data in files.items():
            if path.exists() or path.is_symlink():
                os.replace(path, _previous(path))
                kept.append(path)
            if data is not None:
                os.replace(_temporary(path), path)
                placed.append(path)
    except BaseException:
        for path in placed:
            path.unlink(missing_ok=True)
        for path in kept:
            os.replace(_previous(path), path)
        raise
    for path in kept:
        _previous(path).unlink(missing_ok=True)


def confined(out_dir: Path, folders: list[Path]) -> None:
    """Each of `folders` (to be made or written under `out_dir`) stays inside `out_dir`: a
    symbolic link among them would send a class's files elsewhere."""
    root = out_dir.resolve()
    for folder in folders:
        if not folder.resolve().is_relative_to(root):
            link = next(p for p in [folder, *folder.parents] if p.is_symlink())
            raise UserError(
                f"{link}: a symbolic link out of {out_dir}; outputs are written only inside "
                "it: remove the link"
            )


def write_atomically(path: Path, data: bytes | str) -> None:
    """One file, replaced in one step."""
    publish({path: data})


@contextmanager
def exclusive(out_dir: Path, say: Callable[[str], None]) -> Iterator[None]:
    """One build at a time per output directory: a second waits (and says so) rather than
    sharing LaTeX's work files and publishing a broken PDF."""
    prepare_directory(out_dir)
    path = out_dir / ".build.lock"
    lock = FileLock(path)
    try:
        try:
            lock.acquire(timeout=0)
        except Timeout:  # a TimeoutError, so an OSError: caught before the one below
            say(f"another build is writing to {out_dir}; waiting for it to finish")
            try:
                lock.acquire(timeout=LOCK_WAIT_S)
            except Timeout:
                raise UserError(
                    f"{out_dir}: another build has held it for {LOCK_WAIT_S} s; "
                    "stop that build or choose another --out"
                ) from None
    except OSError as err:  # a directory, or a file we may not open, where the lock goes
        raise UserError(
            f"{path}: cannot take the build lock ({err.strerror or err}); "
            "remove it if no build is running"
        ) from None
    try:
        yield
    finally:
        lock.release()


def prepare_directory(out_dir: Path) -> None:
    """The output directory, created if needed; a UserError if it cannot be."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise UserError(
            f"{out_dir}: exists and is not a directory (--out wants a directory)"
        ) from None
    except OSError as err:
        raise UserError(f"{out_dir}: cannot create the output directory ({err.strerror})") from None
    if not os.access(out_dir, os.W_OK):
        raise UserError(f"{out_dir}: the output directory is not writable")


def check_pdf(data: bytes, origin: Path) -> bytes:
    """`data` if it is a complete PDF (header and end-of-file marker), else a UserError: a
    truncated file never replaces a good one."""
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
        raise UserError(f"{origin}: LaTeX wrote an incomplete PDF; nothing was published")
    return data
