"""The real editor under a real X server: it opens, shows footage, takes keys and quits cleanly.

Starts ``Xvfb`` on a free display, runs ``python -m vedit_gui sample.mp4`` on it (the xcb
platform, as on a desktop), screenshots its window with ``xwd``, drives it with ``xdotool``
and checks that Ctrl+Q ends it with status 0 and no traceback. Skipped where Xvfb or the
X tools are missing, unless ``$CI`` is set: CI must run it (``.ci/install`` installs them).
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "sample.mp4"
TOOLS = ("Xvfb", "xdotool", "xwd")

pytestmark = pytest.mark.slow


def require_tools() -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if not missing:
        return
    message = f"missing {', '.join(missing)} (run .ci/install)"
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the X smoke test, but it is {message}")
    pytest.skip(message)


@pytest.fixture
def display(tmp_path):
    """A fresh Xvfb; it picks a free display number itself and writes it to us (-displayfd)."""
    require_tools()
    read_fd, write_fd = os.pipe()
    with (tmp_path / "xvfb.log").open("wb") as log:
        server = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
            pass_fds=(write_fd,),
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
    os.close(write_fd)
    try:
        with os.fdopen(read_fd, "rb") as pipe:
            number = pipe.readline().decode().strip()  # Xvfb writes it once it accepts clients
        if not number.isdigit():
            pytest.fail(f"Xvfb did not start: {(tmp_path / 'xvfb.log').read_text(errors='replace')}")
        yield f":{number}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=5)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def x_tool(display: str, *args: str, timeout: float = 10.0) -> str:
    result = subprocess.run(
        args, env={**os.environ, "DISPLAY": display}, capture_output=True, text=True, timeout=timeout, check=False
    )
    if result.returncode != 0:
        raise AssertionError(f"{' '.join(args)} failed ({result.returncode}): {result.stderr.strip()}")
    return result.stdout


def wait_for_window(display: str, editor: subprocess.Popen, timeout: float = 20.0) -> str:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        assert editor.poll() is None, "the editor exited before its window appeared"
        found = subprocess.run(
            ["xdotool", "search", "--onlyvisible", "--name", "vedit"],
            env={**os.environ, "DISPLAY": display}, capture_output=True, text=True, timeout=10, check=False,
        )
        ids = found.stdout.split()
        if ids:
            return ids[0]
        time.sleep(0.2)
    raise AssertionError(f"no vedit window on {display} after {timeout:.0f} s")


def read_xwd(data: bytes) -> np.ndarray:
    """An ``xwd`` dump (24-bit TrueColor, 32 bits a pixel, as Xvfb's default visual) as H×W×3 RGB."""
    header = struct.unpack(">25I", data[:100])
    header_size, _version, _format, depth, width, height = header[:6]
    byte_order, bits_per_pixel, bytes_per_line = header[7], header[11], header[12]
    red_mask, green_mask, blue_mask, ncolors = header[14], header[15], header[16], header[19]
    assert depth == 24 and bits_per_pixel == 32, f"unexpected X visual: depth {depth}, {bits_per_pixel} bpp"
    start = header_size + 12 * ncolors
    rows = np.frombuffer(data, dtype="<u4" if byte_order == 0 else ">u4", count=height * bytes_per_line // 4, offset=start)
    pixels = rows.reshape(height, bytes_per_line // 4)[:, :width]

    def channel(mask: int) -> np.ndarray:
        shift = (mask & -mask).bit_length() - 1
        return ((pixels & mask) >> shift).astype(np.uint8)

    return np.dstack([channel(red_mask), channel(green_mask), channel(blue_mask)])


def screenshot(display: str, window: str) -> np.ndarray:
    result = subprocess.run(
        ["xwd", "-silent", "-id", window], env={**os.environ, "DISPLAY": display},
        capture_output=True, timeout=10, check=True,
    )
    return read_xwd(result.stdout)


def shows_footage(image: np.ndarray) -> bool:
    """The viewer (upper left of the window) holds a picture, not one flat colour and some text."""
    height, width, _ = image.shape
    viewer = image[int(height * 0.12) : int(height * 0.5), int(width * 0.08) : int(width * 0.6)]
    colours = np.unique(viewer.reshape(-1, 3), axis=0)
    return len(colours) > 200 and float(viewer.std()) > 20


def test_editor_shows_footage_takes_keys_and_quits_cleanly(display, tmp_path):
    source = tmp_path / "sample.mp4"
    shutil.copyfile(SAMPLE, source)
    env = {key: value for key, value in os.environ.items() if key != "QT_QPA_PLATFORM"}
    # Settings, recovery files and caches go to the test's folder, never the user's.
    env.update(
        DISPLAY=display,
        HOME=str(tmp_path),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_STATE_HOME=str(tmp_path / "state"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        XDG_RUNTIME_DIR=str(tmp_path / "runtime"),
    )
    (tmp_path / "runtime").mkdir(mode=0o700)
    log = tmp_path / "editor.log"
    with log.open("wb") as output:
        editor = subprocess.Popen(
            [sys.executable, "-m", "vedit_gui", str(source)], cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
        try:
            window = wait_for_window(display, editor)
            end = time.monotonic() + 15
            while not shows_footage(screenshot(display, window)):
                assert time.monotonic() < end, "the viewer shows no footage 15 s after the window appeared"
                assert editor.poll() is None, "the editor exited while opening the sample"
                time.sleep(0.3)

            x_tool(display, "xdotool", "windowfocus", "--sync", window)
            for key in ("space", "Left", "Right", "j", "k", "l"):
                x_tool(display, "xdotool", "key", "--clearmodifiers", key)
                time.sleep(0.3)
            assert editor.poll() is None, "the editor exited while it was being driven by keys"
            x_tool(display, "xdotool", "key", "--clearmodifiers", "ctrl+q")
            status = editor.wait(timeout=8)
        finally:
            if editor.poll() is None:
                editor.kill()
                editor.wait()
    text = log.read_text(errors="replace")
    assert status == 0, f"the editor exited with {status}:\n{text}"
    assert "Traceback" not in text, text
