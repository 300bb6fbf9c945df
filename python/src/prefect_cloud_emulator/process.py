"""The emulator as a child process: started from its CLI, stopped with SIGTERM.

The CLI prints ``ready at <url>`` once it listens (with ``--port 0`` the URL carries the port it
picked). ``npx`` runs the emulator as its own child and does not pass signals on, so the process
is started in a session of its own and the whole group is signalled.
"""
from __future__ import annotations

import os
import re
import shlex
import signal
import subprocess
import threading
from collections import deque
from typing import Deque, List, Mapping, Optional, Sequence, Union

from .errors import EmulatorStartError

#: How the emulator is started when no command is given: the package installed in the project.
DEFAULT_COMMAND: List[str] = ["npx", "--no", "--", "prefect-cloud-emulator"]

_READY = re.compile(r"ready at (http://\S+)")


def parse_command(command: Union[str, Sequence[str], None]) -> List[str]:
    """A command as a list: a string is split as a shell would (``"node dist/cli/main.js"``)."""
    if command is None or command == "":
        return list(DEFAULT_COMMAND)
    return shlex.split(command) if isinstance(command, str) else list(command)


class EmulatorProcess:
    """A running emulator started from its CLI.

    Args:
        command: the CLI (default ``npx --no -- prefect-cloud-emulator``).
        args: flags appended to it; ``--port 0`` is added unless a port is given.
        env: extra environment variables (``PREFECT_EMULATOR_*``).
        cwd: where to run it (where ``npx`` finds the package).
        timeout: seconds to wait for ``ready at``.

    Use as a context manager, or call :meth:`stop`.
    """

    def __init__(self, command: Union[str, Sequence[str], None] = None, args: Sequence[str] = (),
                 env: Optional[Mapping[str, str]] = None, cwd: Optional[str] = None, timeout: float = 60.0) -> None:
        argv = parse_command(command) + list(args)
        if not any(a in ("-p", "--port") or a.startswith("--port=") for a in argv):
            argv += ["--port", "0"]
        self.argv = argv
        self._output: Deque[str] = deque(maxlen=50)
        try:
            self._proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=cwd,
                                          env={**os.environ, **(env or {})}, start_new_session=True)
        except OSError as error:
            raise EmulatorStartError(f"cannot run {shlex.join(argv)}: {error}") from None
        self.url = self._wait_ready(timeout)
        # Keep reading, so that a chatty emulator never blocks on a full pipe.
        threading.Thread(target=self._drain, daemon=True).start()

    def _wait_ready(self, timeout: float) -> str:
        found: List[str] = []
        done = threading.Event()

        def read() -> None:
            assert self._proc.stdout is not None
            for line in self._proc.stdout:
                self._output.append(line.rstrip("\n"))
                match = _READY.search(line)
                if match:
                    found.append(match.group(1).rstrip("/"))
                    break
            done.set()

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        done.wait(timeout)
        if found:
            return found[0]
        self.stop()
        what = "exited" if self._proc.poll() is not None else f"did not say it was ready within {timeout:g} s"
        raise EmulatorStartError(f"{shlex.join(self.argv)} {what}; its last output:\n" + "\n".join(self._output))

    def _drain(self) -> None:
        assert self._proc.stdout is not None
        for line in self._proc.stdout:
            self._output.append(line.rstrip("\n"))

    @property
    def pid(self) -> int:
        return self._proc.pid

    def output(self) -> str:
        """The last lines the emulator printed."""
        return "\n".join(self._output)

    def stop(self, timeout: float = 10.0) -> Optional[int]:
        """SIGTERM to the process group, then SIGKILL if it is still there after ``timeout``.
        Returns the exit code. Idempotent."""
        if self._proc.poll() is None:
            try:
                os.killpg(self._proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self._proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self._proc.pid, signal.SIGKILL)
                self._proc.wait()
        return self._proc.returncode

    def __enter__(self) -> "EmulatorProcess":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
