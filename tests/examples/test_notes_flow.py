"""examples/notes_flow.py runs end to end against a live server."""

import subprocess
import sys

from devtools.processes import ROOT
from menapp.models import Category, Men


def test_notes_flow_example_runs_against_a_live_server(live_server, transactional_db):
    category = Category.objects.create(name="Актеры")
    result = subprocess.run(
        [sys.executable, "examples/notes_flow.py", "--base-url", live_server.url, "--cat-id", str(category.pk)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "blacklist (logout): POST /api/v1/token/blacklist/ -> 200" in result.stdout
    record = Men.objects.get()
    assert (record.title, record.content, record.cat) == ("Павел", "Что то с чем то", category)
