"""Projects on disk: the ``.vedit`` file, its upgrades, crash recovery, and interchange
with other editors (OpenTimelineIO, CMX3600 EDL, Final Cut Pro 7 XML for Premiere Pro).

No Qt here; the app layer calls these from its actions and timers.
"""

from .autosave import (
    Autosaver,
    Recovery,
    discard_recovery,
    find_recovery,
    recovery_dir,
    recovery_path,
)
from .edl import write_edl
from .errors import (
    CorruptProjectError,
    NewerVersionError,
    ProjectError,
    ProjectWriteError,
    UnsupportedValueError,
)
from .fcp_xml import write_fcp_xml
from .migrate import CURRENT_VERSION, upgrade, upgrade_to_current
from .opening import PROJECT_SUFFIX, is_project, open_any
from .otio_io import read_otio, timeline_from_otio, timeline_to_otio, write_otio
from .project_file import LoadedProject, load_project, save_project
from .serialize import timeline_from_dict, timeline_to_dict

__all__ = [
    "PROJECT_SUFFIX",
    "is_project",
    "open_any",
    "CURRENT_VERSION",
    "Autosaver",
    "CorruptProjectError",
    "LoadedProject",
    "NewerVersionError",
    "ProjectError",
    "ProjectWriteError",
    "Recovery",
    "UnsupportedValueError",
    "discard_recovery",
    "find_recovery",
    "load_project",
    "read_otio",
    "recovery_dir",
    "recovery_path",
    "save_project",
    "timeline_from_dict",
    "timeline_from_otio",
    "timeline_to_dict",
    "timeline_to_otio",
    "upgrade",
    "upgrade_to_current",
    "write_edl",
    "write_fcp_xml",
    "write_otio",
]
