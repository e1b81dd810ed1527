"""The three-frame compare for the suggestion under review.

For a hard cut: the last frame before it and the first two after; for a gradual transition
(dissolve, fade, wipe): the frame before it starts, its middle and the frame after it ends;
for a grade: its shot's first, middle and last frames with the grade on them (through the
same ``apply_grade`` as the viewer and the render), so one look shows it across the shot; for a
stabilization the same three as filmed (which shot it is: the steadying shows in playback).
What has no pictures (a title, a suggestion on sound) shows its heading alone, and on a
timeline with no picture at all the strip is hidden.
Each picture carries its source timecode. Pictures come from a :class:`ThumbnailStore` of
their own (decoded in its worker thread, latest request wins); the strip shows what has
arrived and never waits for the rest.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ..app.thumbnail_store import ThumbnailStore, image_from_rgb, rgb_from_image
from ..media.grade import Grade, GradeError, apply_grade
from ..media.punch_in import PunchIn, PunchInError
from ..media.stabilize import stabilize
from ..timeline import (
    CUT,
    GRADE,
    PUNCH_IN,
    REMOVE_PAUSE,
    STABILIZE,
    TITLE,
    MediaReference,
    Suggestion,
    SuggestionStatus,
    Timeline,
    frame_to_timecode,
    kind_title,
    suggestion_title,
)
from ..timeline.suggestion import confidence_label

NO_SUGGESTION = "Compare: no suggestion selected (N / P go to the next / previous one)"


def _no_stills(suggestion: Suggestion, media: MediaReference | None) -> str:
    """The strip's title for a suggestion that stills cannot show."""
    if media is not None and not media.has_video:
        return (f"{suggestion_title(suggestion)} in {Path(suggestion.source).name} · {confidence_label(suggestion.confidence)} · "
                f"{suggestion.status.value}: sound only, no picture to compare")
    if suggestion.kind == TITLE:
        shown = "shown" if suggestion.status is SuggestionStatus.ACCEPTED else "removed"
        return f"Title in {Path(suggestion.source).name} · {shown}: the viewer shows it as the export will"
    return f"Compare: nothing to compare for a {kind_title(suggestion.kind).lower()} suggestion"
# The kinds the strip has pictures for.
STILLS = (CUT, GRADE, REMOVE_PAUSE, PUNCH_IN, STABILIZE)
CUT_CAPTIONS = ("Before", "After", "After +1")
GRADUAL_CAPTIONS = ("Before", "Middle", "After")
GRADE_CAPTIONS = ("First", "Middle", "Last")
PUNCH_IN_CAPTIONS = ("Before", "After", "After, closer")


