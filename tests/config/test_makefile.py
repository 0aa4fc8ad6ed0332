"""The Makefile: `make help` lists every target; `make run` installs only what the service needs."""

import re
import subprocess

from devtools.processes import ROOT as BASE_DIR


def make(*args: str) -> str:
    result = subprocess.run(["make", *args], cwd=BASE_DIR, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def declared_targets() -> set[str]:
    text = (BASE_DIR / "Makefile").read_text().replace("\\\n", " ")
    phony = re.search(r"^\.PHONY:(.*)$", text, re.MULTILINE).group(1).split()
    return set(phony)


def test_make_help_lists_every_target_with_the_port_filled_in():
    listed = {line.split()[0] for line in make("help", "PORT=8123").splitlines() if line.strip()}
    assert declared_targets() <= listed
    assert {"e2e", "readme-test", "prod-local"} <= listed
    assert "$(" not in make("help", "PORT=8123")
    assert "http://127.0.0.1:8123" in make("help", "PORT=8123")


def test_make_run_on_a_fresh_clone_installs_the_runtime_dependencies_only(tmp_path):
    commands = make("-n", "run", f"VENV={tmp_path / 'venv'}")
    assert "-r requirements.txt" in commands
    assert "requirements-dev.txt" not in commands


def test_make_test_on_a_fresh_clone_installs_the_development_dependencies(tmp_path):
    commands = make("-n", "test", f"VENV={tmp_path / 'venv'}")
    assert "-r requirements.txt" in commands and "-r requirements-dev.txt" in commands


def test_pip_shows_its_progress_while_make_installs(tmp_path):
    for line in make("-n", "test", f"VENV={tmp_path / 'venv'}").splitlines():
        if "pip install" in line and "-r requirements" in line:
            assert "--quiet" not in line and "-q " not in line
