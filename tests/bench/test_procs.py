"""A command's peak memory counts the processes it starts, not only its own."""

from __future__ import annotations

import os
import sys

import pytest

from bench.procs import run_child

pytestmark = pytest.mark.skipif(
    not os.path.exists(f"/proc/{os.getpid()}/task/{os.getpid()}/children"),
    reason="process-tree sampling reads Linux's /proc",
)

# Touch every page, so the memory is resident, not only reserved.
_HOLD = "b = bytearray({mb} << 20); b[::4096] = b'x' * len(b[::4096]); import time; time.sleep({s})"


def test_peak_memory_is_the_sum_over_the_process_tree() -> None:
    """A parent holding 60 MB while its child holds 120 MB peaks above 180 MB, not at 120."""
    child = _HOLD.format(mb=120, s=1.0)
    parent = (
        _HOLD.format(mb=60, s=0)
        + f"; import subprocess, sys; subprocess.run([sys.executable, '-c', {child!r}])"
    )
    result = run_child([sys.executable, "-c", parent], dict(os.environ), timeout=60)
    assert result.ok, result.stderr
    assert result.peak_rss_mb >= 180


def test_a_single_process_keeps_its_own_peak() -> None:
    """Without children, the figure is the command's own peak (ru_maxrss), about what it held."""
    result = run_child([sys.executable, "-c", _HOLD.format(mb=80, s=0)], dict(os.environ))
    assert result.ok, result.stderr
    assert 80 <= result.peak_rss_mb < 160
