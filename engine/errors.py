"""Two kinds of failure, kept apart as in RenderCV.

`UserError` is something the person running the build can fix (a template typo, a LaTeX
error, a bad `--only` id): the CLI prints its one-line message and exits 1, no traceback.
Anything else is a bug in the generator and keeps its traceback.
"""


class UserError(Exception):
    """A mistake in input the user controls; `str(err)` is the whole message."""


def located(path: str, line: int | None, message: str) -> UserError:
    """A UserError in the compiler-style `path:line: message` form editors can jump to."""
    where = f"{path}:{line}" if line else path
    return UserError(f"{where}: {message}")
