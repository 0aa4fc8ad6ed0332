"""`make cluster`: a production-shaped Men API on this machine, under var/cluster/ (docs/deploy.md).

    python deploy/cluster.py up             # everything, then prints every URL and port
    python deploy/cluster.py down           # ends all of it (by PID files)
    python deploy/cluster.py stop NAME      # one service (the drills kill and restart parts)
    python deploy/cluster.py start NAME
    python deploy/cluster.py status

Services: primary, replica (PostgreSQL 15 streaming replication, created with initdb and
pg_basebackup), pgbouncer (transaction pooling in front of the primary), redis-cache (allkeys-lru),
redis-counters (noeviction), web-8101/8102/8103 (gunicorn, production settings), worker and beat
(Celery on RabbitMQ), nginx (127.0.0.1:8080). The configuration files are the ones in deploy/;
only what is this machine's own (ports, paths, the demo data) is decided here.
"""

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
STATE = ROOT / "var" / "cluster"
PIDS = STATE / "pids"
LOGS = STATE / "logs"
PG = STATE / "pg"
BIN = ROOT / ".venv" / "bin"
PG_BIN = Path(os.environ.get("CLUSTER_PG_BIN", "/usr/lib/postgresql/15/bin"))

NGINX_PORT = 8080
WEB_PORTS = (8101, 8102, 8103)
PRIMARY_PORT = int(os.environ.get("CLUSTER_PRIMARY_PORT", 18132))
REPLICA_PORT = int(os.environ.get("CLUSTER_REPLICA_PORT", 18133))
PGBOUNCER_PORT = int(os.environ.get("CLUSTER_PGBOUNCER_PORT", 18164))
REDIS_CACHE_PORT = int(os.environ.get("CLUSTER_REDIS_CACHE_PORT", 18179))
REDIS_COUNTERS_PORT = int(os.environ.get("CLUSTER_REDIS_COUNTERS_PORT", 18180))
SMTP_PORT = int(os.environ.get("CLUSTER_SMTP_PORT", 18125))
RABBITMQ = os.environ.get("CLUSTER_RABBITMQ", "127.0.0.1:5672")
VHOST = "men-cluster"
# The drills wait for a statement to be cancelled; production's 30 s would make them slow.
STATEMENT_TIMEOUT_MS = int(os.environ.get("CLUSTER_STATEMENT_TIMEOUT_MS", 3000))

SERVICES = [
    "primary",
    "replica",
    "pgbouncer",
    "redis-cache",
    "redis-counters",
    *(f"web-{port}" for port in WEB_PORTS),
    "worker",
    "beat",
    "nginx",
]


# PROCESSES
# ------------------------------------------------------------------------------
def pid_file(name: str) -> Path:
    return {
        "primary": PG / "primary" / "postmaster.pid",
        "replica": PG / "replica" / "postmaster.pid",
        "pgbouncer": STATE / "pgbouncer" / "pgbouncer.pid",
        "nginx": STATE / "nginx" / "nginx.pid",
    }.get(name, PIDS / f"{name}.pid")


def read_pid(name: str) -> int | None:
    try:
        return int(pid_file(name).read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    status = Path(f"/proc/{pid}/stat")
    return not (status.exists() and status.read_text().split(")")[-1].split()[0] == "Z")


def running(name: str) -> bool:
    return alive(read_pid(name))


def as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL and PgBouncer refuse to run as root."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{result.stdout}\n{result.stderr}")
    return result


def spawn(name: str, command: list[str], env: dict) -> None:
    """Start a foreground process in its own session, logging to var/cluster/logs/NAME.log."""
    LOGS.mkdir(parents=True, exist_ok=True)
    PIDS.mkdir(parents=True, exist_ok=True)
    with open(LOGS / f"{name}.log", "ab") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
    pid_file(name).write_text(f"{process.pid}\n")


