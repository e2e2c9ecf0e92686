"""Clear exits for faults: short echoes of user text, strict JSON, atomic files, output checks.

Standard library only (importing it loads neither NumPy nor SymPy). Used by every command:

* :func:`clip` — user text is echoed in messages at most :data:`ECHO_LIMIT` characters;
* :func:`strict_json` / :func:`dump_json` — JSON is written strictly (``allow_nan=False``): a
  non-finite float becomes ``null`` and the report gains a ``"notes"`` entry saying where;
* :func:`atomic_path` / :func:`atomic_write_text` — a file is written under a temporary name in
  its folder and moved into place with :func:`os.replace`, so an interrupted run leaves the
  previous file or the new one, never half of one;
* :func:`ensure_writable_dir` — an output folder is probed *before* the work, so an unwritable
  ``--out`` is a usage error (exit 2), not a traceback after an hour of training.
"""

from __future__ import annotations

import contextlib
import errno
import json
import math
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

#: the most characters of user-supplied text echoed back in one message
ECHO_LIMIT = 200


def clip(text: object, limit: int = ECHO_LIMIT) -> str:
    """``text`` as a string of at most ``limit`` characters (the cut marked with the length)."""
    s = text if isinstance(text, str) else str(text)
    if len(s) <= limit:
        return s
    return f"{s[: limit - 30]}… [{len(s):,} characters in all]"


class OutputPathError(ValueError):
    """An output path cannot be written (the message names it and says why)."""


def strict_json(value: Any, notes: list[str] | None = None, where: str = "$") -> Any:
    """A copy of ``value`` with every non-finite float replaced by ``None``.

    Each replacement appends ``"<path>: <value> written as null"`` to ``notes`` (JSON has no
    NaN or ±Infinity; ``json.dumps`` would otherwise write the invalid tokens ``NaN``/``Infinity``).
    Tuples become lists; NumPy scalars and arrays are converted through ``tolist()``.
    """
    if notes is None:
        notes = []
    if isinstance(value, float):
        if math.isfinite(value):
            return value
        notes.append(f"{where}: {value!r} written as null")
        return None
    if isinstance(value, (str, bool, int)) or value is None:
        return value
    if isinstance(value, dict):
        return {k: strict_json(v, notes, f"{where}.{k}") for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [strict_json(v, notes, f"{where}[{i}]") for i, v in enumerate(value)]
    tolist = getattr(value, "tolist", None)  # NumPy scalars and arrays
    if callable(tolist):
        return strict_json(tolist(), notes, where)
    return value


def to_json_text(report: Any, *, indent: int | None = 2) -> str:
    """``report`` as strict JSON text (see :func:`strict_json`).

    When values had to be replaced and ``report`` is a dict, a ``"notes"`` list says which
    (at most 20 named, then a count).
    """
    notes: list[str] = []
    clean = strict_json(report, notes)
    if notes and isinstance(clean, dict):
        shown = notes[:20] + ([f"… and {len(notes) - 20} more"] if len(notes) > 20 else [])
        clean.setdefault("notes", [])
        if isinstance(clean["notes"], list):
            clean["notes"] += ["non-finite values (not valid JSON) written as null", *shown]
    return json.dumps(clean, ensure_ascii=False, indent=indent, allow_nan=False)


def dump_json(report: Any, out: TextIO, *, indent: int | None = 2) -> None:
    """Write ``report`` to ``out`` as strict JSON and a newline. To a stream that cannot encode
    Unicode (an ASCII locale) the non-ASCII characters are written as ``\\u`` escapes: the
    same JSON, nothing transliterated."""
    from gradproof.plaintext import can_encode

    text = to_json_text(report, indent=indent)
    if not can_encode(getattr(out, "encoding", None) or "utf-8"):
        text = json.dumps(json.loads(text), ensure_ascii=True, indent=indent)
    out.write(text + "\n")


def umask_mode(base: int = 0o666) -> int:
    """``base`` with the process's umask applied: the mode a new file gets from ``open``."""
    try:  # Linux: read it without changing it (os.umask would, for an instant, in every thread)
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return base & ~int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return base & ~mask


def _naming(exc: OSError, target: Path) -> OSError:
    """``exc`` naming ``target`` (not the temporary file) — the one path the user knows."""
    if exc.filename is not None and ".tmp" not in os.fspath(exc.filename):
        return exc
    return OSError(exc.errno, exc.strerror or str(exc), str(target))


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; on success move it onto ``path`` (``os.replace``).

    On any exception (KeyboardInterrupt included) the temporary file is removed and ``path`` is
    left as it was; an OSError (a full disk, a file too large for ``ulimit -f``, a name too long)
    is raised naming ``path``. The temporary name keeps the suffix, so writers that look at it
    (matplotlib's ``savefig``) still pick the right format. The file gets the mode the umask
    gives a new file (like any Unix tool), not the 0600 of a temporary file.
    """
    target = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(
            prefix=f".{target.stem[:100]}.", suffix=f".tmp{target.suffix[:20]}",
            dir=target.parent or ".",
        )  # fmt: skip
        os.close(fd)
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG or len(target.name.encode()) > 255:
            long = errno.ENAMETOOLONG
            raise OSError(long, os.strerror(long), str(target)) from None
        raise _naming(exc, target) from None
    tmp_path = Path(tmp)
    try:
        os.chmod(tmp_path, umask_mode())
        yield tmp_path
        os.replace(tmp_path, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp_path.unlink()
        if isinstance(exc, OSError):
            raise _naming(exc, target) from None
        raise


def atomic_write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically; return the path."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(path)


def _exists(path: Path) -> bool:
    """``path.exists()``, False (not an OSError) for a name too long to exist."""
    try:
        return path.exists()
    except OSError:
        return False


def ensure_writable_dir(path: str | os.PathLike[str], option: str = "--out") -> Path:
    """Check, before any work, that the folder ``path`` exists or can be created, and written.

    Nothing is left behind: the nearest existing folder on the way is probed by creating and
    removing a temporary file (the folder itself is created only when the output is written).
    Raises :class:`OutputPathError` naming ``option`` and the reason (a file where a folder is
    needed, a read-only file system, no permission, a path under /proc …).
    """
    folder = Path(path)
    shown = clip(str(folder))
    probe_dir = folder
    while not _exists(probe_dir):
        if probe_dir.parent == probe_dir:
            break
        probe_dir = probe_dir.parent
    try:
        name_max = os.pathconf(probe_dir if probe_dir.is_dir() else ".", "PC_NAME_MAX")
    except (OSError, ValueError):
        name_max = 255
    too_long = [p for p in folder.parts if len(os.fsencode(p)) > name_max]
    if too_long:
        raise OutputPathError(
            f"{option} {shown}: File name too long (a part of {len(os.fsencode(too_long[0])):,}"
            f" bytes; this file system allows {name_max})"
        )
    if not probe_dir.is_dir():
        if probe_dir == folder:
            raise OutputPathError(f"{option} {shown} exists and is not a folder")
        raise OutputPathError(
            f"{option} {shown} is inside {clip(str(probe_dir))}, which is not a folder"
        )
    try:
        fd, probe = tempfile.mkstemp(prefix=".gradproof-write-test.", dir=probe_dir)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise OutputPathError(f"{option} {shown}: cannot write there ({reason})") from None
    return folder


def require_bool(value: object, name: str) -> bool:
    """``value`` if it is a real ``bool``; else a ``TypeError`` naming ``name`` (no truthiness:
    ``"no"`` or ``1`` are refused, not read as True)."""
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False, got {clip(repr(value))}")
    return value
