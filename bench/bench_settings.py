"""Closeknit's settings, with a urlconf that adds the benchmark's baseline view.

`bench/load.py` runs the production server with DJANGO_SETTINGS_MODULE pointing here, so
the baseline is served by the very same processes, middleware and database as the
pages it is compared with, and closeknit/urls.py and settings.py stay untouched.
"""

from closeknit.settings import *  # noqa: F403

ROOT_URLCONF = "bench.baseline_urls"
