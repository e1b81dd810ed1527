"""Upgrading project files written by older versions of vedit.

Each upgrade turns the whole file dict of one version into the next: ``@upgrade(1)`` takes a
version-1 dict and returns a version-2 dict. When the file format changes, bump
``CURRENT_VERSION`` and register the upgrade from the version before; loading then walks
an old file up one version at a time. Version 1 is the first format, so nothing is
registered yet.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .errors import CorruptProjectError, NewerVersionError

CURRENT_VERSION = 1

Upgrade = Callable[[dict[str, Any]], dict[str, Any]]

UPGRADES: dict[int, Upgrade] = {}


def upgrade(from_version: int) -> Callable[[Upgrade], Upgrade]:
    """Register ``function`` as the upgrade from ``from_version`` to ``from_version + 1``."""

    def register(function: Upgrade) -> Upgrade:
        if from_version in UPGRADES:
            raise ValueError(f"an upgrade from version {from_version} is already registered")
        UPGRADES[from_version] = function
        return function

    return register


def upgrade_to_current(data: dict[str, Any], version: int) -> dict[str, Any]:
    """``data`` (a file dict of ``version``) brought up to :data:`CURRENT_VERSION`."""
    if version > CURRENT_VERSION:
        raise NewerVersionError(
            f"this project was saved by a newer vedit (file version {version}; this vedit "
            f"reads up to version {CURRENT_VERSION}); update vedit to open it"
        )
    if version < 1:
        raise CorruptProjectError(f"bad file version {version}")
    while version < CURRENT_VERSION:
        step = UPGRADES.get(version)
        if step is None:
            raise CorruptProjectError(
                f"no upgrade from file version {version} to {version + 1} (this vedit cannot "
                "read files that old)"
            )
        data = step(data)
        version += 1
        data["version"] = version
    return data
