"""Settings for the servers the serving tests start: the project's, on the session's test database.

config.settings finds the same PostgreSQL server as the test session (DATABASE_URL's, or the
embedded one); only the database name differs.
"""

import os

from config.settings import *  # noqa: F403
from config.settings import DATABASES

DATABASES["default"]["NAME"] = os.environ["CRM_TEST_DATABASE"]
