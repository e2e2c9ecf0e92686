"""Data for the layer-speed experiment: IDX parsing, the MNIST cache, the embedded digits.

Nothing here touches the network: downloads go through a fake ``urlopen``.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import struct
import urllib.error
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from _extras import require

from gradproof.numerics import digits_data
from gradproof.numerics.digits_data import (
    DataUnavailableError,
    embedded_digits,
    fetch_mnist,
    load_mnist,
    read_idx,
    upscale_8x8_to_28x28,
)


def _idx_bytes(array: np.ndarray, type_byte: int = 0x08) -> bytes:
    """An IDX file written by hand from the format description (independent of read_idx)."""
    header = bytes([0, 0, type_byte, array.ndim]) + b"".join(
        struct.pack(">I", s) for s in array.shape
    )
    return header + array.astype(array.dtype.newbyteorder(">")).tobytes()


def _write(path: Path, data: bytes) -> Path:
    if path.suffix == ".gz":
        path.write_bytes(gzip.compress(data))
    else:
        path.write_bytes(data)
    return path


@pytest.mark.parametrize("name", ["images-idx3-ubyte", "images-idx3-ubyte.gz"])
def test_read_idx_parses_a_small_ubyte_file_written_by_hand(tmp_path: Path, name: str) -> None:
    images = np.arange(3 * 4 * 5, dtype=np.uint8).reshape(3, 4, 5)
    got = read_idx(_write(tmp_path / name, _idx_bytes(images)))
    assert got.dtype == np.uint8 and got.shape == (3, 4, 5)
    np.testing.assert_array_equal(got, images)


def test_read_idx_reads_big_endian_ints_and_doubles(tmp_path: Path) -> None:
    ints = np.array([[1, -2], [70000, 5]], dtype=np.int32)
    got = read_idx(_write(tmp_path / "i.idx", _idx_bytes(ints, 0x0C)))
    np.testing.assert_array_equal(got, ints)
    doubles = np.array([0.5, -1.25, 3e300])
    np.testing.assert_array_equal(
        read_idx(_write(tmp_path / "d", _idx_bytes(doubles, 0x0E))), doubles
    )


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (b"\x01\x00\x08\x01\x00\x00\x00\x01\x07", "bad magic"),
        (b"\x00\x00\x07\x01\x00\x00\x00\x01\x07", "unknown IDX data type"),
        (b"\x00\x00\x08\x02\x00\x00\x00\x02", "truncated"),
        (b"\x00\x00\x08\x01\x00\x00\x00\x03\x07\x07", "shape"),
    ],
)
def test_read_idx_refuses_malformed_files(tmp_path: Path, data: bytes, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        read_idx(_write(tmp_path / "bad-idx", data))


def _mnist_folder(folder: Path, n: int = 4, gz: bool = True) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, size=(n, 28, 28), dtype=np.uint8)
    labels = rng.integers(0, 10, size=n, dtype=np.uint8)
    ext = ".gz" if gz else ""
    _write(folder / f"train-images-idx3-ubyte{ext}", _idx_bytes(images))
    _write(folder / f"train-labels-idx1-ubyte{ext}", _idx_bytes(labels))
    return images, labels


@pytest.mark.parametrize("gz", [True, False])
def test_load_mnist_from_a_local_folder_scales_pixels_to_unit_interval(
    tmp_path: Path, gz: bool
) -> None:
    images, labels = _mnist_folder(tmp_path, 4, gz)
    data = load_mnist(tmp_path, n=3)
    assert data.images.shape == (3, 784)
    np.testing.assert_allclose(data.images, images[:3].reshape(3, 784) / 255.0)
    np.testing.assert_array_equal(data.labels, labels[:3])
    assert data.targets.sum() == 3 and data.targets[0, labels[0]] == 1.0


def test_load_mnist_names_the_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DataUnavailableError, match="train-images-idx3-ubyte"):
        load_mnist(tmp_path)


def test_load_mnist_refuses_too_many_images(tmp_path: Path) -> None:
    _mnist_folder(tmp_path, 4)
    with pytest.raises(ValueError, match=r"n must be an int in 1…4"):
        load_mnist(tmp_path, n=5)


def _fake_urlopen(payload: bytes, calls: list[str]) -> Any:
    def urlopen(url: str, timeout: float = 0.0) -> io.BytesIO:
        calls.append(url)
        return io.BytesIO(payload)

    return urlopen


def test_fetch_offline_gives_a_clear_error_and_leaves_no_file(tmp_path: Path) -> None:
    def offline(url: str, timeout: float = 0.0) -> Any:
        raise urllib.error.URLError("Temporary failure in name resolution")

    with pytest.raises(DataUnavailableError, match=r"offline\?.*by hand.*--data digits"):
        fetch_mnist(tmp_path, urlopen=offline)
    assert list(tmp_path.iterdir()) == []


def test_fetch_refuses_a_download_with_the_wrong_checksum(tmp_path: Path) -> None:
    calls: list[str] = []
    files = {"f.gz": hashlib.sha256(b"right").hexdigest()}
    with pytest.raises(DataUnavailableError, match="SHA-256"):
        fetch_mnist(
            tmp_path, files=files, mirrors=("m1/", "m2/"), urlopen=_fake_urlopen(b"wrong", calls)
        )
    assert calls == ["m1/f.gz", "m2/f.gz"]
    assert list(tmp_path.iterdir()) == []


def test_fetch_downloads_once_then_reads_the_verified_cache(tmp_path: Path) -> None:
    calls: list[str] = []
    payload = b"some archive bytes"
    files = {"f.gz": hashlib.sha256(payload).hexdigest()}
    opener = _fake_urlopen(payload, calls)
    first = fetch_mnist(tmp_path, files=files, mirrors=("m/",), urlopen=opener)
    second = fetch_mnist(tmp_path, files=files, mirrors=("m/",), urlopen=opener)
    assert calls == ["m/f.gz"]
    assert first == second == {"f.gz": tmp_path / "f.gz"}
    assert (tmp_path / "f.gz").read_bytes() == payload


def test_a_corrupt_cached_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "f.gz").write_bytes(b"corrupt")
    files = {"f.gz": hashlib.sha256(b"good").hexdigest()}
    with pytest.raises(DataUnavailableError, match="corrupt"):
        fetch_mnist(tmp_path, files=files, urlopen=_fake_urlopen(b"good", []))


def test_load_mnist_from_the_cache_uses_the_checksummed_files(tmp_path: Path) -> None:
    _images, labels = _mnist_folder(tmp_path, 3)
    files = {name: digits_data.sha256_of(tmp_path / name) for name in digits_data.MNIST_FILES}

    def fetch(cache: Path) -> dict[str, Path]:
        return fetch_mnist(cache, files=files, urlopen=_fake_urlopen(b"", []))

    data = load_mnist(None, n=None, cache_dir=tmp_path, fetch=fetch)
    np.testing.assert_array_equal(data.labels, labels)


def test_the_published_mnist_checksums_are_well_formed() -> None:
    assert set(digits_data.MNIST_FILES) == {
        "train-images-idx3-ubyte.gz",
        "train-labels-idx1-ubyte.gz",
    }
    for digest in digits_data.MNIST_FILES.values():
        assert len(digest) == 64 and int(digest, 16) >= 0


def test_embedded_digits_are_scikit_learns_digits_scaled_to_unit_interval() -> None:
    require("sklearn")
    from sklearn.datasets import load_digits

    bunch = load_digits()
    raw = embedded_digits(50, 64)
    np.testing.assert_array_equal(raw.images, bunch.data[:50] / 16.0)
    np.testing.assert_array_equal(raw.labels, bunch.target[:50])
    assert raw.images.min() == 0.0 and raw.images.max() == 1.0


def test_upscaled_digits_repeat_each_pixel_in_a_3x3_block_inside_a_2_pixel_border() -> None:
    require("sklearn")
    raw = embedded_digits(5, 64).images
    big = embedded_digits(5, 784).images.reshape(5, 28, 28)
    for k in range(5):
        for i in range(8):
            for j in range(8):
                block = big[k, 2 + 3 * i : 5 + 3 * i, 2 + 3 * j : 5 + 3 * j]
                assert np.all(block == raw[k, 8 * i + j])
    border = np.ones((28, 28), dtype=bool)
    border[2:26, 2:26] = False
    assert np.all(big[:, border] == 0.0)


def test_embedded_digits_refuse_bad_arguments() -> None:
    require("sklearn")
    with pytest.raises(ValueError, match="input_size must be one of"):
        embedded_digits(10, 100)
    with pytest.raises(ValueError, match=r"n must be an int in 1…1797"):
        embedded_digits(2000)
    with pytest.raises(ValueError, match=r"shape \(n, 64\)"):
        upscale_8x8_to_28x28(np.zeros((2, 63)))
