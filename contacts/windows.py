"""Calling windows: when a contact may be called, in its own local time.

A team sets calling hours and days, a minimum gap between calls to one contact and a
maximum number of attempts (`crm.Team`). A contact's local time is that of its zone set
(`contact_time_zones`): its `timezone`; without one, the zones its phone number belongs to;
when those are several, the window is their intersection (an instant is inside only when it
is inside in every zone); when nothing is known, the team's default zone.

Lists filter in SQL: each contact keeps its zone set in `time_zones`, and the zones whose
window contains an instant are a few hundred names computed here, so that a filter is
"the contact's zones are all among these" (`callable_at_condition`).
"""

from datetime import date, datetime, time, timedelta
from functools import cache, lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo, available_timezones

import phonenumbers
from django.contrib.postgres.fields import ArrayField
from django.db.models import CharField, F, Lookup, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone as django_timezone
from phonenumbers.timezone import UNKNOWN_TIMEZONE, time_zones_for_number

from contacts.calling import callable_condition
from crm.models import Team, Weekday

# How far ahead `next_callable_at` looks: an intersection of windows that exists comes back
# every week, so none within eight days means none at all.
HORIZON = timedelta(days=8)
# The days' names by date.weekday(): `Weekday.values` builds its list again on every read,
# and a list response reads it for every contact.
WEEKDAYS = tuple(Weekday.values)


def now() -> datetime:
    """The instant "now" means to the calling rules (callableNow, next_callable_at)."""
    return django_timezone.now()


@cache
def _known_zones() -> frozenset[str]:
    return frozenset(available_timezones())


@cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def contact_time_zones(timezone: str | None, phone) -> list[str]:
    """The zones of a contact's local time: `[timezone]` when it has one; else its phone
    number's zones (phonenumbers' data, several when the number's area spans zones); else
    `[]`, meaning the team's default. Every write path stores this in `Contact.time_zones`.
    """
    if timezone:
        return [timezone]
    if not phone:
        return []
    return list(_phone_time_zones(str(phone)))


def _phone_time_zones(e164: str) -> tuple[str, ...]:
    try:
        number = _stored_number(e164)
    except phonenumbers.NumberParseException:
        return ()
    known = _known_zones()
    return tuple(
        sorted(
            {
                zone
                for zone in time_zones_for_number(number)
                if zone != UNKNOWN_TIMEZONE and zone in known
            }
        )
    )


def _stored_number(e164: str) -> phonenumbers.PhoneNumber:
    """A stored E.164 number as the library's object. A North American one ('+1' and ten
    digits, most of an import) is built directly: parse would find the same country code and
    national number, at half the cost of the zone lookup, on every imported row."""
    if len(e164) == 12 and e164.startswith("+1") and e164[2:].isdigit():
        return phonenumbers.PhoneNumber(country_code=1, national_number=int(e164[2:]))
    return phonenumbers.parse(e164, None)


def zones_of(contact, team: Team) -> list[str]:
    """The zones whose windows a contact is called in: its own, or the team's default."""
    return list(contact.time_zones) or [team.default_timezone]


def inside_window(team: Team, zone: str, instant: datetime) -> bool:
    """Whether `instant` is on one of the team's calling days and within its calling hours,
    in `zone`'s local time."""
    local = instant.astimezone(_zone(zone))
    return (
        WEEKDAYS[local.weekday()] in team.calling_days
        and team.calling_hours_start <= local.time() < team.calling_hours_end
    )


def zones_inside_window(team: Team, instant: datetime) -> list[str]:
    """Every zone in whose local time `instant` is inside the team's calling window."""
    rules = (team.calling_hours_start, team.calling_hours_end, tuple(team.calling_days))
    if any(hour.second or hour.microsecond for hour in rules[:2]):
        return _zones_inside(*rules, instant)
    # Hours are whole minutes, and so is every zone's offset now: the answer is the same for
    # a whole minute. Worked out once a minute per set of rules (600 zones cost tens of
    # milliseconds, more than the list's SQL).
    return list(_zones_inside_in_minute(*rules, instant.replace(second=0, microsecond=0)))


@lru_cache(maxsize=64)
def _zones_inside_in_minute(start, end, days, minute: datetime) -> tuple[str, ...]:
    return tuple(_zones_inside(start, end, days, minute))


class _Rules(NamedTuple):
    """A team's calling hours and days, hashable, for the functions cached here (a Team
    instance costs more to build than some of the answers)."""

    calling_hours_start: time
    calling_hours_end: time
    calling_days: tuple[str, ...]


def _zones_inside(start, end, days, instant: datetime) -> list[str]:
    rules = _Rules(start, end, tuple(days))
    return sorted(zone for zone in _known_zones() if inside_window(rules, zone, instant))


def max_attempts_reached(contact, team: Team) -> bool:
    """Whether the contact has had the team's maximum number of calls."""
    cap = team.max_call_attempts
    return cap is not None and contact.call_count >= cap


def first_zone() -> Coalesce:
    """A contact's first zone, '' for none: what contact_team_callable_zone_idx indexes."""
    return Coalesce(F("time_zones__0"), Value(""), output_field=CharField())