def wait_for(what: str, check, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    sys.exit(f"{what} did not come up within {timeout:.0f} s (logs in {LOGS})")


def http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def pg_ready(port: int) -> bool:
    return subprocess.run([PG_BIN / "pg_isready", "-q", "-h", "127.0.0.1", "-p", str(port)]).returncode == 0


def redis_ping(port: int) -> bool:
    result = subprocess.run(["redis-cli", "-h", "127.0.0.1", "-p", str(port), "ping"], capture_output=True, text=True)
    return result.stdout.strip() == "PONG"


# ENVIRONMENT
# ------------------------------------------------------------------------------
def secret_key() -> str:
    path = STATE / "secret-key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def broker_vhost() -> str:
    """A RabbitMQ virtual host of our own when rabbitmqctl may create it, else the default one
    (every queue of the service is named men-*)."""
    if shutil.which("rabbitmqctl"):
        listed = subprocess.run(["rabbitmqctl", "-q", "list_vhosts"], capture_output=True, text=True, timeout=30)
        if listed.returncode == 0 and VHOST in listed.stdout.split():
            return VHOST
        added = subprocess.run(["rabbitmqctl", "-q", "add_vhost", VHOST], capture_output=True, timeout=30)
        if added.returncode == 0:
            subprocess.run(
                ["rabbitmqctl", "-q", "set_permissions", "-p", VHOST, "guest", ".*", ".*", ".*"],
                capture_output=True, timeout=30,
            )  # fmt: skip
            return VHOST
    return ""


def cluster_env() -> dict[str, str]:
    """The environment of every Django process of the cluster (kept in var/cluster/env.json for the drills)."""
    path = STATE / "env.json"
    if path.exists():
        return json.loads(path.read_text())
    values = {
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secret_key(),
        # No certificate on loopback: production settings except the HTTPS redirect (docs/deploy.md).
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"postgres://men@127.0.0.1:{PGBOUNCER_PORT}/men",
        "DATABASE_PGBOUNCER": "true",
        "DATABASE_REPLICA_URL": f"postgres://men@127.0.0.1:{REPLICA_PORT}/men",
        "DATABASE_STATEMENT_TIMEOUT": str(STATEMENT_TIMEOUT_MS),
        "REDIS_URL": f"redis://127.0.0.1:{REDIS_CACHE_PORT}/0",
        "COUNTERS_REDIS_URL": f"redis://127.0.0.1:{REDIS_COUNTERS_PORT}/0",
        "CELERY_BROKER_URL": f"amqp://guest:guest@{RABBITMQ}/{broker_vhost()}",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "DJANGO_EMAIL_HOST": "127.0.0.1",
        "DJANGO_EMAIL_PORT": str(SMTP_PORT),
        "TRUSTED_PROXIES": "127.0.0.1",
        # Links (and read-cache keys) name the address people use, nginx's, whichever instance answers.
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{NGINX_PORT}",
        # The drills log in and read from one loopback address, many times a minute.
        "THROTTLE_LOGIN": "300/min",
        "THROTTLE_ANON": "100000/min",
        "THROTTLE_USER": "100000/min",
        "LOG_LEVEL": "WARNING",
    }
    path.write_text(json.dumps(values, indent=2) + "\n")
    path.chmod(0o600)
    return values


def process_env(**extra: str) -> dict[str, str]:
    base = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_"))}
    for key in ("REDIS_URL", "COUNTERS_REDIS_URL", "CELERY_BROKER_URL", "TRUSTED_PROXIES", "PUBLIC_BASE_URL"):
        base.pop(key, None)
    return {**base, **cluster_env(), **extra}


def manage(*args: str, **extra: str) -> None:
    run([str(BIN / "python"), "manage.py", *args], cwd=ROOT, env=process_env(**extra), timeout=600)


# POSTGRESQL, PGBOUNCER, REDIS
# ------------------------------------------------------------------------------
def pg_start(name: str, port: int) -> None:
    data = PG / name
    options = f"-p {port} -c listen_addresses=127.0.0.1 -k {PG}"
    run(as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(PG / f"{name}.log"), "-o", options,
                     "-w", "-t", "60", "start"]))  # fmt: skip
    wait_for(name, lambda: pg_ready(port))