def compare_frames(suggestion: Suggestion, frames: int) -> tuple[int, int, int]:
    """The three source frames to show for a suggestion, inside ``[0, frames)``."""
    rng = suggestion.source_range
    if suggestion.kind in (GRADE, STABILIZE):
        picks = (rng.start, (rng.start + rng.end_inclusive) // 2, rng.end_inclusive)
    elif suggestion.kind == PUNCH_IN:
        # The jump into the piece: the frame before it, then the piece's first as shot and closer.
        before = suggestion.params.get("before")
        picks = (before if type(before) is int else rng.start - 1, rng.start, rng.start)
    elif suggestion.kind == REMOVE_PAUSE:
        # The jump cut it makes: the last frame kept before it, the first two after.
        removed = suggestion.removed_range
        picks = (removed.start - 1, removed.end_exclusive, removed.end_exclusive + 1)
    elif suggestion.is_gradual:
        last = rng.end_inclusive
        picks = (rng.start - 1, (rng.start + last) // 2, last + 1)
    else:
        cut = suggestion.cut_frame
        picks = (cut - 1, cut, cut + 1)
    top = max(0, frames - 1)
    return tuple(min(max(0, f), top) for f in picks)  # type: ignore[return-value]


class _Picture(QLabel):
    """One of the three pictures: it opens at ``opening`` (a readable thumbnail) but has no
    least height, so on a short screen (1080p at 200 %, a 1024×640 laptop with the scopes
    shown) it gives way first, the title and captions stay, and the strip never makes the
    window taller than the screen."""

    def __init__(self, opening: QSize) -> None:
        super().__init__()
        self._opening = opening
        self.setMinimumWidth(opening.width())

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        # Not the picture's own size: it is scaled to this label, and would feed back into it.
        return QSize(max(super().sizeHint().width(), self._opening.width()), self._opening.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(self._opening.width(), 0)


class CompareStrip(QWidget):
    """Three small pictures with captions; ``show_suggestion`` picks what they show."""

    def __init__(self, store: ThumbnailStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compareStrip")
        self._store = store
        self._keys: list[tuple[str, int]] = []
        self._grade: Grade | None = None  # laid on the pictures of a grade suggestion
        self._closer: PunchIn | None = None  # laid on the last picture of a punch-in
        self.title = QLabel(NO_SUGGESTION)
        self.title.setObjectName("compareTitle")
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight: bold; padding: 2px 0;")
        self._pictures: list[QLabel] = []
        self._captions: list[QLabel] = []
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(4)
        picture_width = round(store.height * 16 / 9)
        for column in range(3):
            picture = _Picture(QSize(picture_width // 2, store.height * 2 // 3))
            picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
            picture.setMaximumHeight(store.height)
            picture.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            picture.setStyleSheet("background: #151619; color: #6e7078;")
            caption = QLabel()
            caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
            caption.setStyleSheet("font-family: monospace; font-size: 11px;")
            grid.addWidget(picture, 0, column)
            grid.addWidget(caption, 1, column)
            self._pictures.append(picture)
            self._captions.append(caption)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addLayout(grid)
        store.updated.connect(self._on_store_updated)
        store.failed.connect(self._on_store_failed)
        self.show_suggestion(None, None)

    @property
    def keys(self) -> list[tuple[str, int]]:
        """(source path, source frame) of the three pictures; empty with no suggestion."""
        return list(self._keys)

    def captions(self) -> list[str]:
        return [caption.text() for caption in self._captions]

    def image(self, index: int) -> QImage | None:
        """The picture shown in place ``index``, once it has been decoded (graded, for a
        grade suggestion)."""
        if index >= len(self._keys):
            return None
        path, frame = self._keys[index]
        image = self._store.thumbnail(path, frame)
        if image is not None and self._closer is not None and index == 2:
            rgb = rgb_from_image(image)
            return image_from_rgb(stabilize(rgb, self._closer.matrix(frame, rgb.shape[1], rgb.shape[0])))
        if image is None or self._grade is None:
            return image
        return image_from_rgb(apply_grade(rgb_from_image(image), self._grade))

    def show_suggestion(self, timeline: Timeline | None, suggestion: Suggestion | None) -> None:
        """Compare around ``suggestion`` (a cut, a grade, a pause's jump cut or the jump into a
        punch-in), or show nothing."""
        if timeline is not None and timeline.media():
            self.setVisible(any(m.has_video for m in timeline.media()))  # sound alone: nothing to picture
        media = None if suggestion is None else self._media_of(timeline, suggestion)
        stills = suggestion is not None and media is not None and media.has_video and suggestion.kind in STILLS
        grade = closer = None
        try:
            if stills and suggestion.kind == GRADE:
                grade = Grade.from_dict(suggestion.params)
            elif stills and suggestion.kind == PUNCH_IN:
                closer = PunchIn.from_params(suggestion.params)
        except (GradeError, PunchInError, TypeError):
            stills = False  # the inspector says what is wrong with it
        if not stills or media is None or suggestion is None:
            self._keys, self._grade, self._closer = [], None, None
            self.title.setText(NO_SUGGESTION if suggestion is None else _no_stills(suggestion, media))
            # With no suggestion, empty frames say where its pictures will come; a suggestion
            # with none to show gets its heading alone, not three empty boxes.
            self._show_grid(suggestion is None)
            for picture, caption in zip(self._pictures, self._captions, strict=True):
                picture.setText("—")
                caption.clear()
            return
        self._show_grid(True)
        frames = compare_frames(suggestion, media.duration)
        keys = [(media.path, frame) for frame in frames]
        regridded = self._store.use_grid(media.path, media.rate)
        kind = kind_title(suggestion.kind).lower() if suggestion.kind != CUT else str(suggestion.params.get("transition", CUT))
        after = ": play the shot (Space) to judge it" if suggestion.kind == STABILIZE else ""
        self.title.setText(
            f"{kind[0].upper()}{kind[1:]} in {Path(media.path).name} · {confidence_label(suggestion.confidence)} · "
            f"{suggestion.status.value}{after}"
        )
        names = (GRADE_CAPTIONS if grade is not None or suggestion.kind == STABILIZE
                 else PUNCH_IN_CAPTIONS if closer is not None
                 else GRADUAL_CAPTIONS if suggestion.is_gradual else CUT_CAPTIONS)
        for caption, name, frame in zip(self._captions, names, frames, strict=True):
            caption.setText(f"{name}\n{frame_to_timecode(frame, media.rate)}")
        if regridded or keys != self._keys or grade != self._grade or closer != self._closer:
            self._keys, self._grade, self._closer = keys, grade, closer
            self._store.request(keys)
            self._show_pictures()

    @staticmethod
    def _media_of(timeline: Timeline | None, suggestion: Suggestion) -> MediaReference | None:
        return None if timeline is None else next((m for m in timeline.media() if m.path == suggestion.source), None)

    def _show_grid(self, on: bool) -> None:
        for widget in (*self._pictures, *self._captions):
            widget.setVisible(on)

    @property
    def shows_pictures(self) -> bool:
        """Whether the three places are shown (not for a suggestion with no pictures)."""
        return not self._pictures[0].isHidden()

    def _show_pictures(self) -> None:
        for index, picture in enumerate(self._pictures):
            image = self.image(index)
            if image is None:
                picture.setText("…")
                continue
            size = picture.size()
            picture.setPixmap(
                QPixmap.fromImage(image).scaled(
                    size.width(), size.height(), Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )

    def _on_store_updated(self, path: str) -> None:
        if any(key[0] == path for key in self._keys):
            self._show_pictures()

    def _on_store_failed(self, path: str, message: str) -> None:
        if any(key[0] == path for key in self._keys):
            for picture in self._pictures:
                picture.setText("no picture")
            self.title.setText(f"{self.title.text()}\n{message}")

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if self._keys:
            self._show_pictures()

