"""Open whatever the user points at: a project, an OpenTimelineIO edit, or a plain source.

The editor, ``vedit render`` and ``vedit export`` all open files through here, so a file
that opens in one opens the same way in the others.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..media import media_reference, probe
from ..media.probe import MediaInfo, cut_short_note, edit_rate, variable_rate_note
from ..timeline import Timeline, timeline_from_media
from ..timeline.picture_source import with_picture_source
from .errors import ProjectError
from .media_check import changed_media
from .otio_io import read_edit
from .project_file import LoadedProject, load_project

PROJECT_SUFFIX = ".vedit"
EDIT_SUFFIXES = (".otio", ".xml")
"""Edits from other editors that open as a new untitled edit (their sources relinked as missing)."""


def open_any(path: str | Path, *, check_media: bool = True) -> LoadedProject:
    """A project from ``path``; a source becomes a new timeline holding all of it.

    Raises ``ProjectError`` or ``media.MediaError`` with a message naming the file. Missing
    sources are listed in ``missing_media``, and, with ``check_media``, sources whose file no
    longer holds the frames the edit uses in ``changed_media``
    (:func:`LoadedProject.media_problems` says both). That check scans every source whole:
    the editor opens without it and runs it in the background (``Session``).
    """
    path = Path(path)
    if not path.exists():
        raise ProjectError(f"{path}: no such file")
    if path.is_dir():
        raise ProjectError(f"{path}: is a folder, not a video or a project")
    suffix = path.suffix.lower()
    if suffix == PROJECT_SUFFIX:
        return _with_changed_media(load_project(path), check_media)
    if suffix in EDIT_SUFFIXES:  # OpenTimelineIO, or Final Cut Pro XML through its adapter
        timeline, note = read_edit(path)
        missing = sorted({m.path for m in timeline.media() if not Path(m.path).exists()})  # gone, not changed
        return _with_changed_media(LoadedProject(timeline=timeline, extra={}, path=path, missing_media=missing,
                                                 note=note), check_media)
    if suffix == ".edl":
        # Without this, FFmpeg's "invalid data" would be all the user learns.
        raise ProjectError(
            f"{path}: vedit writes EDLs but does not open them (an EDL does not say its frame "
            "rate); open the edit's .otio timeline or its project instead"
        )
    info = probe(path)
    note = cut_short_note(info)  # said on opening, not first as an analysis that "stopped early"
    timeline = new_edit(info)
    return LoadedProject(timeline=timeline, extra={}, path=path, cut_short=[note] if note else [],
                         note=variable_rate_note(info))


def new_edit(info: MediaInfo) -> Timeline:
    """A new edit of all of a source, at the rate it is edited at (see ``edit_rate``), its
    picture format the source's for good (reordering the cut later does not change it). A
    variable-rate source is counted on a grid at that rate: each edit frame shows the picture
    on screen at its time, sampled once (the average rate's grid would be a second sampling)."""
    rate = edit_rate(info)
    timeline = timeline_from_media(media_reference(probe(info.path, rate)), rate=rate)
    return with_picture_source(timeline, timeline.media()[0].path) if info.video is not None else timeline


def _with_changed_media(loaded: LoadedProject, check: bool) -> LoadedProject:
    """``loaded`` with the sources whose file is now shorter than the edit uses (each file
    scanned; ``probe`` keeps the last few, so a render that follows need not scan them again)."""
    if not check:
        return loaded
    changed = changed_media(loaded.timeline, skip=loaded.missing_media)
    return replace(loaded, changed_media=changed) if changed else loaded


def is_project(path: str | Path) -> bool:
    return Path(path).suffix.lower() == PROJECT_SUFFIX
