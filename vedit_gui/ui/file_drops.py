"""Files dragged in from a file manager: the window opens them, the timeline adds them."""

from __future__ import annotations

from PySide6.QtCore import QMimeData


def local_files(mime: QMimeData) -> list[str]:
    """The local paths a drag carries, in its order (web links and the like are not files)."""
    return [url.toLocalFile() for url in mime.urls() if url.isLocalFile()] if mime.hasUrls() else []
