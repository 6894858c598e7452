"""What is wrong with the Python or the machine that runs the generator, said in one line.

`python3 generate.py` outside the project's .venv finds no jinja2 or sympy: that is the
environment's fault, not a bug, so it gets a message saying what to run, not a traceback.
A module of our own that cannot be imported is a bug and keeps its traceback. Standard
library only: this runs before anything else is imported, on whatever Python it was given.
"""

from __future__ import annotations

import errno
import sys

OWN = {"cli", "engine", "solutions", "checks", "generate", "tests"}
OLDEST = (3, 11)
# the machine's state, whatever the code did: a full disk, a quota, a read-only mount
_MACHINE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS}
_FIX = "run `make pdf` (or scripts/setup.sh), then use .venv/bin/python generate.py"


def check_python() -> None:
    """Exit with a message on a Python older than the project's (its syntax would fail)."""
    if tuple(sys.version_info[:2]) < OLDEST:
        version = ".".join(map(str, sys.version_info[:3]))
        wanted = ".".join(map(str, OLDEST))
        sys.exit(
            f"error: {sys.executable} is Python {version}; the generator needs {wanted}: {_FIX}"
        )


def missing_dependency(err: BaseException) -> str | None:
    """The message for an ImportError of a module we do not ship (a dependency missing or too
    old for this Python), or None: not an import error, or one of our own modules (a bug)."""
    if not isinstance(err, ImportError):
        return None
    name = err.name or ""
    if not name or name.partition(".")[0] in OWN:
        return None
    if isinstance(err, ModuleNotFoundError):
        what = "it is not installed for this Python"
    else:  # there, but without what we import from it: another version
        what = f"{err}: another version than the generator's"
    return f"error: {sys.executable} cannot import {name.partition('.')[0]} ({what}); {_FIX}"


def machine_fault(err: BaseException) -> str | None:
    """The message for a full disk, an exhausted quota or a read-only file system met
    anywhere (a TeX work directory, the cache), or None for any other error."""
    if not isinstance(err, OSError) or err.errno not in _MACHINE_ERRNOS:
        return None
    where = f"{err.filename}: " if err.filename else ""
    return f"error: {where}{err.strerror}; the previous outputs are unchanged"
