"""SQLite as the embedded default: parallel writers in several worker processes, no "database is locked"."""

import sqlite3
from concurrent.futures import ThreadPoolExecutor

import httpx

from devtools.processes import manage

from .server import HEADERS, gunicorn, production_env

WORKERS = 4
CLIENTS = 6
WRITES_PER_CLIENT = 12


def test_parallel_writers_on_sqlite_never_see_a_locked_database_and_every_write_is_kept(tmp_path):
    database = tmp_path / "db.sqlite3"
    env = production_env(
        tmp_path,
        DATABASE_URL=f"sqlite:///{database}",
        REDIS_URL="",
        THROTTLE_USER="100000/min",
        THROTTLE_CREATE="100000/min",
    )
    manage(env, "migrate", "--noinput")
    script = (
        "from accounts.models import User; from menapp.models import Category, Men; "
        "from rest_framework.authtoken.models import Token; "
        "u = User.objects.create_user('writer', 'w@example.com', 'Str0ng-pass-phrase'); "
        "c = Category.objects.create(name='Актеры'); Men.objects.create(title='shared', content='0', cat=c, user=u); "
        "print(Token.objects.create(user=u).key)"
    )
    token = manage(env, "shell", "--verbosity=0", "-c", script).strip()

    with gunicorn(env, tmp_path, workers=WORKERS) as (base, access_log):
        headers = {**HEADERS, "Authorization": f"Token {token}"}

        def writer(client_number):
            answers = []
            with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
                for n in range(WRITES_PER_CLIENT):
                    title = f"c{client_number}-{n}"
                    created = client.post("/api/v1/men/", json={"title": title, "content": "c", "cat": 1})
                    # Writers also update one shared row and read the list, so transactions really collide.
                    updated = client.patch("/api/v1/men/1/", json={"content": title})
                    listed = client.get("/api/v1/men/?page_size=3")
                    answers.append((title, created.status_code, updated.status_code, listed.status_code, created.text))
            return answers

        with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
            answers = [a for batch in pool.map(writer, range(CLIENTS)) for a in batch]
        served_by = {line.split()[0] for line in access_log.read_text().splitlines() if "POST /api/v1/men/" in line}

    failures = [a for a in answers if a[1:4] != (201, 200, 200)]
    assert not failures, failures[:5]
    logs = "".join(p.read_text(errors="replace") for p in tmp_path.glob("*.log"))
    assert "database is locked" not in logs
    assert len(served_by) > 1, "writes came through several worker processes"
    with sqlite3.connect(database) as connection:
        stored = {title for (title,) in connection.execute("SELECT title FROM menapp_men")}
        last_content = connection.execute("SELECT content FROM menapp_men WHERE id = 1").fetchone()[0]
    assert {a[0] for a in answers} <= stored
    assert len(stored) == CLIENTS * WRITES_PER_CLIENT + 1
    assert last_content in {a[0] for a in answers}
    print(f"\nsqlite writers: {len(answers)} creates, {len(answers)} updates, {len(served_by)} workers, 0 errors")
