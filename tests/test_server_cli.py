"""`aikg serve` as a user runs it: a waitress process answering on the port it was given."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from fixtures_server import free_port

AIKG = Path(sys.executable).with_name("aikg")




def test_aikg_serve(project_copy: Path) -> None:
    port = free_port()
    env = dict(os.environ, AIKG_HOME=str(project_copy), AIKG_QUERY_TIMEOUT="5")
    process = subprocess.Popen([str(AIKG), "serve", "--host", "127.0.0.1", "--port", str(port)], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                url = f"http://127.0.0.1:{port}/sparql?query=ASK%7B%7D&format=csv"
                with urllib.request.urlopen(url, timeout=5) as reply:
                    assert reply.read().decode().split() == ["_askResult", "true"]
                    assert reply.headers["Server"] == "aikg"  # waitress, with its ident
                    break
            except OSError:
                assert process.poll() is None, process.stdout.read()
                assert time.monotonic() < deadline, "aikg serve did not answer within 90 s"
                time.sleep(0.5)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        output, _ = process.communicate(timeout=30)
    assert f"on http://127.0.0.1:{port}/" in output
