"""The ``vedit`` command: the editor, and headless entry points over the same engine.

    vedit [SOURCE|PROJECT]                       open the editor
    vedit probe SOURCE [--json]                  media information
    vedit render INPUT -o OUT [--preset NAME] [--in A] [--out B] [--height N] [--loudness TARGET]
                                                 render a project, an .otio edit or a source
                                                 (or its frames A to B, B included)
    vedit export PROJECT -o OUT.otio|OUT.edl|OUT.xml  interchange for other editors
    vedit analyze SOURCE [--json OUT.json]       shot transitions and a grade per shot
    vedit auto SOURCE -o OUT --accept cuts,grades[,stabilize,pauses,punch-ins]  analyze, accept, render

Bad input ends with one clear line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__

if TYPE_CHECKING:
    from .timeline import FrameRange, Timeline

COMMANDS = ("probe", "render", "export", "analyze", "auto")
ACCEPT_KINDS = ("cuts", "grades", "stabilize", "pauses", "punch-ins")


class CommandError(Exception):
    """A user-facing failure: printed as one line, exit status 1."""


def _engine_errors() -> tuple[type[BaseException], ...]:
    from .analysis import AnalysisError
    from .media import MediaError
    from .project import ProjectError
    from .render import RenderError
    from .timeline import EditError

    return (MediaError, ProjectError, RenderError, EditError, AnalysisError, CommandError, OSError)


def load_timeline(path: Path):
    """The timeline in a project, an OpenTimelineIO file, or a plain source (all of it)."""
    from .project import open_any

    loaded = open_any(path)
    if loaded.note:
        print(f"vedit: note: {loaded.note}", file=sys.stderr)
    if loaded.missing_media:
        raise CommandError(f"{path}: media not found: {', '.join(loaded.missing_media)}")
    if loaded.changed_media:
        # Rendering would repeat the file's last frame over silence where the edit runs past it.
        changes = "; ".join(c.describe(loaded.timeline) for c in loaded.changed_media)
        raise CommandError(f"{path}: {changes}. Relink it to the file the edit was made with "
                           "(File ▸ Relink Missing Media in the editor); the project is left as it is")
    return loaded.timeline


class ProgressBar:
    """A one-line progress bar on stderr (a plain percentage when stderr is not a terminal)."""

    def __init__(self, label: str, stream=sys.stderr) -> None:
        self._label = label
        self._stream = stream
        self._tty = stream.isatty()
        self._last = -1
        self._start = time.monotonic()

    def __call__(self, fraction: float) -> None:
        percent = int(fraction * 100)
        if percent == self._last:
            return
        self._last = percent
        if self._tty:
            filled = percent * 30 // 100
            elapsed = time.monotonic() - self._start
            self._stream.write(f"\r{self._label} [{'#' * filled}{'.' * (30 - filled)}] {percent:3d}% {elapsed:5.1f}s")
        elif percent % 10 == 0:
            self._stream.write(f"{self._label} {percent}%\n")
        self._stream.flush()

    def done(self) -> None:
        if self._tty:
            self._stream.write("\n")
            self._stream.flush()


class Terminated(KeyboardInterrupt):
    """SIGTERM (``kill``, a job scheduler stopping the command), raised where Ctrl+C raises
    KeyboardInterrupt, so it takes the same way out: the work cancelled, temp files removed."""


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """While a command runs, SIGTERM raises :class:`Terminated` in the main thread (Python's
    default ends the process at once, leaving a render's hidden ``.partial`` file behind)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGTERM"):
        yield
        return

    def terminate(_signum: int, _frame: object) -> None:
        # A second SIGTERM while the first cleans up ends the process as it always did.
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        raise Terminated

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _with_cancel(work: Callable[[threading.Event], object]) -> object:
    """Run ``work(cancel)``; Ctrl+C (or SIGTERM) sets ``cancel`` so the job stops cleanly
    (temp files removed)."""
    cancel = threading.Event()
    try:
        return work(cancel)
    except KeyboardInterrupt:
        cancel.set()
        raise


def cmd_probe(args: argparse.Namespace) -> int:
    from .media import probe
    from .media.probe import cut_short_note, edit_rate
    from .media.ycbcr import describe

    info = probe(Path(args.source))
    if args.json:
        print(json.dumps(info.to_dict(), indent=2))
        return 0
    note = cut_short_note(info)
    data = info.to_dict()
    print(f"{args.source}")
    print(f"  format    {data.get('format_name')}  duration {float(info.duration):.3f} s")
    if info.video:
        v = info.video
        edited_at = edit_rate(info)
        vfr = "  variable frame rate" if v.variable_frame_rate else ""
        vfr += f" (a new edit runs at {float(edited_at):g} fps)" if edited_at != v.rate else ""
        vfr += f"  {v.scan} (deinterlaced)" if v.scan != "progressive" else ""
        print(
            f"  video     {v.codec} {v.width}x{v.height} (display {v.display_width}x{v.display_height}"
            f", rotation {v.rotation}) {v.rate.numerator}/{v.rate.denominator} fps"
            f" ({float(v.rate):.3f}), {v.frame_count} frame{'s' if v.frame_count != 1 else ''}, {describe(v.colorspace, (v.width, v.height), v.pix_fmt)}{vfr}"
        )
    else:
        print("  video     none")
    if info.audio:
        a = info.audio
        # FFmpeg names an unlabelled layout "1 channels": the count says it already.
        layout = "" if a.layout.endswith(" channels") else f" ({a.layout})"
        print(f"  audio     {a.codec} {a.sample_rate} Hz, {a.channels} ch{layout}")
    else:
        print("  audio     none")
    if note is not None:
        print(f"  warning   {note}")
    return 0


def _warn_cut_short(timeline: Timeline) -> None:
    """Say on stderr which sources end before their headers say: the render goes on with what
    they hold, but a file cut short is worth knowing about (a whole copy may be elsewhere)."""
    from .render import cut_short_sources

    for note in cut_short_sources(timeline):
        print(f"vedit: warning: {note}", file=sys.stderr)


def cmd_render(args: argparse.Namespace) -> int:
    from .render import PRESETS, loudness_target, render_with_report

    if args.preset not in PRESETS:
        raise CommandError(f"unknown preset {args.preset!r} (choose from {', '.join(PRESETS)})")
    loudness_target(args.loudness)  # an unknown target is refused before any work
    timeline = load_timeline(Path(args.input))
    frames = _in_to_out(args, timeline)
    _warn_cut_short(timeline)
    out = Path(args.output)
    bar = ProgressBar(f"render {out.name}")
    result = _with_cancel(lambda cancel: render_with_report(
        timeline, out, preset=args.preset, progress=bar, cancel=cancel, frames=frames, max_height=args.height,
        loudness=args.loudness,
    ))
    bar.done()
    _say_loudness(result)
    _warn_damaged(result)
    print(out)
    return 0


def _warn_damaged(result: object, said: set[str] | frozenset[str] = frozenset()) -> None:
    """Say on stderr where a render or an analysis met damaged sources (concealed: silence,
    the last good picture), as the cut-short warning is said; not what was ``said`` already."""
    for note in getattr(result, "warnings", ()):
        if note not in said:
            print(f"vedit: warning: {note}", file=sys.stderr)


def _say_loudness(result: object) -> None:
    """What a render to a loudness target measured and wrote, on stderr."""
    report = getattr(result, "loudness", None)
    if report is not None:
        print(report.summary(), file=sys.stderr)


def _in_to_out(args: argparse.Namespace, timeline: Timeline) -> FrameRange | None:
    """The frames ``--in`` to ``--out`` (the out frame included, as the editor's marks),
    each a frame number from 0 or a timecode as the editor reads it (from the edit's start
    timecode, e.g. 01:00:00:00); None for the whole timeline."""
    # Read as the editor counts, whatever separator was typed: 01:00:00:00 on a drop-frame
    # edit is its 01:00:00;00, not 108 frames on.
    from .project.start_timecode import counted_as, timeline_clock
    from .timeline import FrameRange, timecode_to_frame

    if args.in_point is None and args.out_point is None:
        return None
    last = timeline.duration - 1
    clock = timeline_clock(timeline)
    bounds = []
    for name, text, default in (("--in", args.in_point, 0), ("--out", args.out_point, last)):
        if text is None:
            bounds.append(default)
            continue
        try:
            frame = int(text) if text.strip().isdigit() else timecode_to_frame(counted_as(text, clock.drop), timeline.rate) - clock.start
        except ValueError as exc:
            raise CommandError(f"{name}: {exc} (give a frame number or HH:MM:SS:FF)") from exc
        if not 0 <= frame <= last:
            raise CommandError(f"{name} {text} is outside the timeline (frames 0 to {last}, "
                               f"{clock.label(0)} to {clock.label(last)})")
        bounds.append(frame)
    if bounds[1] < bounds[0]:
        raise CommandError(f"--out {args.out_point} comes before --in {args.in_point}")
    return FrameRange.from_bounds(bounds[0], bounds[1] + 1)


def cmd_export(args: argparse.Namespace) -> int:
    """OpenTimelineIO (every suggestion, as vedit reads it back), a CMX3600 EDL or Final Cut Pro
    7 XML (Premiere Pro's import; pending suggestions at or above ``--min-confidence`` as
    locators or markers, as the editor's threshold does). What an EDL or XML could not carry
    goes to stderr."""
    out = Path(args.output)
    suffix = out.suffix.lower()
    if suffix not in (".otio", ".edl", ".xml"):
        raise CommandError(f"{out}: export writes .otio, .edl or .xml, not {suffix or 'a file without extension'}")
    from .project import is_project, write_edl, write_fcp_xml, write_otio

    threshold = _min_confidence(args)
    timeline = load_timeline(Path(args.project))
    if suffix == ".otio":
        note = write_otio(timeline, out)
    else:
        # A project's name titles the list or sequence (cut1, not its first clip's file).
        title = Path(args.project).stem if is_project(args.project) else None
        note = (write_edl if suffix == ".edl" else write_fcp_xml)(timeline, out, review_threshold=threshold,
                                                                  title=title)
    if note:
        print(f"vedit: {note}", file=sys.stderr)
    print(out)
    return 0


def _min_confidence(args: argparse.Namespace) -> float:
    from .analysis.cut_detector import DEFAULT_THRESHOLD

    return _unit(DEFAULT_THRESHOLD if args.min_confidence is None else args.min_confidence, "--min-confidence")


def _unit(value: float, flag: str) -> float:
    if not 0.0 <= value <= 1.0:
        raise CommandError(f"{flag} must be between 0 and 1, not {value}")
    return value


def accepted_summary(offered: list, accepted: set[str], min_conf: float, bar_for: dict[str, float],
                     asked: Sequence[str] = ()) -> str:
    """What ``vedit auto`` took, kind by kind, and what it left below its bar: the output alone
    cannot tell "no grade was sure enough" from "the grades did nothing". A kind in ``asked``
    that found nothing is named too ("no stabilizations found"), so ``--accept cuts,stabilize``
    on steady footage does not read as if the shake was never measured."""
    from collections import Counter

    from .timeline import kind_title

    seen, took = Counter(s.kind for s in offered), Counter(s.kind for s in offered if s.id in accepted)
    missing = " or ".join(kind_title(kind).lower() + "s" for kind in asked if kind not in seen)
    if not seen:
        return f"accepted nothing: no {missing} found" if missing else "accepted nothing: no suggestions of those kinds were found"
    parts = []
    for kind, count in seen.items():
        name = kind_title(kind).lower() + ("s" if count != 1 else "")
        left = count - took[kind]
        below = f" ({left} below {bar_for.get(kind, min_conf):.2f}, left out)" if left else ""
        parts.append(f"{took[kind]} of {count} {name}{below}")
    if missing:
        parts.append(f"no {missing} found")
    return "accepted " + ", ".join(parts)


def _analyze(source: Path, min_conf: float, *, grades: bool, use_cache: bool, rate: Fraction | None = None):
    """(cut analysis, one grade per shot between the cuts at ``min_conf`` or None), one decode
    pass feeding both; progress on stderr. A file cut short is analysed whole to where it ends
    (``analyze_cuts``); a break before that is an incomplete analysis. ``rate``: the grid a
    variable-rate source is counted on (its media reference's in the edit)."""
    from .analysis.analyze import analyze_cuts
    from .analysis.grades import ShotSampler, analyze_grades
    from .media import probe

    video = probe(source, rate).video
    sampler = ShotSampler(video.frame_count) if grades and video is not None else None
    bar = ProgressBar(f"analyze {source.name}", sys.stderr)
    result = _with_cancel(
        lambda cancel: analyze_cuts(source, progress=bar, cancel=cancel, use_cache=use_cache,
                                    on_frame=sampler.push if sampler is not None else None, rate=rate)
    )
    bar.done()
    if not grades:
        return result, None
    shot_grades = _with_cancel(
        lambda cancel: analyze_grades(source, result.above(min_conf), result.frames, cancel=cancel,
                                      use_cache=use_cache and result.complete, sampler=sampler, rate=rate)
    )
    return result, shot_grades


def cmd_analyze(args: argparse.Namespace) -> int:
    """Shot transitions (and a grade per shot) as JSON. A file that breaks off mid-way: what was
    found before the break is still written (with ``"complete": false`` and the reason), then
    exit status 1."""
    from .project.atomic import atomic_write_bytes

    min_conf = _min_confidence(args)
    source = Path(args.source)
    result, grades = _analyze(source, min_conf, grades=not args.no_grades, use_cache=not args.no_cache)
    data = result.to_json(min_conf)
    if grades is not None:
        data["grades"] = [g.to_dict() for g in grades]
    text = json.dumps(data, indent=1)
    if args.json:
        atomic_write_bytes(Path(args.json), (text + "\n").encode())
    else:
        print(text)
    _warn_damaged(result)
    if not result.complete:
        raise CommandError(f"{result.error}; kept the {len(result.above(min_conf))} transitions found before it")
    return 0


def _accept_kinds(text: str) -> set[str]:
    kinds = {k.strip() for k in text.split(",") if k.strip()}
    unknown = sorted(kinds - set(ACCEPT_KINDS))
    if unknown or not kinds:
        raise CommandError(
            f"--accept takes one or more of {', '.join(ACCEPT_KINDS)}, separated by commas, not {text!r}"
        )
    return kinds


def _stabilize_suggestions(source: Path, path: str, result, min_conf: float, *, use_cache: bool) -> tuple:
    """A stabilisation suggestion for each shaky shot between the transitions found at
    ``min_conf``; progress on stderr."""
    from .analysis.grades import shot_ranges
    from .analysis.shake import analyze_shake, stabilize_suggestions

    shots = shot_ranges(result.above(min_conf), result.frames)
    bar = ProgressBar(f"measure shake {source.name}", sys.stderr)
    found = _with_cancel(lambda cancel: stabilize_suggestions(
        path, list(analyze_shake(source, shots, bar, cancel, use_cache=use_cache, rate=result.fps))))
    bar.done()
    return found


def _pause_suggestions(source: Path, media) -> tuple:
    """A pause-removal suggestion for each pause in the source's sound; progress on stderr."""
    from .analysis.pauses import scan_source

    bar = ProgressBar(f"find pauses {source.name}", sys.stderr)
    scan = _with_cancel(lambda cancel: scan_source(source, bar, cancel))
    bar.done()
    return scan.suggestions(media.path, media.rate, media.duration)


def _punch_in_suggestions(timeline) -> tuple:
    """A punch-in suggestion for every other piece between the edit's jump cuts; progress on stderr."""
    from .analysis.punch_ins import jump_cut_pieces, punch_in_suggestions

    pieces = jump_cut_pieces(timeline)
    if not pieces:
        print("vedit: no jump cuts to punch in on (they come from --accept pauses)", file=sys.stderr)
        return ()
    bar = ProgressBar("frame punch-ins", sys.stderr)
    found = _with_cancel(lambda cancel: punch_in_suggestions(pieces, bar, cancel))
    bar.done()
    return found


def cmd_auto(args: argparse.Namespace) -> int:
    """The batch auto edit: analyze, accept the named kinds of suggestion at or above
    ``--min-confidence`` the way the editor's accept does, render."""
    from .analysis.grades import grade_suggestions
    from .analysis.suggestions import cut_suggestions
    from .media import probe
    from .media.probe import variable_rate_note
    from .project.opening import new_edit
    from .render import PRESETS, loudness_target, render_with_report
    from .render.renderer import refuse_replacing_a_source
    from .timeline import (
        CUT,
        GRADE,
        PUNCH_IN,
        REMOVE_PAUSE,
        STABILIZE,
        AddSuggestions,
        DecideSuggestions,
        SuggestionStatus,
    )

    kinds = _accept_kinds(args.accept)
    min_conf = _min_confidence(args)
    grade_conf = _unit(args.min_grade_confidence, "--min-grade-confidence")
    if args.preset not in PRESETS:
        raise CommandError(f"unknown preset {args.preset!r} (choose from {', '.join(PRESETS)})")
    loudness_target(args.loudness)  # refused before minutes of analysis, not after
    source, out = Path(args.source), Path(args.output)
    if not (out.parent if str(out.parent) else Path(".")).is_dir():
        raise CommandError(f"the folder {out.parent} does not exist")
    info = probe(source)
    timeline = new_edit(info)
    if note := variable_rate_note(info):
        print(f"vedit: note: {note}", file=sys.stderr)
    media = timeline.media()
    if not media or not media[0].has_video:
        raise CommandError(f"{source}: the file has no video to edit")
    refuse_replacing_a_source(timeline, out)  # before minutes of analysis, not after
    _warn_cut_short(timeline)  # as render says it: the edit is made of the frames the file holds
    result, grades = _analyze(source, min_conf, grades="grades" in kinds, use_cache=not args.no_cache,
                              rate=media[0].rate)
    if not result.complete:
        raise CommandError(f"{result.error}; nothing was rendered")
    _warn_damaged(result)  # analysed past it, as the render goes past it
    said = set(result.warnings)
    path = media[0].path
    suggestions = cut_suggestions(path, result.transitions, result.version)
    if grades is not None:
        suggestions += grade_suggestions(path, grades)
    if "stabilize" in kinds:
        suggestions += _stabilize_suggestions(source, path, result, min_conf, use_cache=not args.no_cache)
    if "pauses" in kinds:
        suggestions += _pause_suggestions(source, media[0])
    timeline = AddSuggestions(suggestions).apply(timeline)
    wanted = {"cut"} if "cuts" in kinds else set()
    wanted |= {"grade"} if "grades" in kinds else set()
    wanted |= {STABILIZE} if "stabilize" in kinds else set()
    wanted |= {REMOVE_PAUSE} if "pauses" in kinds else set()
    asked = [kind for kind, flag in ((CUT, "cuts"), (GRADE, "grades"), (STABILIZE, "stabilize"),
                                     (REMOVE_PAUSE, "pauses"), (PUNCH_IN, "punch-ins")) if flag in kinds]
    # A grade's confidence is the colour model's, calibrated apart from the cut model's: a
    # lower --min-confidence for more cuts must not let unsure grades through.
    bar_for = {"grade": grade_conf}
    offered = [s for s in timeline.suggestions if s.kind in wanted]
    accept = tuple(s.id for s in offered if s.confidence >= bar_for.get(s.kind, min_conf))
    timeline = DecideSuggestions(accept, SuggestionStatus.ACCEPTED).apply(timeline)
    if "punch-ins" in kinds:  # on the jump cuts the accepted pauses (and cuts) left
        found = _punch_in_suggestions(timeline)
        offered += found
        timeline = AddSuggestions(found).apply(timeline)
        taken = tuple(s.id for s in found if s.confidence >= min_conf)
        accept += taken
        timeline = DecideSuggestions(taken, SuggestionStatus.ACCEPTED).apply(timeline)
    print(accepted_summary(offered, set(accept), min_conf, bar_for, asked), file=sys.stderr)
    bar = ProgressBar(f"render {out.name}", sys.stderr)
    result = _with_cancel(lambda cancel: render_with_report(
        timeline, out, preset=args.preset, progress=bar, cancel=cancel, loudness=args.loudness))
    bar.done()
    _say_loudness(result)
    _warn_damaged(result, said)
    print(out)
    return 0


def _lines(text: str) -> int:
    """``--height``: a whole number of picture lines, 16 or more."""
    try:
        lines = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of lines: {text!r}") from None
    if lines < 16:
        raise argparse.ArgumentTypeError(f"{lines} lines is too small a picture (16 or more)")
    return lines


_LOUDNESS_HELP = ("as-mixed (default), web (-14 LUFS, -1 dBTP), ebu-r128 (-23 LUFS, -1 dBTP) or atsc-a85 "
                  "(-24 LKFS, -2 dBTP): measure the mix, then bring it to that loudness under that true peak")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="vedit", description="An AI-assisted video editor.")
    parser.add_argument("--version", action="version", version=f"vedit {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("probe", help="print media information")
    p.add_argument("source")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_probe)

    p = sub.add_parser("render", help="render a project, an .otio edit or a source to a file")
    p.add_argument("input", help=".vedit project, .otio timeline or a media file")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--preset", default="h264", help="h264 (default), h265 or prores")
    p.add_argument("--in", dest="in_point", help="first frame: a frame number or a timecode (default: the start)")
    p.add_argument("--out", dest="out_point", help="last frame, included (default: the end)")
    p.add_argument("--height", type=_lines, default=None,
                   help="scale the picture down to at most this many lines, keeping its shape (e.g. 720)")
    p.add_argument("--loudness", default="as-mixed", help=_LOUDNESS_HELP)
    p.set_defaults(func=cmd_render)

    p = sub.add_parser("export", help="export a project as OpenTimelineIO, CMX3600 EDL or Final Cut Pro XML")
    p.add_argument("project", help=".vedit project, .otio timeline or a media file")
    p.add_argument("-o", "--output", required=True,
                   help="OUT.otio, OUT.edl or OUT.xml (Final Cut Pro 7 XML, which Premiere Pro imports)")
    p.add_argument("--min-confidence", type=float, default=None,
                   help="an EDL's locators and an XML's markers include the pending suggestions at least "
                        "this confident (default 0.5, the editor's review threshold)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("analyze", help="find shot transitions (cuts, dissolves, fades, wipes)")
    p.add_argument("source")
    p.add_argument("--json", metavar="OUT.json", help="write the result here instead of stdout")
    p.add_argument("--min-confidence", type=float, default=None,
                   help="report transitions at least this confident (default 0.5)")
    p.add_argument("--no-cache", action="store_true", help="analyze again even if results are cached")
    p.add_argument("--no-grades", action="store_true", help="find transitions only (no grade per shot)")
    p.set_defaults(func=cmd_analyze)

    p = sub.add_parser("auto", help="analyze a source, accept suggestions and render the result")
    p.add_argument("source")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--accept", default="cuts,grades", help="kinds to accept: cuts, grades, stabilize, pauses, punch-ins (default: cuts,grades); "
                        "punch-ins go on the jump cuts the others leave")
    p.add_argument("--min-confidence", type=float, default=None,
                   help="accept suggestions at least this confident (default 0.5); grades have their own")
    p.add_argument("--min-grade-confidence", type=float, default=0.5,
                   help="accept grades at least this confident (default 0.5, the colour model's calibrated "
                        "threshold; its confidence ranks grades only roughly, so lower it with care)")
    p.add_argument("--preset", default="h264", help="h264 (default), h265 or prores")
    p.add_argument("--loudness", default="as-mixed", help=_LOUDNESS_HELP)
    p.add_argument("--no-cache", action="store_true", help="analyze again even if results are cached")
    p.set_defaults(func=cmd_auto)
    return parser