def psql(port: int, sql: str, database: str = "postgres") -> str:
    return run(
        [str(PG_BIN / "psql"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d", database, "-Atqc", sql]
    ).stdout.strip()


def create_primary() -> None:
    PG.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(PG, "postgres", "postgres")
    data = PG / "primary"
    run(as_postgres([str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                     "--locale=C.UTF-8", "--no-sync"]))  # fmt: skip
    with open(data / "postgresql.conf", "a") as conf:
        conf.write(
            "\n# make cluster (deploy/cluster.py)\nwal_level = replica\nmax_wal_senders = 5\nhot_standby = on\n"
            "max_connections = 120\nwal_keep_size = 256MB\n"
        )
    pg_start("primary", PRIMARY_PORT)
    # The timeout and time zone per role: PgBouncer 1.18 refuses libpq's `options` (docs/deploy.md).
    psql(PRIMARY_PORT, "CREATE ROLE men LOGIN")
    psql(PRIMARY_PORT, f"ALTER ROLE men SET statement_timeout = {STATEMENT_TIMEOUT_MS}")
    psql(PRIMARY_PORT, "ALTER ROLE men SET timezone = 'UTC'")
    psql(PRIMARY_PORT, "CREATE DATABASE men OWNER men")


def create_replica() -> None:
    run(as_postgres([str(PG_BIN / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(PRIMARY_PORT), "-U", "postgres",
                     "-D", str(PG / "replica"), "-R", "-X", "stream", "-c", "fast"]), timeout=300)  # fmt: skip


def start_pgbouncer() -> None:
    directory = STATE / "pgbouncer"
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "userlist.txt").write_text('"men" ""\n"postgres" ""\n')
    (directory / "pgbouncer.ini").write_text(
        "[databases]\n"
        f"men = host=127.0.0.1 port={PRIMARY_PORT} dbname=men\n"
        f"%include {DEPLOY / 'pgbouncer' / 'pgbouncer.ini'}\n"
        "[pgbouncer]\n"
        f"listen_addr = 127.0.0.1\nlisten_port = {PGBOUNCER_PORT}\nunix_socket_dir =\n"
        f"auth_type = trust\nauth_file = {directory / 'userlist.txt'}\nadmin_users = postgres\n"
        f"logfile = {directory / 'pgbouncer.log'}\npidfile = {pid_file('pgbouncer')}\n"
    )
    if os.geteuid() == 0:
        for path in [directory, *directory.iterdir()]:
            shutil.chown(path, "postgres", "postgres")
    run(as_postgres(["pgbouncer", "-d", str(directory / "pgbouncer.ini")]))
    wait_for("pgbouncer", lambda: pg_ready(PGBOUNCER_PORT))


def start_redis(name: str, port: int, conf: str) -> None:
    directory = STATE / "redis"
    directory.mkdir(parents=True, exist_ok=True)
    files = ["--pidfile", str(pid_file(name)), "--logfile", str(LOGS / f"{name}.log"), "--dir", str(directory)]
    run(["redis-server", str(DEPLOY / "redis" / conf), "--port", str(port), "--daemonize", "yes", *files])
    wait_for(name, lambda: running(name) and redis_ping(port))


# THE SERVICE
# ------------------------------------------------------------------------------
def start_web(port: int) -> None:
    env = process_env(
        GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS=os.environ.get("CLUSTER_WORKERS", "2"),
        GUNICORN_PROC_NAME=f"men-api-{port}", GUNICORN_ACCESSLOG=str(LOGS / f"web-{port}.access.log"),
    )  # fmt: skip
    spawn(f"web-{port}", [str(BIN / "gunicorn"), "-c", str(DEPLOY / "gunicorn.conf.py")], env)
    wait_for(f"web-{port}", lambda: running(f"web-{port}") and http_ok(f"http://127.0.0.1:{port}/healthz"))


def start_worker() -> None:
    command = [str(BIN / "celery"), "-A", "config", "worker", "--loglevel", "INFO", "--concurrency", "1",
               "--queues", "men-default", "--hostname", "men-cluster@%h"]  # fmt: skip
    spawn("worker", command, process_env())


def start_beat() -> None:
    (STATE / "celery").mkdir(parents=True, exist_ok=True)
    command = [str(BIN / "celery"), "-A", "config", "beat", "--loglevel", "INFO", "--pidfile=",
               "--schedule", str(STATE / "celery" / "beat-schedule")]  # fmt: skip
    spawn("beat", command, process_env())


def start_nginx() -> None:
    prefix = STATE / "nginx"
    for sub in ("tmp/body", "tmp/proxy", "tmp/fastcgi", "tmp/uwsgi", "tmp/scgi"):
        (prefix / sub).mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(prefix / sub, "www-data")
    run(["nginx", "-p", f"{prefix}/", "-e", str(prefix / "error.log"), "-c", str(DEPLOY / "nginx" / "cluster.conf")])
    wait_for("nginx", lambda: http_ok(f"http://127.0.0.1:{NGINX_PORT}/healthz"))


def start(name: str) -> None:
    if running(name):
        return
    LOGS.mkdir(parents=True, exist_ok=True)
    PIDS.mkdir(parents=True, exist_ok=True)
    if name == "primary":
        pg_start("primary", PRIMARY_PORT)
    elif name == "replica":
        pg_start("replica", REPLICA_PORT)
    elif name == "pgbouncer":
        start_pgbouncer()
    elif name == "redis-cache":
        start_redis(name, REDIS_CACHE_PORT, "cache.conf")
    elif name == "redis-counters":
        start_redis(name, REDIS_COUNTERS_PORT, "counters.conf")
    elif name.startswith("web-"):
        start_web(int(name.removeprefix("web-")))
    elif name == "worker":
        start_worker()
    elif name == "beat":
        start_beat()
    elif name == "nginx":
        start_nginx()
    else:
        sys.exit(f"unknown service {name!r}: one of {', '.join(SERVICES)}")


def stop(name: str, grace: float = 20) -> None:
    if name in ("primary", "replica"):
        if running(name):
            run(as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(PG / name), "-m", "fast", "-w", "-t", "60", "stop"]))
        return
    pid = read_pid(name)
    if alive(pid):
        os.kill(pid, signal.SIGQUIT if name == "nginx" else signal.SIGTERM)
        deadline = time.monotonic() + grace
        while alive(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        if alive(pid):
            os.kill(pid, signal.SIGKILL)
    if name not in ("pgbouncer", "nginx"):
        pid_file(name).unlink(missing_ok=True)


# COMMANDS
# ------------------------------------------------------------------------------
def up() -> None:
    STATE.mkdir(parents=True, exist_ok=True)
    # The servers run as `postgres`: every folder above their data must let it through. var/ may
    # already exist as 0700 (Django's file cache creates var/cache, and var/, so).
    for folder in (STATE.parent, STATE):
        folder.chmod(folder.stat().st_mode | 0o011)
    fresh = not (PG / "primary").exists()
    if fresh:
        create_primary()
    else:
        start("primary")
    if not (PG / "replica").exists():
        create_replica()
    for name in ("replica", "pgbouncer", "redis-cache", "redis-counters"):
        start(name)
    # Migrations go straight to the primary (DDL takes its time; the pool is for requests).
    primary = f"postgres://men@127.0.0.1:{PRIMARY_PORT}/men"
    manage("migrate", "--noinput", DATABASE_URL=primary, DATABASE_PGBOUNCER="false", DATABASE_STATEMENT_TIMEOUT="0")
    manage("collectstatic", "--noinput", "--verbosity", "0")
    if fresh:
        # The two demo accounts of `make run` exist only in development mode: here only, never on a host.
        manage("load_demo", DJANGO_DEBUG="true")
    for name in SERVICES[5:]:
        start(name)
    print_summary()


def down() -> None:
    for name in reversed(SERVICES):
        stop(name)
    print("make cluster: stopped (data kept in var/cluster/; rm -rf var/cluster for a fresh one)")


def status() -> None:
    for name in SERVICES:
        pid = read_pid(name)
        print(f"  {name:16} {'running' if alive(pid) else 'stopped'}{f'  pid {pid}' if alive(pid) else ''}")


def print_summary() -> None:
    env = cluster_env()
    print(
        f"""
Men API cluster is up (state, logs and PID files under {STATE.relative_to(ROOT)}/):
  API through nginx     http://127.0.0.1:{NGINX_PORT}/api/v1/   (docs: http://127.0.0.1:{NGINX_PORT}/api/v1/docs/)
  gunicorn instances    {"  ".join(f"http://127.0.0.1:{port}/" for port in WEB_PORTS)}
  PostgreSQL primary    127.0.0.1:{PRIMARY_PORT}   (postgres, trust; application role `men`, database `men`)
  PostgreSQL replica    127.0.0.1:{REPLICA_PORT}   (streaming from the primary; DATABASE_REPLICA_URL)
  PgBouncer             127.0.0.1:{PGBOUNCER_PORT}   (transaction pooling; DATABASE_URL)
  Redis cache           {env["REDIS_URL"]}   (allkeys-lru)
  Redis counters, pins  {env["COUNTERS_REDIS_URL"]}   (noeviction)
  RabbitMQ              {env["CELERY_BROKER_URL"].replace("guest:guest@", "")}   (Celery worker and beat)
  Mail (SMTP)           127.0.0.1:{SMTP_PORT}   (the worker delivers here: run a sink to read it, e.g.
                        .venv/bin/python -m aiosmtpd -n -l 127.0.0.1:{SMTP_PORT})
  Demo accounts         admin / admin-password-123 (staff), author / author-password-123
  Statement timeout     {STATEMENT_TIMEOUT_MS} ms (ALTER ROLE men)
Stop it all with: make cluster-stop"""
    )


def main(argv: list[str]) -> None:
    command, *names = argv or ["status"]
    if command == "up":
        up()
    elif command == "down":
        down()
    elif command == "status":
        status()
    elif command in ("start", "stop") and names:
        for name in names:
            (start if command == "start" else stop)(name)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
