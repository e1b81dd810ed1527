"""What Help ▸ About vedit says: the version, the models and what their cards say of them,
the licences of what ships with vedit, and where it keeps things on this machine.

Read from where each fact lives (package metadata, the weights in use, the model cards,
``resources/LICENSES.md``, the folders the code writes to), so the dialog cannot drift from
them; no widgets here. An editor quoting this in a bug report gives the model versions and
weights that made a suggestion.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..analysis.color.infer import default_numpy_weights
from ..analysis.color.layout import MODEL_VERSION as COLOR_VERSION
from ..analysis.cut_weights import MODEL_PATH as CUT_MODEL_PATH
from ..analysis.cut_weights import MODEL_VERSION as CUT_VERSION
from ..analysis.cut_weights import model_path as cut_model_path
from ..analysis.results_cache import cache_dir as analysis_cache_dir
from ..media.proxy import proxy_dir
from ..project.autosave import recovery_dir

PACKAGE = "vedit-gui"
ROOT = Path(__file__).resolve().parents[2]
"""The source tree: the models and the sample beside the package (not installed with it)."""
SAMPLE_LICENCES = ROOT / "resources" / "LICENSES.md"
ERROR_LOG_NAME = "vedit-errors.log"


def error_log() -> Path:
    """Where the editor appends the details of an error it shows (a bug in a slot)."""
    return Path(tempfile.gettempdir()) / ERROR_LOG_NAME


@dataclass(frozen=True)
class ModelNote:
    """One shipped model: what it is, which weights, and the card's own words on it."""

    name: str  # what the editor calls its suggestions' maker
    version: str
    weights: Path
    card: Path
    summary: str  # from the card's title: what it is
    trained: str  # from the card's data heading: what it learnt from
    limits: str  # what an editor should know before trusting it (the cards and the README say more)
    overridden: bool = False  # other weights named by the environment (an evaluation)

    @property
    def present(self) -> bool:
        return self.weights.is_file()

    def fingerprint(self) -> str:
        """The weights file's size and the start of its SHA-256: two trainings of one recipe
        can share a version (the cut model's card says so) but never these."""
        if not self.present:
            return "weights not found"
        data = self.weights.read_bytes()  # a few hundred kilobytes
        return f"{len(data) / 1024:.0f} KB, sha256 {hashlib.sha256(data).hexdigest()[:12]}"


@dataclass(frozen=True)
class Place:
    """Somewhere vedit keeps things on this machine."""

    what: str
    path: Path


@dataclass(frozen=True)
class ThirdParty:
    """A library vedit runs on, as installed: its version, its licence, and what it bundles
    that an editor distributing renders may need to know (PyAV's FFmpeg encoders)."""

    name: str
    version: str
    licence: str
    bundles: str = ""


# Encoders PyAV's wheels build into FFmpeg, by the file name of the library they bring.
_BUNDLED_ENCODERS = {"libx264": "x264 (GPL-2.0-or-later)", "libx265": "x265 (GPL-2.0-or-later)"}


def third_party(package: str = PACKAGE) -> tuple[ThirdParty, ...]:
    """The libraries ``package`` requires to run (not its development extras), read from their
    installed metadata, so the list is the one this installation runs on."""
    try:
        wanted = [r for r in importlib.metadata.requires(package) or () if "extra ==" not in r]
    except importlib.metadata.PackageNotFoundError:
        return ()
    found = []
    for requirement in wanted:
        name = re.split(r"[<>=!~ ;\[]", requirement, maxsplit=1)[0]
        try:
            dist = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            continue
        meta = dist.metadata
        licence = meta.get("License-Expression") or meta.get("License") or ""
        if not licence or len(licence) > 80:  # some paste their whole licence text here
            classifiers = [c.rsplit("::", 1)[-1].strip() for c in meta.get_all("Classifier") or ()
                           if c.startswith("License ::")]
            first = licence.splitlines()[0] if licence else ""
            licence = ", ".join(classifiers) or (f"{first[:80].rstrip()}…" if len(first) > 80 else first) or "not recorded"
        found.append(ThirdParty(meta["Name"], dist.version, licence, _bundled(dist)))
    return tuple(found)


def _bundled(dist: importlib.metadata.Distribution) -> str:
    files = {Path(str(f)).name.split("-")[0].split(".")[0] for f in dist.files or ()}
    encoders = [words for lib, words in _BUNDLED_ENCODERS.items() if lib in files]
    return f"its FFmpeg includes the encoders {' and '.join(encoders)}" if encoders else ""