def _gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vedit",
        description="Open the editor. Commands: " + ", ".join(COMMANDS) + " (vedit COMMAND --help).",
    )
    parser.add_argument("--version", action="version", version=f"vedit {__version__}")
    parser.add_argument("path", nargs="?", help="a source video or a .vedit project")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in COMMANDS:
        args = _parser().parse_args(argv)
        try:
            with _sigterm_as_interrupt():
                return args.func(args)
        except _engine_errors() as error:
            print(f"vedit: error: {_describe(error)}", file=sys.stderr)
            return 1
        except Terminated:
            print("vedit: terminated", file=sys.stderr)
            return 128 + signal.SIGTERM
        except KeyboardInterrupt:
            print("vedit: cancelled", file=sys.stderr)
            return 130
        except Exception as error:  # noqa: BLE001 - a bug must still end in one line, not a traceback
            log = _write_crash_log()
            print(f"vedit: internal error: {_describe(error)} (details in {log})", file=sys.stderr)
            return 70
    args = _gui_parser().parse_args(argv)
    from .ui.application import run_editor

    return run_editor(args.path)


def _write_crash_log() -> Path:
    import tempfile
    import traceback

    with tempfile.NamedTemporaryFile("w", prefix="vedit-crash-", suffix=".log", delete=False) as log:
        traceback.print_exc(file=log)
    return Path(log.name)


def _describe(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        where = f"{error.filename}: " if error.filename else ""
        return f"{where}{error.strerror}"
    return str(error) or type(error).__name__


if __name__ == "__main__":
    sys.exit(main())
