"""The claim a vedit keeps on the project it has open, for another vedit to see."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys

import pytest

from vedit_gui.project.in_use import Claim, claim_path, other_holder


@pytest.fixture
def running_vedit():
    """Another process of this machine, still running (as a second vedit would be)."""
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield process.pid
    process.kill()
    process.wait(10)


def stake(project, pid: int, host: str | None = None, boot: str | None = None) -> None:
    """Leave the claim another process would."""
    data = {"host": host or socket.gethostname(), "pid": pid, "user": "ana", "since": 1_800_000_000.0}
    if boot is not None:
        data["boot"] = boot
    claim_path(project).write_text(json.dumps(data), encoding="utf-8")


def test_an_open_project_is_claimed_beside_it_and_released_on_close(tmp_path):
    project = tmp_path / "film.vedit"
    claim = Claim()
    claim.move_to(project)
    assert claim_path(project) == tmp_path / ".film.vedit.lock"
    assert json.loads(claim_path(project).read_text())["pid"] == os.getpid()
    assert other_holder(project) is None  # ours: nothing to warn about
    claim.move_to(tmp_path / "renamed.vedit")  # Save As
    assert not claim_path(project).exists() and claim_path(tmp_path / "renamed.vedit").exists()
    claim.release()
    assert list(tmp_path.iterdir()) == []


def test_another_running_vedit_is_named(tmp_path, running_vedit):
    project = tmp_path / "film.vedit"
    stake(project, running_vedit)
    holder = other_holder(project)
    assert holder is not None and holder.pid == running_vedit
    assert holder.describe().startswith("ana on this computer (vedit process")


def test_a_claim_left_by_a_crash_is_ignored(tmp_path):
    project = tmp_path / "film.vedit"
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)
    stake(project, int(ended.stdout))
    assert other_holder(project) is None


def test_a_claim_from_before_a_reboot_is_ignored_even_if_its_number_is_reused(tmp_path, running_vedit):
    project = tmp_path / "film.vedit"
    stake(project, running_vedit, boot="a-boot-before-the-power-cut")
    if not os.path.exists("/proc/sys/kernel/random/boot_id"):
        pytest.skip("this system does not say which boot it is")
    assert other_holder(project) is None


def test_a_claim_from_another_computer_is_named_with_it(tmp_path):
    project = tmp_path / "film.vedit"
    stake(project, 4242, host="edit-suite-2")
    assert "on edit-suite-2 (vedit process 4242" in other_holder(project).describe()


def test_a_claim_taken_over_by_another_vedit_is_left_to_it(tmp_path, running_vedit):
    project = tmp_path / "film.vedit"
    claim = Claim()
    claim.move_to(project)
    stake(project, running_vedit)  # opened there with Open Anyway, after ours
    claim.release()
    assert other_holder(project).pid == running_vedit


@pytest.mark.parametrize("text", ["", "{", "[]", '{"host": "x"}', '{"host": "x", "pid": "one", "since": 0}'])
def test_a_damaged_claim_warns_nobody(tmp_path, text):
    project = tmp_path / "film.vedit"
    claim_path(project).write_text(text, encoding="utf-8")
    assert other_holder(project) is None


def test_a_folder_vedit_cannot_write_to_opens_without_a_claim(tmp_path):
    missing = tmp_path / "gone" / "film.vedit"  # as a read-only share refuses the file
    claim = Claim()
    claim.move_to(missing)
    claim.release()
    assert not (tmp_path / "gone").exists()


def test_a_claim_whose_process_number_was_taken_by_another_process_is_ignored(tmp_path, running_vedit):
    """Without a reboot, an ended vedit's number can go to a new process: the claim says
    when its own process started, which the new one's start does not match."""
    from vedit_gui.project.in_use import process_started

    if not process_started(running_vedit):
        pytest.skip("this system does not say when a process started")
    project = tmp_path / "film.vedit"
    claim = {"host": socket.gethostname(), "pid": running_vedit, "user": "ana", "since": 1_800_000_000.0,
             "started": "1"}  # not when the process that has that number now started
    claim_path(project).write_text(json.dumps(claim), encoding="utf-8")
    assert other_holder(project) is None
    claim["started"] = process_started(running_vedit)
    claim_path(project).write_text(json.dumps(claim), encoding="utf-8")
    assert other_holder(project).pid == running_vedit
