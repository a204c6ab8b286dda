"""Pieces the admin pages of several apps share: the staff member's time, a paginator that
never counts a whole table, how many recent records a filter's choices come from, and how a
phone number typed for a team is read."""

from django import forms
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connection
from django.utils import timezone
from django.utils.functional import cached_property

from crm.models import national_number_region

# Filter choices (tags, sources, campaigns) come from the newest records, read through an
# index, rather than from a scan of every record; any value still works in the URL.
CHOICES_SAMPLE = 5_000


def local_time(moment) -> str:
    """`moment` in the staff member's zone (crm.staff_timezone), the zone named."""
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M %Z}" if moment else "-"


def typed_phone(text: str, team, rule):
    """`rule(text, region)` for a number typed for `team`: national numbers in the team's
    phone region, as the importer reads them. A national number typed for a team without a
    region is refused saying where the region is set, not only that a + is missing."""
    region = national_number_region(team)
    try:
        return rule(text, region)
    except forms.ValidationError as error:
        if team is None or region is not None or text.strip().startswith("+"):
            raise
        raise forms.ValidationError(
            [
                *error.messages,
                f"To type national numbers, a manager of {team} sets its phone region "
                "(e.g. US) on the team's page.",
            ],
            code="invalid",
        ) from error


class CappedCountPaginator(Paginator):
    """Counts at most CAP + 1 rows, so a page of a million contacts never counts them all."""

    CAP = 10_000

    @cached_property
    def count(self):
        query = self.object_list.values("pk").order_by()[: self.CAP + 1].query
        try:
            sql, params = query.sql_with_params()
        except EmptyResultSet:  # e.g. .none(): nothing to count
            return 0
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM ({sql}) AS capped", params)
            return cursor.fetchone()[0]

    @property
    def is_capped(self) -> bool:
        return self.count > self.CAP
