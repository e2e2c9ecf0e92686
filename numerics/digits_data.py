"""Training images for the layer-speed experiment: real MNIST, or an embedded offline default.

**MNIST** (what Nielsen ch. 5 uses): the standard IDX files ``train-images-idx3-ubyte`` and
``train-labels-idx1-ubyte`` (gzip-compressed or not), read from a local folder or downloaded once
into a cache folder (default ``$XDG_CACHE_HOME/gradproof/mnist``, else ``~/.cache/gradproof/mnist``)
and checked against the SHA-256 sums of the original archives (:data:`MNIST_FILES`). Without a
network and without the files, loading fails with a :class:`DataUnavailableError` that says where
to put them. Pixels are scaled to [0, 1] (value/255), as in the book's ``mnist_loader``.

**Embedded default** (works offline, needs the ``experiment`` extra, i.e. scikit-learn): the 1,797
8×8 handwritten digits bundled with scikit-learn (``sklearn.datasets.load_digits``, pixel values
0…16, scaled to [0, 1] by /16). With ``input_size=784`` (the default, so the book's architectures
[784, 30, …, 10] run unchanged) each 8×8 image is upscaled to 24×24 by repeating every pixel in a
3×3 block and centred in a 28×28 frame with a 2-pixel empty border (MNIST's frame is 28×28 with
the digit in the central 20×20); with ``input_size=64`` the raw 8×8 pixels are the inputs.

Both give a :class:`DigitSet`: images of shape (n, d) in [0, 1], integer labels and one-hot
targets, in file order (the first n images, like the book's first 1,000 training images).
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import math
import os
import urllib.request
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from gradproof.safety import atomic_path, clip

#: The two MNIST training files and the SHA-256 sums of the .gz archives. LeCun's MNIST page
#: lists the archives' sizes (9,912,422 and 28,881 bytes) but no checksums; these are the sums of
#: those original archives (served unchanged by the mirrors below), the values other loaders check;
#: torchvision checks the same two archives by MD5 (f68b3c2dcbeaaa9fbdd348bbdeb94873 and
#: d53e105ee54ea40749a09fcbcd1e9432).
MNIST_FILES: dict[str, str] = {
    "train-images-idx3-ubyte.gz": (
        "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"
    ),
    "train-labels-idx1-ubyte.gz": (
        "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"
    ),
}
#: Mirrors tried in order by :func:`fetch_mnist`.
MNIST_MIRRORS: tuple[str, ...] = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
)
EMBEDDED_INPUT_SIZES: tuple[int, ...] = (784, 64)

_IDX_DTYPES: dict[int, Any] = {
    0x08: np.dtype(np.uint8),
    0x09: np.dtype(np.int8),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}


class DataUnavailableError(RuntimeError):
    """The requested data set cannot be loaded (missing files, offline, bad checksum, no extra)."""


@dataclass(frozen=True)
class DigitSet:
    """n images (rows of ``images``, values in [0, 1]) with their digit ``labels`` 0…9."""

    images: npt.NDArray[np.float64]
    labels: npt.NDArray[np.int64]
    source: str

    @property
    def targets(self) -> npt.NDArray[np.float64]:
        """One-hot targets, shape (n, 10): row i has a 1 in column labels[i]."""
        out = np.zeros((self.labels.size, 10))
        out[np.arange(self.labels.size), self.labels] = 1.0
        return out

    @property
    def input_size(self) -> int:
        return int(self.images.shape[1])

    def __len__(self) -> int:
        return int(self.labels.size)


def _check_count(n: int | None, available: int, name: str = "n") -> int:
    if n is None:
        return available
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 1 <= n <= available:
        raise ValueError(
            f"{name} must be an int in 1…{available} (the number of images available), got {n!r}"
        )
    return int(n)


# ------------------------------------------------------------------ embedded default


def upscale_8x8_to_28x28(images: Any) -> npt.NDArray[np.float64]:
    """(n, 64) 8×8 images → (n, 784) 28×28: each pixel a 3×3 block, a 2-pixel empty border."""
    arr = np.asarray(images, dtype=np.float64)
    if arr.ndim != 2 or arr.shape[1] != 64:
        raise ValueError(f"images must have shape (n, 64) (flattened 8×8), got {arr.shape}")
    big = arr.reshape(-1, 8, 1, 8, 1) * np.ones((1, 1, 3, 1, 3))
    out = np.zeros((arr.shape[0], 28, 28))
    out[:, 2:26, 2:26] = big.reshape(-1, 24, 24)
    return out.reshape(-1, 784)


@functools.lru_cache(maxsize=1)
def _sklearn_digits() -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    """scikit-learn's bundled digits (pixels 0…16, labels), read once per process (read-only).

    The file scikit-learn ships (``sklearn/datasets/data/digits.csv.gz``: 1,797 rows of 64 pixel
    values and the label) is read directly, which spares the seconds that importing scikit-learn
    takes; ``sklearn.datasets.load_digits`` reads the same file (the tests compare the two).
    """
    import importlib.util

    spec = importlib.util.find_spec("sklearn")
    if spec is None or not spec.submodule_search_locations:
        from gradproof.claims import MissingExtraError

        raise DataUnavailableError(
            "the embedded digits need scikit-learn: pip install 'gradproof[experiment]'"
        ) from MissingExtraError("sklearn", "the embedded digits")
    csv = Path(next(iter(spec.submodule_search_locations))) / "datasets" / "data" / "digits.csv.gz"
    if csv.is_file():
        table = np.loadtxt(csv, delimiter=",", dtype=np.float64)
        pixels = np.ascontiguousarray(table[:, :-1])
        labels = table[:, -1].astype(np.int64)
    else:  # pragma: no cover - a scikit-learn that stores the digits differently
        from sklearn.datasets import load_digits

        bunch = load_digits()
        pixels = np.asarray(bunch.data, dtype=np.float64)
        labels = np.asarray(bunch.target, dtype=np.int64)
    if pixels.shape != (1797, 64) or labels.min() < 0 or labels.max() > 9:
        raise DataUnavailableError(f"unexpected contents in scikit-learn's digits ({csv})")
    pixels.setflags(write=False)
    labels.setflags(write=False)
    return pixels, labels


def embedded_digits(n: int | None = 1000, input_size: int = 784) -> DigitSet:
    """The first ``n`` of scikit-learn's bundled 8×8 digits, scaled to [0, 1] (see module doc).

    ``input_size`` 784 upscales to 28×28 (the default, matching the book's [784, …]); 64 keeps
    the 8×8 pixels. Needs scikit-learn (the ``experiment`` extra); no network.
    """
    if input_size not in EMBEDDED_INPUT_SIZES:
        raise ValueError(
            f"input_size must be one of {EMBEDDED_INPUT_SIZES} for the embedded digits "
            f"(784 = upscaled to 28×28, 64 = raw 8×8), got {input_size!r}"
        )
    all_pixels, all_labels = _sklearn_digits()
    count = _check_count(n, int(all_pixels.shape[0]))
    raw = all_pixels[:count] / 16.0
    labels = all_labels[:count].copy()
    images = upscale_8x8_to_28x28(raw) if input_size == 784 else raw
    how = "upscaled to 28×28" if input_size == 784 else "raw 8×8"
    return DigitSet(images, labels, f"scikit-learn digits ({how}), first {count}")


# ------------------------------------------------------------------ IDX files and MNIST


#: the largest IDX data section :func:`read_idx` accepts (the MNIST training images hold 47 MB)
MAX_IDX_BYTES = 256 * 1024**2


def _read_exactly(fh: Any, size: int, p: Path, what: str) -> bytes:
    """``size`` bytes from ``fh`` in chunks (never more), or a ValueError naming the file."""
    chunks: list[bytes] = []
    remaining = size
    while remaining > 0:
        chunk = fh.read(min(remaining, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    data = b"".join(chunks)
    if len(data) != size:
        raise ValueError(
            f"{clip(str(p))}: IDX file truncated: {what} needs {size} bytes, found {len(data)}"
        )
    return data


def read_idx(path: str | os.PathLike[str], *, max_bytes: int = MAX_IDX_BYTES) -> npt.NDArray[Any]:
    """Parse an IDX file (gzip-compressed when the name ends in .gz) into a NumPy array.

    Format: two zero bytes, a type byte (0x08 ubyte, 0x09 byte, 0x0B short, 0x0C int, 0x0D float,
    0x0E double), a byte giving the number of dimensions d, d big-endian uint32 sizes, then the
    data in row-major order (big-endian). The file is *streamed*: the header is read and checked
    first, the data size it announces must be at most ``max_bytes``, and exactly that many bytes
    are then decompressed (one more byte proves the file longer than announced) — so a
    decompression bomb or a corrupt stream costs at most ``max_bytes`` of memory. Raises
    ValueError naming the file and the problem for anything else (bad magic, unknown type,
    truncated, too large, corrupt compression, trailing data).
    """
    p = Path(path)
    opener: Callable[..., Any] = gzip.open if p.suffix == ".gz" else open
    try:
        with opener(p, "rb") as fh:
            magic = fh.read(4)
            if len(magic) < 4 or magic[0] != 0 or magic[1] != 0:
                raise ValueError(
                    f"{clip(str(p))} is not an IDX file (bad magic number {magic[:4]!r})"
                )
            dtype = _IDX_DTYPES.get(magic[2])
            if dtype is None:
                raise ValueError(f"{clip(str(p))}: unknown IDX data type byte 0x{magic[2]:02x}")
            ndim = magic[3]
            if ndim == 0:
                raise ValueError(f"{clip(str(p))}: IDX header with 0 dimensions")
            dims = _read_exactly(fh, 4 * ndim, p, f"the header ({ndim} dimensions)")
            shape = tuple(int(d) for d in np.frombuffer(dims, dtype=">u4"))
            expected = math.prod(shape) * dtype.itemsize
            if expected > max_bytes:
                raise ValueError(
                    f"{clip(str(p))}: IDX header says shape {shape}, {expected:,} data bytes: "
                    "more than the"
                    f" {max_bytes:,} accepted (not an MNIST file?)"
                )
            data = _read_exactly(fh, expected, p, f"shape {shape}")
            if fh.read(1):
                raise ValueError(
                    f"{clip(str(p))}: IDX header says shape {shape} ({expected} data bytes) but "
                    "the file"
                    " holds more"
                )
    except FileNotFoundError:
        raise
    except (OSError, EOFError, zlib.error) as exc:  # unreadable, corrupt or truncated gzip
        raise ValueError(
            f"{clip(str(p))}: cannot read the IDX file ({type(exc).__name__}: {exc})"
        ) from None
    return np.frombuffer(data, dtype=dtype).reshape(shape).astype(dtype.newbyteorder("="))


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/gradproof/mnist``, or ``~/.cache/gradproof/mnist``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "gradproof" / "mnist"


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def fetch_mnist(
    cache_dir: str | os.PathLike[str] | None = None,
    *,
    files: dict[str, str] | None = None,
    mirrors: Sequence[str] = MNIST_MIRRORS,
    urlopen: Callable[..., Any] = urllib.request.urlopen,
    timeout: float = 30.0,
) -> dict[str, Path]:
    """Paths of the MNIST training files in ``cache_dir``, downloading any that are missing.

    Each file (``files``: name → SHA-256, default :data:`MNIST_FILES`) already in the cache is
    checked against its sum; a missing one is downloaded from the first mirror that answers into a
    temporary file, checked, and only then moved into place, so a failed or corrupt download never
    leaves a file behind. Raises :class:`DataUnavailableError` when a cached file's sum is wrong
    or when no mirror can be reached (offline), saying where to put the files by hand.
    """
    cache = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    wanted = MNIST_FILES if files is None else files
    out: dict[str, Path] = {}
    for name, digest in wanted.items():
        target = cache / name
        if target.exists() or target.is_symlink():
            if not target.is_file():
                raise DataUnavailableError(
                    f"MNIST cache entry {clip(str(target))} is not a file (a folder or a broken "
                    "link is "
                    "there): remove it to download the file again"
                )
            try:
                got = sha256_of(target)
            except OSError as exc:
                raise DataUnavailableError(
                    f"MNIST cache entry {clip(str(target))}: cannot read it ({exc.strerror or exc})"
                ) from None
            if got != digest:
                raise DataUnavailableError(
                    f"{clip(str(target))} has SHA-256 {got}, expected {digest}: the file is "
                    "corrupt or not "
                    "the MNIST file; delete it to download it again"
                )
            out[name] = target
            continue
        _writable_cache(cache)
        errors: list[str] = []
        for mirror in mirrors:
            url = mirror + name
            try:  # atomically (gradproof.safety): a failed or corrupt download leaves nothing
                with atomic_path(target) as tmp, tmp.open("wb") as fh:
                    _download(urlopen, url, timeout, fh)
                    fh.flush()
                    got = sha256_of(tmp)
                    if got != digest:
                        raise _BadDownloadError(f"{url}: SHA-256 {got}, expected {digest}")
                break
            except _BadDownloadError as exc:
                errors.append(str(exc))
            except OSError as exc:  # the cache, not the network: full, read-only …
                raise DataUnavailableError(
                    f"MNIST cache {clip(str(target))}: cannot write it ({exc.strerror or exc})"
                ) from None
        else:
            raise DataUnavailableError(
                f"cannot download MNIST file {name} (offline?): {'; '.join(errors)}. Put "
                f"{', '.join(wanted)} into {clip(str(cache))} by hand, or pass a folder holding "
                "the IDX "
                "files (e.g. --data mnist PATH), or use the embedded digits (--data digits)"
            )
        out[name] = target
    return out


class _BadDownloadError(Exception):
    """A download that failed or whose checksum is wrong (discarded, the next mirror tried)."""


def _download(urlopen: Callable[..., Any], url: str, timeout: float, fh: Any) -> None:
    """Copy ``url`` into ``fh``; a network failure is a :class:`_BadDownloadError`, a failure to
    write ``fh`` (the cache) an OSError."""
    try:
        response = urlopen(url, timeout=timeout)
    except (OSError, TimeoutError) as exc:  # urllib.error.URLError is an OSError
        raise _BadDownloadError(f"{url}: {exc}") from None
    with response:
        while True:
            try:
                chunk = response.read(1 << 20)
            except (OSError, TimeoutError) as exc:
                raise _BadDownloadError(f"{url}: {exc}") from None
            if not chunk:
                return
            fh.write(chunk)


def _writable_cache(cache: Path) -> None:
    """Create the cache folder ``cache`` or say, naming it, why it cannot be used (a file on
    the way, a read-only file system, /proc …): a DataUnavailableError, before any download."""
    from gradproof.safety import OutputPathError, ensure_writable_dir

    try:
        ensure_writable_dir(cache, "MNIST cache")
        cache.mkdir(parents=True, exist_ok=True)
    except OutputPathError as exc:
        raise DataUnavailableError(
            f"{exc}; pass another folder with --cache-dir (or set XDG_CACHE_HOME)"
        ) from None
    except OSError as exc:
        raise DataUnavailableError(
            f"MNIST cache {clip(str(cache))}: cannot create it ({exc.strerror or exc}); pass "
            "another folder"
            " with --cache-dir (or set XDG_CACHE_HOME)"
        ) from None


def _find_idx(folder: Path, stem: str) -> Path:
    for candidate in (
        stem,
        stem + ".gz",
        stem.replace("-idx", ".idx"),
        stem.replace("-idx", ".idx") + ".gz",
    ):
        if (folder / candidate).is_file():
            return folder / candidate
    raise DataUnavailableError(
        f"no {stem} or {stem}.gz in {clip(str(folder))}: pass the folder that holds the MNIST "
        "IDX files"
    )


def load_mnist(
    path: str | os.PathLike[str] | None = None,
    n: int | None = 1000,
    *,
    cache_dir: str | os.PathLike[str] | None = None,
    download: bool = True,
    fetch: Callable[..., dict[str, Path]] = fetch_mnist,
) -> DigitSet:
    """The first ``n`` MNIST training images (784 pixels in [0, 1]) and labels.

    ``path``: a folder holding ``train-images-idx3-ubyte[.gz]`` and ``train-labels-idx1-ubyte[.gz]``
    (local files are parsed and validated, not checksummed). Without ``path`` the cache folder is
    used (:func:`fetch_mnist`: checksummed, downloaded once if ``download``). Raises
    :class:`DataUnavailableError` when the files cannot be had, ValueError for malformed files.
    """
    if not isinstance(download, bool):  # bool means bool: "no" is not read as True
        raise TypeError(f"download must be True or False, got {type(download).__name__}")
    if path is not None:
        folder = Path(path)
        if not folder.is_dir():
            raise DataUnavailableError(f"MNIST path {clip(str(folder))} is not a folder")
        images_file = _find_idx(folder, "train-images-idx3-ubyte")
        labels_file = _find_idx(folder, "train-labels-idx1-ubyte")
    else:
        cache = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        if not download and not all((cache / f).exists() for f in MNIST_FILES):
            raise DataUnavailableError(f"MNIST files not in {clip(str(cache))} and download=False")
        paths = fetch(cache)
        images_file = paths["train-images-idx3-ubyte.gz"]
        labels_file = paths["train-labels-idx1-ubyte.gz"]
    images = read_idx(images_file)
    labels = read_idx(labels_file)
    if images.ndim != 3 or images.shape[1:] != (28, 28) or images.dtype != np.uint8:
        raise ValueError(
            f"{clip(str(images_file))}: expected uint8 images of shape (N, 28, 28), got "
            f"{images.dtype} {images.shape}"
        )
    if labels.ndim != 1 or labels.shape[0] != images.shape[0]:
        raise ValueError(
            f"{clip(str(labels_file))}: expected {images.shape[0]} labels, got shape {labels.shape}"
        )
    if labels.size and (labels.min() < 0 or labels.max() > 9):
        raise ValueError(f"{clip(str(labels_file))}: labels must be digits 0…9")
    if images.shape[0] == 0:
        raise ValueError(f"{clip(str(images_file))}: the IDX file holds 0 images")
    count = _check_count(n, int(images.shape[0]))
    return DigitSet(
        images[:count].reshape(count, 784).astype(np.float64) / 255.0,
        labels[:count].astype(np.int64),
        f"MNIST training set ({images_file.parent}), first {count}",
    )
