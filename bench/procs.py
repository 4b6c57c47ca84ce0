"""Child processes, timed, with their own peak memory.

``resource.getrusage(RUSAGE_CHILDREN)`` is a high-water mark over *all* the
children reaped so far, so it cannot tell one command's peak from an earlier
one's; and on Linux a child's ``ru_maxrss`` starts from the resident size of
the process it was forked from (the high-water mark survives ``exec``), so a
command forked straight from the benchmark — hundreds of MB after loading a
catalog — would inherit that figure.  Each command is therefore started by a
tiny launcher (``python -S``, a few MB) that forks and execs it and reaps it
with ``os.wait4``: that ``ru_maxrss`` is the command's own peak.

A command may start processes of its own (the backup writes through a child
process), and ``ru_maxrss`` is the largest of them, not their sum: the
launcher therefore also samples the resident size of the command's whole
process tree (``/proc``, every 0.1 s at most) and reports the larger figure.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from archive.config import PROJECT_ROOT

__all__ = ["ChildResult", "manage", "run_child"]

# argv: [launcher, rusage file, memory limit MB or 0, command…]; exits with the command's code.
_LAUNCHER = """
import os, resource, sys, time
out, limit, command = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
pid = os.fork()
if pid == 0:
    if limit:
        resource.setrlimit(resource.RLIMIT_AS, (limit << 20, limit << 20))
    try:
        os.execvp(command[0], command)
    finally:
        os._exit(127)
page_kb = os.sysconf("SC_PAGE_SIZE") // 1024

def tree_kb(root):
    total, todo = 0, [root]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/statm", "rb") as f:
                total += int(f.read().split()[1]) * page_kb
            with open(f"/proc/{p}/task/{p}/children", "rb") as f:
                todo += [int(child) for child in f.read().split()]
        except (OSError, ValueError, IndexError):
            pass
    return total

tree_peak, pause = 0, 0.01
while True:
    done, status, usage = os.wait4(pid, os.WNOHANG)
    if done:
        break
    tree_peak = max(tree_peak, tree_kb(pid))
    time.sleep(pause)
    pause = min(pause * 2, 0.1)
with open(out, "w") as handle:
    handle.write(str(max(usage.ru_maxrss, tree_peak)))
sys.exit(os.waitstatus_to_exitcode(status) & 0xFF)
"""


_EXCEPTION = re.compile(r"^[\w.]*(Error|Exception|Exit|Refused|Failed)\b.*:")


@dataclass(frozen=True, slots=True)
class ChildResult:
    command: str
    seconds: float
    peak_rss_mb: float
    returncode: int | None  # None: stopped at the time limit
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def failure(self) -> str:
        """Why the command failed, in one line (for a result's note)."""
        if self.returncode is None:
            return f"stopped at the time limit after {self.seconds:.0f} s"
        lines = [line.strip() for line in self.stderr.splitlines() if line.strip()]
        # The exception line says more than the traceback's last line (often a URL).
        errors = [line for line in lines if _EXCEPTION.match(line)]
        tail = (errors or lines or ["no output"])[-1]
        if "MemoryError" in self.stderr:
            tail = "out of memory (MemoryError under the memory limit)"
        return f"exit {self.returncode}: {tail[:300]}"


def run_child(
    command: Sequence[str],
    env: Mapping[str, str],
    timeout: float | None = None,
    memory_limit_mb: int | None = None,
    stdout: IO[bytes] | None = None,
    cwd: Path = PROJECT_ROOT,
) -> ChildResult:
    """Run ``command`` to its end (or the time limit); its wall time and own peak RSS.

    A command that may run long (no time limit, or one over a minute) is named on
    stderr as it starts and ends, so that a long run shows where it is.
    """
    label = _label(command)
    chatty = timeout is None or timeout > 60
    if chatty:
        limit = f" (time limit {timeout:.0f} s)" if timeout else ""
        _progress(f"  running {label}{limit} …")
    with tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as out, \
            tempfile.NamedTemporaryFile("r") as usage:
        launcher = [sys.executable, "-S", "-c", _LAUNCHER, usage.name,
                    str(memory_limit_mb or 0), *map(str, command)]
        started = time.perf_counter()
        # Its own process group, so that a time limit stops the launcher and the command.
        proc = subprocess.Popen(launcher, env=dict(env), cwd=cwd, stdout=stdout or out,
                                stderr=err, stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            returncode: int | None = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            returncode = None
        seconds = time.perf_counter() - started
        err.seek(0)
        out.seek(0)
        stderr = err.read()[-20_000:].decode(errors="replace")
        stdout_text = "" if stdout else out.read()[-200_000:].decode(errors="replace")
        peak_kb = usage.read().strip()
    result = ChildResult(
        command=" ".join(str(c) for c in command),
        seconds=seconds,
        peak_rss_mb=int(peak_kb) / 1024 if peak_kb else 0.0,  # Linux: kilobytes
        returncode=returncode,
        stdout=stdout_text,
        stderr=stderr,
    )
    if chatty:
        outcome = (f"{seconds:.1f} s, peak {result.peak_rss_mb:,.0f} MB" if result.ok
                   else result.failure())
        _progress(f"  {label}: {outcome}")
    return result


def _label(command: Sequence[str]) -> str:
    """``manage.py dumpdata catalog`` rather than two absolute paths and every option."""
    words = [str(c) for c in command]
    if words[:2] == [sys.executable, str(PROJECT_ROOT / "manage.py")]:
        words = ["manage.py", *words[2:]]
    elif words[:1] == [sys.executable]:
        words = ["python", *words[1:]]
    words = [Path(w).name if os.sep in w else w for w in words if w != "--verbosity"
             and not w.isdigit()]
    return " ".join(words)[:120]


def _progress(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def manage(*args: str) -> list[str]:
    """The command line of ``python manage.py ARGS…`` with this interpreter."""
    return [sys.executable, str(PROJECT_ROOT / "manage.py"), *args]
