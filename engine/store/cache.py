"""A content-addressed store under `build/.cache/` for what a build can reuse (solve results,
rendered fragments, compiled figures). `rm -rf build` is a cold build.

Every entry is signed with an HMAC key made on first use and kept beside the entries
(`build/.cache/key`, readable by its owner only). An entry whose signature does not check (cut
short, edited, copied from another machine or another build directory, or written under
another name) is ignored and made again. A pickled entry is unpickled only after its
signature checks: nothing this store did not write itself is ever loaded. A key cut short
is made again; with one that cannot be read at all (a directory, another user's file) the
store keeps and gives back nothing and says why in `unusable`; it never stops the build.

Writers in parallel (variants on several processes) are safe: an entry is written to a
temporary file and renamed into place, and the key is created exclusively.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import os
import pickle
import secrets
import tempfile
import time
from pathlib import Path

import sympy

_TAG = hashlib.sha256().digest_size
_KEY_READS, _KEY_WAIT_S = 20, 0.05  # how long a key of the wrong size may be being written


class Store:
    def __init__(self, root: Path):
        self.root = root
        self._secret: bytes | None = None
        # why entries can be neither kept nor checked (a key that cannot be read), or None
        self.unusable: str | None = None

    def get(self, kind: str, key: str) -> bytes | None:
        """The payload stored under (kind, key), or None when absent or not ours."""
        try:
            data = self._path(kind, key).read_bytes()
        except OSError:
            return None
        secret = self._key()
        tag, payload = data[:_TAG], data[_TAG:]
        if secret is None or len(tag) < _TAG:
            return None
        if not hmac.compare_digest(tag, _sign(secret, kind, key, payload)):
            return None
        return payload

    def put(self, kind: str, key: str, payload: bytes) -> None:
        secret = self._key()
        if secret is None:
            return
        path = self._path(kind, key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as file:
                file.write(_sign(secret, kind, key, payload) + payload)
            os.replace(file.name, path)
        except OSError:
            pass  # a cache that cannot be written costs time, never the build

    def load(self, kind: str, key: str):
        """An object `dump` stored, or None (also when its classes have moved since)."""
        payload = self.get(kind, key)
        if payload is None:
            return None
        try:
            return pickle.loads(payload)
        except (ImportError, AttributeError):  # stored by an older layout of the code
            return None

    def dump(self, kind: str, key: str, value) -> None:
        """Store `value` pickled; a value pickle cannot carry is not stored (made each time)."""
        try:
            payload = dumps(value)
        except Exception:
            return
        self.put(kind, key, payload)

    def _path(self, kind: str, key: str) -> Path:
        return self.root / kind / key[:2] / key

    def _key(self) -> bytes | None:
        if self._secret is None and self.unusable is None:
            self._secret = self._load_key()
        return self._secret

    def _load_key(self) -> bytes | None:
        path = self.root / "key"
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as file:
                file.write(secrets.token_bytes(32))
        except FileExistsError:
            if not self.root.is_dir():
                self.unusable = f"{self.root}: not a directory"
                return None
        except OSError:  # no writable cache: a key for this process only
            return secrets.token_bytes(32)
        for _ in range(_KEY_READS):
            try:
                secret = path.read_bytes()
            except OSError as err:  # a directory, or another user's key
                self.unusable = f"{path}: cannot read the key ({err.strerror or err})"
                return None
            if len(secret) == 32:
                return secret
            time.sleep(_KEY_WAIT_S)  # another process may be writing it this instant
        return _new_key(path)


def _sign(secret: bytes, kind: str, key: str, payload: bytes) -> bytes:
    message = f"{kind}\0{key}\0".encode() + payload
    return hmac.new(secret, message, hashlib.sha256).digest()


def _new_key(path: Path) -> bytes:
    """A key in place of a damaged one (cut short by a writer that was killed): nothing
    signed with it can be checked anyway. Racing processes end up reading the same key."""
    try:
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as file:
            file.write(secrets.token_bytes(32))
        os.replace(file.name, path)
        secret = path.read_bytes()
    except OSError:
        secret = b""
    return secret if len(secret) == 32 else secrets.token_bytes(32)


def dumps(value) -> bytes:
    """`value` pickled so that its sympy expressions come back node for node."""
    buffer = io.BytesIO()
    _FaithfulPickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return buffer.getvalue()


class _FaithfulPickler(pickle.Pickler):
    """sympy pickles an expression as its class called on its arguments, which evaluates
    again: an unevaluated product written for the page, `((1 - x) x) x̄`, would come back
    flattened and print otherwise. Rebuilt with `evaluate=False`, each node is what it was
    (tests compare `srepr` of every solve result before and after)."""

    def reducer_override(self, obj):
        if isinstance(obj, sympy.Basic) and obj.args and not isinstance(obj, sympy.MatrixBase):
            return _rebuild, (obj.func, obj.args)
        return NotImplemented


def _rebuild(func, args):
    try:
        return func(*args, evaluate=False)
    except TypeError:  # a class that never evaluates takes no such option
        return func(*args)


def digest(*parts: bytes | str) -> str:
    """A hex key for a cache entry from its inputs, each length-delimited."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big") + data)
    return hasher.hexdigest()