@dataclass(frozen=True)
class About:
    version: str
    summary: str
    licence: str
    models: tuple[ModelNote, ...]
    sample_licences: tuple[tuple[str, tuple[str, ...]], ...]  # (licence, the pictures under it)
    places: tuple[Place, ...]
    third_party: tuple[ThirdParty, ...] = ()

    def as_text(self) -> str:
        """Plain text for Copy Details: what a bug report needs."""
        lines = [f"vedit {self.version} ({self.licence})", self.summary, "", "Models:"]
        for m in self.models:
            lines.append(f"  {m.version} ({m.name}): {m.summary}; {m.fingerprint()}; {m.weights}")
        lines += ["", "Folders:"] + [f"  {p.what}: {p.path}" for p in self.places]
        return "\n".join(lines)


def card_title(card: Path) -> str:
    """What the card's first heading says the model is ("# cutnet — shot-transition
    detector" → "shot-transition detector"); "" without a card."""
    for line in _card_lines(card):
        if line.startswith("# "):
            return line[2:].partition("—")[2].strip() or line[2:].strip()
    return ""


def card_training(card: Path) -> str:
    """What the card says the model learnt from, as its data section's heading puts it
    ("## Training data (synthetic only — no video)" → "synthetic only — no video")."""
    for line in _card_lines(card):
        heading = re.match(r"##\s+(?:Training data|Data)\b\s*(?:\((.*)\))?", line)
        if heading:
            return heading.group(1) or ""
    return ""


def _card_lines(card: Path) -> list[str]:
    try:
        return card.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []


def shipped_models() -> tuple[ModelNote, ...]:
    """The models the editor runs, as this installation has them."""
    cut_weights = cut_model_path()
    cut_card = ROOT / "models" / "cutnet.md"
    color_weights = default_numpy_weights()
    color_card = ROOT / "models" / f"color-v{COLOR_VERSION}.md"
    return (
        ModelNote(
            "cut", CUT_VERSION, cut_weights, cut_card,
            card_title(cut_card) or "finds cuts, dissolves, fades and wipes",
            card_training(cut_card),
            "It can take something large crossing the picture (a hand, a bird) for a wipe, and "
            "real footage unlike its evaluation clips may score below the card's figures.",
            overridden=cut_weights != CUT_MODEL_PATH,
        ),
        ModelNote(
            "grade", f"color-v{COLOR_VERSION}", color_weights, color_card,
            card_title(color_card) or "suggests a grade per shot",
            card_training(color_card),
            "Far from good enough yet, and its confidence is a rough guide only. It learnt from "
            "photographs: on animation and rendered footage it can vouch for grades that make a "
            "shot worse, so look at those before accepting them (or running vedit auto --accept grades).",
        ),
    )


def sample_licences(path: Path = SAMPLE_LICENCES) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The bundled sample's pictures grouped by licence, from the table in ``path``
    (``| `rocket.jpg` | … | public domain (released by SpaceX) |`` → public domain: rocket.jpg)."""
    groups: dict[str, list[str]] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return ()
    for line in lines:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 2 or not cells[0].startswith("`"):
            continue
        licence = cells[-1].split(" (")[0].strip()
        groups.setdefault(licence, []).append(cells[0].strip("`"))
    return tuple((licence, tuple(pictures)) for licence, pictures in groups.items())


def places() -> tuple[Place, ...]:
    """Where vedit writes on this machine (the folders may not exist yet)."""
    return (
        Place("Unsaved edits kept for crash recovery (every two seconds)", recovery_dir()),
        Place("Details of errors the editor showed", error_log()),
        Place("Command-line crash reports", Path(tempfile.gettempdir()) / "vedit-crash-*.log"),
        Place("Analysis results (cuts, grades, shake), kept by the footage's content", analysis_cache_dir()),
        Place("Scrub copies of the footage", proxy_dir()),
    )


def about() -> About:
    try:
        meta = importlib.metadata.metadata(PACKAGE)
        version, summary, licence = meta["Version"], meta["Summary"] or "", meta["License"] or ""
    except importlib.metadata.PackageNotFoundError:  # run from a source tree not installed
        version, summary, licence = __version__, "", ""
    return About(version, summary, f"{licence} licence" if licence else "licence not recorded",
                 shipped_models(), sample_licences(), places(), third_party())
