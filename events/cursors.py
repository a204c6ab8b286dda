"""A position in the change feed: after event `event_id` of kind `rank` in the transaction
numbered `sequence`. Clients see it as an opaque base64url string and pass it back as it came.
"""

import base64
import binascii
import re
from dataclasses import dataclass

# A rank above every kind's: the position after the whole of a transaction.
END_RANK = 9
# The kinds' ranks (events.kinds.KINDS).
RANKS = {1, 2, 3}
_FORMAT = re.compile(r"1\.([0-9]{1,18})\.([0-9])\.([0-9]{1,10})")
MAX_LENGTH = 64
NOT_A_CURSOR = "Not a cursor of this feed: pass `next_cursor` (or an event's `cursor`) as it came."


class InvalidCursor(ValueError):
    pass


@dataclass(frozen=True, order=True)
class Cursor:
    sequence: int
    rank: int = END_RANK
    event_id: int = 0

    @classmethod
    def end_of(cls, sequence: int) -> "Cursor":
        """After every event of the transaction numbered `sequence` (0: before the first)."""
        return cls(sequence, END_RANK, 0)

    def encode(self) -> str:
        text = f"1.{self.sequence}.{self.rank}.{self.event_id}"
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str) -> "Cursor":
        message = NOT_A_CURSOR
        if len(text) > MAX_LENGTH:
            raise InvalidCursor(message)
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode("ascii")
        except (binascii.Error, UnicodeDecodeError, ValueError) as error:
            raise InvalidCursor(message) from error
        match = _FORMAT.fullmatch(raw)
        if match is None:
            raise InvalidCursor(message)
        cursor = cls(*(int(group) for group in match.groups()))
        # Before the first transaction there is no event to stand after.
        if cursor.rank != END_RANK and (cursor.sequence == 0 or cursor.rank not in RANKS):
            raise InvalidCursor(message)
        return cursor
