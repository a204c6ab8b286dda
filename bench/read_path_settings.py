"""The project's settings plus bench/read_path_urls.py: the bare view beside the API."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.read_path_urls"
