"""The benchmark harness behind `make bench`: run it as `python -m bench <command>` (see bench/__main__.py)."""
