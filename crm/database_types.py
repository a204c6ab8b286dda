"""How instants are read from PostgreSQL: by psycopg's C parser, as Django would read them.

Django (5.2) reads every `timestamptz` through a loader of its own, a subclass of psycopg's
pure-Python one, so that each value comes back in the connection's zone: about 4.5 µs a
value, in Python. A page of 50 contacts holds about 150 instants. psycopg's C implementation
(the `psycopg[binary]` this project installs) parses one in a quarter of a microsecond and
gives the instant in the session's zone, which Django sets to the connection's own at
connect (UTC): the same `datetime`, with the same `datetime.timezone.utc`, for a twentieth
of the work. `use_c_instant_parser` puts it in place of Django's loader on each new
connection, when both hold: the C implementation is loaded and the connection reads in
UTC. Otherwise Django's loader stays. (The C loader reads the session's zone when a result
arrives: a session whose zone were changed later, which nothing here does, would get the
right instants in that zone, where Django's loader would have mislabelled them as UTC.)
"""

from datetime import UTC

import psycopg
from psycopg.adapt import Loader
from psycopg.pq import Format

TIMESTAMPTZ_OID = psycopg.adapters.types["timestamptz"].oid
# The global map's loader: psycopg's C one when its C implementation is loaded.
_PARSER = psycopg.adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT)
_PARSER_IN_C = psycopg.pq.__impl__ in {"binary", "c"}


class UtcInstantLoader(Loader):
    """`timestamptz` text parsed by psycopg's C loader, for a session in UTC.

    `timezone` is what Django's cursor compares with the connection's zone before it
    registers its own loader again (`DatabaseWrapper.create_cursor`)."""

    timezone = UTC

    def __init__(self, oid, context=None):
        super().__init__(oid, context)
        # The C loader's own method, which psycopg's row loader then calls without a Python
        # frame in between.
        self.load = _PARSER(oid, context).load

    def load(self, data):  # each instance has the C loader's own instead
        raise NotImplementedError


def use_c_instant_parser(sender, connection, **kwargs) -> None:
    """`connection_created`'s receiver: read this connection's instants in C when it can."""
    if (
        connection.vendor != "postgresql"
        or not _PARSER_IN_C
        or connection.timezone is not UTC
        or connection.connection.info.parameter_status("TimeZone") != "UTC"
    ):
        return
    connection.connection.adapters.register_loader(TIMESTAMPTZ_OID, UtcInstantLoader)
