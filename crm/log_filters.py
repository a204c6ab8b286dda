"""Logging filters named in LOGGING (config/settings.py)."""

import logging


class WithoutTraceback(logging.Filter):
    """Drops a record's traceback: for errors whose one line says it all.

    Django logs a request with a Host it does not serve (DisallowedHost) with its traceback,
    about 1.5 KB saying where Django checks the header; anyone can send such requests.
    """

    def filter(self, record):
        record.exc_info = None
        record.exc_text = None
        return True
