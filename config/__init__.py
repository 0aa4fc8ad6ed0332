"""The Men API's project package.

The Celery app (config.celery) is not loaded here, as Celery's Django guide does: a web worker only
needs it to queue mail, and accounts.tasks loads it then; `celery -A config` finds it by itself. Web
workers on the embedded default, which queues nothing, never carry its ~9 MB.
"""
