"""Reload without downtime: `kill -HUP` and `aikg serve --watch` switch to the build now in dist/, while a
client queries in a loop; no request fails, a broken build is refused with its file and line named."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from fixtures_server import free_port
from test_server_cli import AIKG

from aikg.store import dump_file

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
EXTRA = "<https://w3id.org/aikg/test/reloaded> <http://www.w3.org/2000/01/rdf-schema#label> \"{}\" " \
        "<https://w3id.org/aikg/graph/asserted> .\n"


def count(url: str) -> int:
    query = urllib.parse.urlencode({"query": COUNT, "format": "csv"})
    with urllib.request.urlopen(f"{url}/sparql?{query}", timeout=30) as reply:
        return int(reply.read().decode().split()[1])


def replace(path: Path, text: str) -> None:
    """Write a new dump the way a build should: beside it, then renamed over it."""
    staging = path.with_name(path.name + ".new")
    staging.write_text(text, encoding="utf-8")
    os.replace(staging, path)


class Loop(threading.Thread):
    """Queries the server without pause, remembering every answer and every failure."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.url = url
        self.answers: list[int] = []
        self.failures: list[str] = []
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                self.answers.append(count(self.url))
            except (OSError, urllib.error.HTTPError, ValueError) as error:
                self.failures.append(repr(error))


def wait_for(predicate, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def test_reload_on_hangup_and_watch(project_copy: Path, tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(project_copy, root, ignore=shutil.ignore_patterns("store"))
    dump = dump_file(root / "dist")
    original = dump.read_text(encoding="utf-8")
    port = free_port()
    env = dict(os.environ, AIKG_HOME=str(root), AIKG_QUERY_TIMEOUT="20", AIKG_RATE_LIMIT="")
    log = (tmp_path / "serve.log").open("w+", encoding="utf-8")
    process = subprocess.Popen([str(AIKG), "serve", "--port", str(port), "--watch"], env=env, stdout=log,
                               stderr=subprocess.STDOUT, text=True, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    loop = Loop(url)
    try:
        wait_for(lambda: _answers(url))
        before = count(url)
        loop.start()
        # 1. A good build, noticed by --watch: one more triple.
        replace(dump, original + EXTRA.format("one"))
        wait_for(lambda: loop.answers and loop.answers[-1] == before + 1)
        # 2. A broken build, announced by SIGHUP: refused, the last good one goes on serving.
        replace(dump, original + "<https://w3id.org/aikg/test/broken> <oops\n")
        os.kill(process.pid, signal.SIGHUP)
        wait_for(lambda: "reload refused" in (tmp_path / "serve.log").read_text(encoding="utf-8"))
        # 3. A good build again, by SIGHUP alone (the watcher saw nothing since the broken one).
        replace(dump, original + EXTRA.format("one") + EXTRA.format("two"))
        os.kill(process.pid, signal.SIGHUP)
        wait_for(lambda: loop.answers[-1] == before + 2)
        loop.stop.set()
        loop.join(30)
    finally:
        loop.stop.set()
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(30)
    output = (tmp_path / "serve.log").read_text(encoding="utf-8")
    assert loop.failures == [], loop.failures[:5]
    assert set(loop.answers) <= {before, before + 1, before + 2}  # never a half-loaded graph
    refused = next(line for line in output.splitlines() if "reload refused" in line)
    broken_line = original.count("\n") + 1
    assert dump.name in refused and f"line {broken_line}" in refused, refused


def _answers(url: str) -> bool:
    try:
        count(url)
    except OSError:
        return False
    return True
