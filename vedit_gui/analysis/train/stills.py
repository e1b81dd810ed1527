"""Still photographs for synthetic training footage, from the package registries only.

Wallpaper packages are fetched with ``apt-get download`` and unpacked with ``dpkg -x`` into a
cache folder (nothing is installed); scikit-image's bundled photographs are added. Real video
is never used for training: it is kept for evaluation.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import cv2
import numpy as np

# Debian packages of still photographs and artwork (licences: see models/cutnet.md).
STILL_PACKAGES = (
    "gnome-backgrounds",
    "ukui-wallpapers",
    "lomiri-wallpapers",
    "desktop-base",
    "plasma-workspace-wallpapers",
)
_SKIMAGE_PHOTOS = (
    "astronaut.png", "chelsea.png", "coffee.png", "rocket.jpg", "hubble_deep_field.jpg",
    "motorcycle_left.png", "motorcycle_right.png", "retina.jpg", "ihc.png", "immunohistochemistry.png",
    "camera.png", "moon.png", "brick.png", "grass.png", "gravel.png", "coins.png", "page.png",
    "text.png", "horse.png", "clock_motion.png",
)
_EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp"}
# Long side of the stored stills: enough for zooms at 96×54 render size.
STILL_LONG_SIDE = 320


class StillsError(RuntimeError):
    """No still photographs could be gathered."""


def default_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "vedit" / "train-stills"


def fetch_packages(cache: Path, packages: tuple[str, ...] = STILL_PACKAGES) -> list[str]:
    """Unpack each package into ``cache/root`` once; returns those now available."""
    cache.mkdir(parents=True, exist_ok=True)
    have = []
    for pkg in packages:
        marker = cache / f".{pkg}"
        if not marker.exists():
            ok = subprocess.run(["apt-get", "download", pkg], cwd=cache, capture_output=True).returncode == 0
            debs = sorted(cache.glob(f"{pkg}_*.deb"))
            if ok and debs:
                subprocess.run(["dpkg", "-x", str(debs[-1]), str(cache / "root")], check=True)
                for deb in debs:
                    deb.unlink()
                marker.touch()
        if marker.exists():
            have.append(pkg)
    return have


def still_paths(cache: Path) -> list[Path]:
    """Every usable photograph: large raster files from the packages plus scikit-image's."""
    paths = sorted(
        p for p in (cache / "root").rglob("*")
        if p.suffix.lower() in _EXTENSIONS and p.is_file() and p.stat().st_size > 40_000
    )
    try:
        import skimage

        data = Path(skimage.__file__).parent / "data"
        paths += [data / name for name in _SKIMAGE_PHOTOS if (data / name).is_file()]
    except ImportError:
        pass
    return paths


def load_stills(cache: Path | None = None, *, fetch: bool = True) -> list[np.ndarray]:
    """The photographs as RGB uint8 arrays, long side :data:`STILL_LONG_SIDE`, duplicates dropped."""
    cache = cache or default_cache()
    if fetch:
        fetch_packages(cache)
    paths = still_paths(cache)
    # Decoding a few hundred large PNGs takes a while: keep the small versions beside them.
    packed = cache / f"stills-{STILL_LONG_SIDE}-{len(paths)}.npz"
    if packed.is_file():
        with np.load(packed) as data:
            return [data[f"a{i}"] for i in range(len(data.files))]
    images = _decode_stills(paths)
    tmp = packed.with_name(packed.name + ".tmp.npz")
    np.savez(tmp, **{f"a{i}": img for i, img in enumerate(images)})
    tmp.replace(packed)
    return images


def _decode_stills(paths: list[Path]) -> list[np.ndarray]:
    images: list[np.ndarray] = []
    seen: set[bytes] = set()
    for path in paths:
        bgr = cv2.imread(str(path), cv2.IMREAD_COLOR)
        if bgr is None or min(bgr.shape[:2]) < 64:
            continue
        scale = STILL_LONG_SIDE / max(bgr.shape[:2])
        size = (max(64, round(bgr.shape[1] * scale)), max(48, round(bgr.shape[0] * scale)))
        small = cv2.resize(bgr, size, interpolation=cv2.INTER_AREA)
        # Wallpaper packages ship the same picture at several sizes: keep one.
        key = cv2.resize(small, (8, 8), interpolation=cv2.INTER_AREA).tobytes()
        if key in seen:
            continue
        seen.add(key)
        images.append(np.ascontiguousarray(small[..., ::-1]))
    if not images:
        raise StillsError("no still photographs found (apt-get download failed?)")
    return images
