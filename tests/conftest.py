"""Session fixtures shared by the test modules: the real build and, when present, the real server."""

from pathlib import Path

pytest_plugins = ["fixtures_build"]
if (Path(__file__).parent / "fixtures_server.py").exists():
    pytest_plugins.append("fixtures_server")
