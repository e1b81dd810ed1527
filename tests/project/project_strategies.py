"""Shared pieces for project-layer tests: sources and random edit sequences over them."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import strategies as st

from vedit_gui.timeline import (
    AddMarker,
    AddSuggestions,
    AddTransition,
    Clip,
    DecideSuggestions,
    EditError,
    FrameRange,
    History,
    Insert,
    InsertMedia,
    Lift,
    Marker,
    MediaReference,
    Move,
    OverlayMedia,
    RemoveEmptyTracks,
    RenameTrack,
    RippleDelete,
    Roll,
    SetClipFades,
    SetClipGain,
    SetClipGains,
    SetLinks,
    SetSuggestionStatus,
    SetTrackEnabled,
    Slip,
    Split,
    Suggestion,
    SuggestionStatus,
    Timeline,
    TrackKind,
    TrimIn,
    TrimOut,
    timeline_from_media,
)

RATE = Fraction(30000, 1001)
SOURCE = MediaReference("/footage/a.mp4", RATE, 300, metadata={"codec": "h264", "size": [160, 96]})
OTHER = MediaReference("/footage/b.mp4", RATE, 120, has_audio=False)
MUSIC = MediaReference("/footage/music.wav", Fraction(25), 100, has_video=False)

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**53), 2**53),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=8),
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)

edit_intent = st.one_of(
    st.tuples(st.just("split"), st.floats(0, 1)),
    st.tuples(st.just("trim_in"), st.integers(0, 50), st.integers(-20, 20)),
    st.tuples(st.just("trim_out"), st.integers(0, 50), st.integers(-20, 20)),
    st.tuples(st.just("delete"), st.integers(0, 50)),
    st.tuples(st.just("volume"), st.integers(0, 50), st.sampled_from([-60.0, -6.5, 0.0, 3.25, 12.0])),
    st.tuples(st.just("lift"), st.integers(0, 50)),
    st.tuples(st.just("roll"), st.integers(0, 50), st.integers(-30, 30)),
    st.tuples(st.just("unlink"), st.integers(0, 50)),
    st.tuples(st.just("slip"), st.integers(0, 50), st.integers(-40, 40)),
    st.tuples(st.just("fade"), st.integers(0, 50), st.integers(0, 40), st.integers(0, 40)),
    st.tuples(st.just("add"), st.floats(0, 1.2), st.sampled_from(["picture", "sound", "both"])),
    st.tuples(st.just("switch"), st.integers(0, 5), st.booleans()),
    st.tuples(st.just("tidy")),
    st.tuples(st.just("rename"), st.integers(0, 5), st.sampled_from(["", "B-roll", "Music", "  Interview,\tcam B "])),
    st.tuples(st.just("overlay"), st.floats(0, 1.2), st.sampled_from(["picture", "sound", "both"])),
    st.tuples(st.just("move"), st.integers(0, 50), st.floats(0, 1)),
    st.tuples(st.just("insert"), st.integers(0, 1), st.floats(0, 1.2), st.integers(1, 40)),
    # No NUL in names: OpenTimelineIO cuts strings there (see otio_io's docstring).
    st.tuples(
        st.just("marker"),
        st.floats(0, 1),
        st.text(st.characters(codec="utf-8", blacklist_characters="\x00"), max_size=6),
    ),
    st.tuples(
        st.just("suggest"),
        st.sampled_from(["cut", "grade", "effect:blur", "effect:remove-pause"]),
        st.integers(0, 299),
        st.floats(0, 1),
        st.dictionaries(st.text(max_size=5), json_values, max_size=3),
        st.sampled_from(list(SuggestionStatus)),
    ),
)


def resolve(intent: tuple, tl: Timeline) -> tuple:
    """A random intent as concrete edits on the current timeline."""
    kind, *args = intent
    items = [item for track in tl.tracks for item in track.items]
    pick = (lambda i: items[i % len(items)].id) if items else (lambda i: "missing")
    at = lambda f: int(f * max(tl.duration, 1))  # noqa: E731
    match kind:
        case "split":
            return (Split(at(args[0])),)
        case "trim_in":
            return (TrimIn(pick(args[0]), args[1]),)
        case "trim_out":
            return (TrimOut(pick(args[0]), args[1]),)
        case "delete":
            return (RippleDelete((pick(args[0]),)),)
        case "move":
            return (Move(pick(args[0]), at(args[1])),)
        case "insert":
            clip = Clip(OTHER, FrameRange(0, args[2]), "other", metadata={"take": args[2]})
            return (Insert(((args[0] % len(tl.tracks), clip),), at(args[1])),)
        case "marker":
            return (AddMarker(Marker(at(args[0]), args[1], note="n")),)
        case "volume":
            if args[0] % 2:  # a level each for two clips (Match Loudness)
                return (SetClipGains(((pick(args[0]), args[1]), (pick(args[0] + 1), -args[1] / 2))),)
            return (SetClipGain((pick(args[0]),), args[1]),)
        case "lift":
            return (Lift((pick(args[0]),)),)
        case "roll":
            return (Roll(pick(args[0]), args[1]),)
        case "unlink":
            return (SetLinks((pick(args[0]),), linked=False),)
        case "slip":
            return (Slip(pick(args[0]), args[1]),)
        case "fade":
            return (SetClipFades((pick(args[0]),), args[1], args[2]),)
        case "switch":
            track = tl.tracks[args[0] % len(tl.tracks)].id if tl.tracks else "missing"
            return (SetTrackEnabled((track,), args[1]),)
        case "tidy":
            return (RemoveEmptyTracks(),)
        case "rename":
            track = tl.tracks[args[0] % len(tl.tracks)].id if tl.tracks else "missing"
            return (RenameTrack(track, args[1]),)
        case "overlay":
            media = {"picture": OTHER, "sound": MUSIC, "both": SOURCE}[args[1]]
            return (OverlayMedia((media,), at(args[0])),)
        case "add":
            media = {"picture": OTHER, "sound": MUSIC, "both": SOURCE}[args[1]]
            return (InsertMedia((media,), at(args[0])),)
        case "crossfade":
            cuts = sorted({c for track in tl.tracks_of(TrackKind.AUDIO) for c in track.cut_frames()})
            cut = cuts[int(args[0] * (len(cuts) - 1))] if cuts else 0
            return (AddTransition(cut, args[1], TrackKind.AUDIO),)
        case "dissolve":
            # A gradual cut accepted as a dissolve: the editor's own way to make one.
            s = Suggestion(
                "cut",
                SOURCE.path,
                FrameRange(args[0], args[1]),
                0.9,
                "cuts",
                {"transition": "dissolve"},
            )
            return AddSuggestions((s,)), DecideSuggestions(
                (s.id,), SuggestionStatus.ACCEPTED, dissolves=True
            )
        case "suggest":
            s = Suggestion(
                args[0], SOURCE.path, FrameRange(args[1], 1), args[2], "model 1", args[3]
            )
            return AddSuggestions((s,)), SetSuggestionStatus(s.id, args[4])
    raise AssertionError(kind)


def edited_timeline(intents: list[tuple]) -> Timeline:
    """The timeline after applying the intents that fit, each as one undo step."""
    history = History(timeline_from_media(SOURCE))
    for intent in intents:
        try:
            with history.transaction("step"):
                for edit in resolve(intent, history.timeline):
                    history.apply(edit)
        except EditError:
            continue
    return history.timeline


timelines = st.lists(edit_intent, min_size=0, max_size=15).map(edited_timeline)

# Edits mixed with dissolves; later edits may leave a dissolve stale (its clip deleted) or idle.
dissolve_intent = st.tuples(st.just("dissolve"), st.integers(0, 290), st.integers(3, 15))
crossfade_intent = st.tuples(st.just("crossfade"), st.floats(0, 1), st.integers(1, 40))  # on sound
timelines_with_dissolves = st.lists(
    st.one_of(dissolve_intent, crossfade_intent, edit_intent), min_size=1, max_size=15
).map(edited_timeline)
