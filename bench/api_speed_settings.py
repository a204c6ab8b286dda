"""The API bench's server settings: the project's, with a bare list view beside the API
(bench/api_speed_urls.py)."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.api_speed_urls"