class EqualsAny(Lookup):
    """`lhs = ANY(%s)`, the list as one array parameter. `IN (...)` with a few hundred zone
    names cost more Python than the SQL it ran (an expression compiled and a placeholder
    bound per name, for the count and the page); PostgreSQL reads `IN (...)` as this very
    condition, so the plan, the index and the hash of the list are the same."""

    lookup_name = "equals_any"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        return "%s", [list(value)]

    def as_sql(self, compiler, connection):
        lhs_sql, lhs_params = self.process_lhs(compiler, connection)
        rhs_sql, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs_sql} = ANY({rhs_sql})", (*lhs_params, *rhs_params)


def callable_at_condition(team: Team, instant: datetime) -> Q:
    """Contacts that may be called at `instant`: no standing blocker (contacts.calling: a
    phone, not flagged do-not-call, neither number on the team's registry, live, under the
    attempt cap), past the gap since their last call, and inside the calling window in every
    zone of their local time."""
    inside = zones_inside_window(team, instant)
    # Every zone must be inside, so the first one must: `first_zone() = ANY (...)`, which the
    # index answers and PostgreSQL checks with a hash of the list. Only a contact of several
    # zones (few) needs `<@`, which compares each element with every name in the list.
    firsts = [*inside, ""] if team.default_timezone in inside else inside
    zone_list = Value(inside, output_field=ArrayField(CharField()))  # one parameter
    in_window = Q(EqualsAny(first_zone(), firsts)) & (
        Q(time_zones__len__lte=1) | Q(time_zones__contained_by=zone_list)
    )
    condition = callable_condition(team) & in_window
    if team.min_call_gap_minutes:
        gap = timedelta(minutes=team.min_call_gap_minutes)
        condition &= Q(last_called_at__isnull=True) | Q(last_called_at__lte=instant - gap)
    return condition


def next_callable_at(contact, team: Team, now: datetime) -> datetime | None:
    """The first instant from `now` at which the window (in every zone of the contact's
    local time), the gap since its last call and the attempt cap allow a call; None when
    none ever will: no phone, flagged, archived, the cap reached, or windows that never
    meet."""
    if (
        not contact.phone
        or contact.do_not_call
        or contact.archived_at is not None
        or max_attempts_reached(contact, team)
    ):
        return None
    return next_instant_past_gap_in_window(contact, team, now)


def next_instant_past_gap_in_window(contact, team: Team, now: datetime) -> datetime | None:
    """`next_callable_at` of a contact already known to have no standing blocker (a list
    reads its blockers in SQL): the gap since its last call, then the window."""
    start = now
    if team.min_call_gap_minutes and contact.last_called_at is not None:
        start = max(now, contact.last_called_at + timedelta(minutes=team.min_call_gap_minutes))
    return next_window_instant(team, zones_of(contact, team), start)


def next_window_instant(team: Team, zones: list[str], start: datetime) -> datetime | None:
    """The first instant from `start` inside the window in every one of `zones`."""
    rules = (team.calling_hours_start, team.calling_hours_end, tuple(team.calling_days))
    return _next_window_instant(*rules, tuple(zones), start)


# A page's contacts share a few zone sets and, mostly, one start (its clock, when past the
# gap): each answer is worked out once.
@lru_cache(maxsize=1024)
def _next_window_instant(hours_start, hours_end, days, zones, start) -> datetime | None:
    team = _Rules(hours_start, hours_end, days)
    instant = start
    while instant < start + HORIZON:
        openings = [_next_opening(team, zone, instant) for zone in zones]
        if any(opening is None for opening in openings):
            return None
        latest = max(openings)
        if latest == instant:
            return instant
        instant = latest  # no zone's window can open for all of them before this
    return None


def _next_opening(team: Team, zone: str, instant: datetime) -> datetime | None:
    """`instant` if inside the window in `zone`, else the window's next start after it."""
    if inside_window(team, zone, instant):
        return instant
    tz = _zone(zone)
    today: date = instant.astimezone(tz).date()
    for offset in range(8):
        day = today + timedelta(days=offset)
        if WEEKDAYS[day.weekday()] not in team.calling_days:
            continue
        # A start that falls in a DST gap is read with the offset before it (fold=0).
        opening = datetime.combine(day, team.calling_hours_start, tzinfo=tz)
        if opening > instant:
            return opening
    return None


def callable_for_teams(teams, instant: datetime) -> Q:
    """`callable_at_condition` for contacts of any of `teams`, each under its own rules."""
    condition = Q(pk__in=[])
    for team in teams:
        condition |= Q(team_id=team.pk) & callable_at_condition(team, instant)
    return condition


def local_time_label(contact, team: Team, instant: datetime) -> str:
    """The contact's local time at `instant`, for people: `Tue 14:05 (Europe/Paris)`; with
    several zones, the earliest and latest of their clocks."""
    zones = zones_of(contact, team)
    clocks = sorted(
        (instant.astimezone(_zone(zone)) for zone in zones),
        key=lambda local: local.replace(tzinfo=None),  # by the clock's face, not the instant
    )
    if len(zones) == 1:
        source = " (team default)" if not contact.time_zones else ""
        return f"{clocks[0]:%a %H:%M} ({zones[0]}){source}"
    return f"{clocks[0]:%a %H:%M} to {clocks[-1]:%a %H:%M} ({len(zones)} zones)"
