#!/usr/bin/env python
"""Django's command-line utility: the development entry point."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # manage.py is how developers run the project, so it defaults to development mode;
    # gunicorn goes through config/wsgi.py, which leaves DEBUG off unless it is set.
    os.environ.setdefault("DJANGO_DEBUG", "true")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
