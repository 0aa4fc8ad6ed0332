"""The profile files time spent in the project's own modules under their own buckets (bench/profile.py)."""

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bench.profile import breakdown, bucket_for

ROOT = Path("/srv/men-api")
SITE = ROOT / ".venv/lib/python3.11/site-packages"


@pytest.mark.parametrize("package", ["menapp", "accounts", "config", "api"])
def test_each_of_our_packages_is_its_own_bucket(package):
    assert bucket_for(str(ROOT / package / "views.py"), ROOT) == f"our code: {package}/"


def test_libraries_keep_their_buckets_even_inside_a_virtualenv_in_the_project():
    assert bucket_for(str(SITE / "rest_framework/views.py"), ROOT) == "Django/DRF request plumbing and middleware"
    assert bucket_for(str(SITE / "redis/client.py"), ROOT) == "cache/throttle counters (redis)"
    assert bucket_for(str(SITE / "rest_framework/pagination.py"), ROOT) == "pagination (incl. count)"
    assert bucket_for("/usr/lib/python3.11/threading.py", ROOT) is None


@dataclass
class Frame:
    file_path: str
    time: float
    children: list = field(default_factory=list)


def test_our_code_called_by_django_is_not_filed_under_plumbing():
    ours = Frame(str(ROOT / "menapp/views.py"), 3.0, [Frame(str(ROOT / "menapp/views.py"), 3.0)])
    redis = Frame(str(SITE / "redis/client.py"), 1.0)
    handler = Frame(str(SITE / "django/core/handlers/base.py"), 5.0, [ours, redis, Frame("<builtin>", 1.0)])
    shares = dict(breakdown(Frame("", 5.0, [handler]), ROOT))
    assert shares == {
        "our code: menapp/": 0.6,
        "cache/throttle counters (redis)": 0.2,
        "Django/DRF request plumbing and middleware": 0.2,
    }
