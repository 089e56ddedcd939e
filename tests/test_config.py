"""Configuration from the environment: links in e-mails follow the port `make run` serves on."""

import shutil
import subprocess
from pathlib import Path

import pytest

from portal.config import from_environment

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("environment", "base_url"),
    [
        ({}, "http://127.0.0.1:5000"),
        ({"PORT": "8000"}, "http://127.0.0.1:8000"),
        (
            {"PORT": "8000", "BASE_URL": "https://laeringsmiljo.example.no"},
            "https://laeringsmiljo.example.no",
        ),
        ({"BASE_URL": "https://laeringsmiljo.example.no"}, "https://laeringsmiljo.example.no"),
    ],
)
def test_base_url_follows_the_port_unless_set(monkeypatch, tmp_path, environment, base_url):
    for name in ("PORT", "BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert from_environment(str(tmp_path))["BASE_URL"] == base_url


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
@pytest.mark.parametrize("how", ["environment", "argument"])
def test_make_run_passes_its_port_to_the_app(how):
    """`PORT=8000 make run` (the README's example) and `make run PORT=8000`."""
    command = ["make", "-n", "run"] + (["PORT=8000"] if how == "argument" else [])
    env = {"PATH": "/usr/bin:/bin", **({"PORT": "8000"} if how == "environment" else {})}
    result = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=30
    )
    [serve] = [line for line in result.stdout.splitlines() if "flask run" in line]
    assert "PORT=8000 " in serve
    assert serve.endswith("--port 8000")
