"""`make prod-local`: the single-instance production recipe, served over plain HTTP on loopback."""

import os
import signal
import subprocess

import httpx
import pytest

from devtools.processes import ROOT as BASE_DIR
from devtools.processes import free_port, wait_until

STARTUP_SECONDS = 90  # migrate a fresh database, load the demo catalog, boot two workers


@pytest.fixture
def prod_local(tmp_path):
    """`make prod-local` on a free port with its state in tmp_path (`-o install`: the suite's .venv is ready)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    output = open(tmp_path / "make.log", "wb")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        ["make", "-o", "install", "prod-local", f"PORT={port}", f"PROD_LOCAL={tmp_path / 'state'}"],
        cwd=BASE_DIR,
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # make, its shell and gunicorn: one process group, ended together
    )
    base = f"http://127.0.0.1:{port}"

    def serving():
        if process.poll() is not None:
            raise AssertionError((tmp_path / "make.log").read_text())
        try:
            return httpx.get(f"{base}/readyz", timeout=1).status_code == 200
        except httpx.TransportError:
            return False

    try:
        wait_until(serving, timeout=STARTUP_SECONDS, interval=0.2, message="make prod-local to serve")
        yield base, tmp_path / "state"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)
        output.close()


def test_make_prod_local_serves_the_demo_catalog_over_plain_http_with_production_settings(prod_local):
    base, state = prod_local
    records = httpx.get(f"{base}/api/v1/men/", headers={"Accept": "text/html,*/*;q=0.8"})  # as a browser asks
    assert records.status_code == 200  # no redirect to https
    assert records.headers["Content-Type"] == "application/json"  # debug off: no browsable API
    assert records.json()["count"] >= 20
    missing = httpx.get(f"{base}/api/v1/no-such-route/")
    assert missing.status_code == 404 and missing.headers["Content-Type"] == "application/json"
    assert "Traceback" not in missing.text
    assert "Men API" in httpx.get(f"{base}/").text  # the landing page, not a 404
    assert len((state / "secret-key").read_text().strip()) >= 50
    assert (state / "db.sqlite3").exists()


def test_make_prod_local_serves_the_static_files_of_the_admin_without_collectstatic(prod_local):
    base, _ = prod_local
    response = httpx.get(f"{base}/static/admin/css/base.css")
    assert response.status_code == 200
    assert "text/css" in response.headers["Content-Type"]
