"""Still photographs for the colour model, from Debian packages and scikit-image only.

Each package is fetched with ``apt-get download`` and unpacked with ``dpkg -x`` into its own
folder of a cache outside the repo (nothing is installed). Training and evaluation use
different packages, so the held-out score is on pictures and photographers the model never
saw. Video files are never used: they are kept for evaluation of the editor.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import cv2
import numpy as np

from ..errors import ColorError

# Licences: see models/color-v1.md.
TRAIN_PACKAGES = (
    "gnome-backgrounds",
    "ukui-wallpapers",
    "desktop-base",
    "plasma-workspace-wallpapers",
    "mate-backgrounds",
)
HELD_OUT_PACKAGES = ("lomiri-wallpapers-16.04", "lomiri-wallpapers-20.04")
# scikit-image's own photographs join the held-out set (its data folder ships with the wheel).
HELD_OUT_SKIMAGE = (
    "astronaut.png", "chelsea.png", "coffee.png", "rocket.jpg", "motorcycle_left.png",
)
_EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp"}
LONG_SIDE = 256


def default_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "vedit" / "color-stills"


def fetch(cache: Path, packages: tuple[str, ...]) -> list[Path]:
    """Unpack each package into ``cache/root/<package>`` once; returns the folders there."""
    roots = []
    for pkg in packages:
        root = cache / "root" / pkg
        marker = cache / f".{pkg}"
        if not marker.exists():
            root.mkdir(parents=True, exist_ok=True)
            subprocess.run(["apt-get", "download", pkg], cwd=cache, capture_output=True)
            debs = sorted(cache.glob(f"{pkg}_*.deb"))
            if not debs:
                raise ColorError(f"apt-get download {pkg} failed (no network to Debian?)")
            subprocess.run(["dpkg", "-x", str(debs[-1]), str(root)], check=True)
            for deb in debs:
                deb.unlink()
            marker.touch()
        roots.append(root)
    return roots


def _paths(roots: list[Path]) -> list[Path]:
    return sorted(
        p for root in roots for p in root.rglob("*")
        if p.suffix.lower() in _EXTENSIONS and p.is_file() and p.stat().st_size > 40_000
    )


def _skimage_paths(names: tuple[str, ...]) -> list[Path]:
    import skimage

    data = Path(skimage.__file__).parent / "data"
    return [data / name for name in names if (data / name).is_file()]


def load_images(paths: list[Path], long_side: int = LONG_SIDE) -> list[np.ndarray]:
    """RGB uint8 photographs, long side ``long_side``, near-duplicates and greyscale dropped."""
    images: list[np.ndarray] = []
    seen: set[bytes] = set()
    for path in paths:
        bgr = cv2.imread(str(path), cv2.IMREAD_COLOR)
        if bgr is None or min(bgr.shape[:2]) < 64:
            continue
        scale = long_side / max(bgr.shape[:2])
        size = (max(64, round(bgr.shape[1] * scale)), max(64, round(bgr.shape[0] * scale)))
        small = cv2.resize(bgr, size, interpolation=cv2.INTER_AREA)
        # Packages ship one picture at several sizes (and light/dark twins): keep one.
        key = (cv2.resize(small, (8, 8), interpolation=cv2.INTER_AREA) // 16).tobytes()
        if key in seen:
            continue
        seen.add(key)
        images.append(np.ascontiguousarray(small[..., ::-1]))
    return images


def training_images(cache: Path | None = None) -> list[np.ndarray]:
    images = load_images(_paths(fetch(cache or default_cache(), TRAIN_PACKAGES)))
    if not images:
        raise ColorError("no training photographs found")
    return images


def held_out_images(cache: Path | None = None) -> list[np.ndarray]:
    paths = _paths(fetch(cache or default_cache(), HELD_OUT_PACKAGES))
    images = load_images(paths + _skimage_paths(HELD_OUT_SKIMAGE))
    if not images:
        raise ColorError("no held-out photographs found")
    return images
