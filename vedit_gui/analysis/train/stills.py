"""Still photographs for synthetic training footage, from the package registries only.

Wallpaper packages are fetched and unpacked into a cache folder with the shared
:mod:`vedit_gui.analysis.stills` helpers (nothing is installed); scikit-image's bundled
photographs are added. Real video is never used for training: it is kept for evaluation.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..stills import (
    StillsError,
    cache_home,
    decode,
    download_package,
    raster_paths,
    shrink,
    skimage_paths,
    thumb_key,
)

__all__ = ["STILL_LONG_SIDE", "STILL_PACKAGES", "StillsError", "load_stills"]

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
# Long side of the stored stills: enough for zooms at 96×54 render size.
STILL_LONG_SIDE = 320


def default_cache() -> Path:
    return cache_home() / "train-stills"


def fetch_packages(cache: Path, packages: tuple[str, ...] = STILL_PACKAGES) -> list[str]:
    """Unpack each package into ``cache/root`` once; returns those now available."""
    return [pkg for pkg in packages if download_package(pkg, cache, cache / "root")]


def still_paths(cache: Path) -> list[Path]:
    """Every usable photograph: large raster files from the packages plus scikit-image's."""
    return raster_paths([cache / "root"]) + skimage_paths(_SKIMAGE_PHOTOS)


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
        bgr = decode(path)
        if bgr is None or min(bgr.shape[:2]) < 64:
            continue
        small = shrink(bgr, STILL_LONG_SIDE, min_size=(64, 48))
        # Wallpaper packages ship the same picture at several sizes: keep one.
        key = thumb_key(small)
        if key in seen:
            continue
        seen.add(key)
        images.append(np.ascontiguousarray(small[..., ::-1]))
    if not images:
        raise StillsError("no still photographs found (apt-get download failed?)")
    return images
