"""gunicorn settings for the Men API, behind nginx (deploy/nginx): `gunicorn -c deploy/gunicorn.conf.py`.

Sync workers are safe here only because nginx buffers whole requests and responses (proxy.conf):
a worker never waits on a slow client. Without nginx in front, two stalled clients hold two
workers until `timeout`. Everything can be overridden from the environment (GUNICORN_*).
"""

import multiprocessing
import os

wsgi_app = "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# A little over the statement timeout (DATABASE_STATEMENT_TIMEOUT, 30 s): the database cancels first.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 40))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", 20))
keepalive = 15  # nginx keeps upstream connections open (upstream keepalive); a bit longer than its idle
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 5000))
max_requests_jitter = max_requests // 10
pidfile = os.environ.get("GUNICORN_PIDFILE") or None
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
errorlog = os.environ.get("GUNICORN_ERRORLOG", "-")
# Only nginx (on this host) may say the request came over https (X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proc_name = os.environ.get("GUNICORN_PROC_NAME", "men-api")
# gunicorn's control socket defaults to one path per user: instances on one host would share it.
control_socket_disable = "GUNICORN_CONTROL_SOCKET" not in os.environ
if not control_socket_disable:
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
