"""Possible duplicates: groups of a team's live contacts that share a phone, or a name
(ignoring case) and a company. Read by the API (`GET /api/crm/contacts/duplicates`), the
admin's duplicates page and its warning after a save (duplicates_of, by the same keys), and
settled by a merge (contacts.merge).

Email is not a kind: live contacts of a team never share one, ignoring case
(`contact_unique_live_email` refuses the second with a 409 naming the first), so grouping by
it would read the team's every row to find nothing.

Each kind groups by its key in the order of an index that leads with `team_id` and holds only
the rows it groups (`contact_team_live_phone_idx`, `contact_team_name_company_idx`), read
alone (an index-only scan once the table is vacuumed). A request groups once: the keys of
every group, then its page's contacts by their keys.
"""

from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import connection

from contacts.models import Contact

KINDS = ("phone", "name")


class _Key(NamedTuple):
    columns: tuple[str, ...]  # SQL, the indexes' own expressions, so the planner matches them
    condition: str  # the rows it groups
    fields: frozenset[str]  # the model fields the columns are made of


_KEYS = {
    "phone": _Key(("phone",), "phone IS NOT NULL", frozenset({"phone"})),
    "name": _Key(
        ("lower(first_name)", "lower(last_name)", "company_id"),
        "company_id IS NOT NULL",
        frozenset({"first_name", "last_name", "company"}),
    ),
}
# A change to one of these may put a contact in a group.
KEY_FIELDS = frozenset().union(*(key.fields for key in _KEYS.values()))


@dataclass
class DuplicateGroup:
    """Live contacts of one team that share a key, oldest first."""

    team_id: object
    kind: str  # phone or name
    key: tuple  # the shared values: (phone, None, None) or (first, last, company ID)
    size: int
    contacts: list[Contact] = field(default_factory=list)

    @property
    def value(self) -> str:
        """The shared value as people read it: the phone, or "first last" lower-cased."""
        return " ".join(self.key[:2]) if self.kind == "name" else self.key[0]

    @property
    def company_id(self):
        return self.key[2] if self.kind == "name" else None


class DuplicateGroups:
    """The groups of the given teams (None: every team), of one kind or of all, by kind then
    key. Sliced and counted like a queryset, so that the API's and the admin's paginators
    page it; a slice loads its groups' contacts in one query."""

    def __init__(self, *, team_ids=None, kind: str | None = None, contacts=None):
        if kind is not None and kind not in KINDS:
            raise ValueError(f"unknown kind {kind}")
        self.team_ids = None if team_ids is None else list(team_ids)
        self.kinds = (kind,) if kind else KINDS
        # The contacts shown in each group (a queryset of Contact, e.g. annotated for the API).
        self.contacts = contacts if contacts is not None else Contact.objects.all()

    def count(self) -> int:
        return len(self._keys())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        groups = [
            DuplicateGroup(team_id=team_id, kind=kind, key=(k1, k2, k3), size=size)
            for team_id, kind, k1, k2, k3, size in self._keys()[index]
        ]
        self._attach_contacts(groups)
        return groups

    def _keys(self) -> list[tuple]:
        """Every group's team, kind, key and size, in order: read once, then paged in memory
        (a team has far fewer groups than contacts)."""
        if not hasattr(self, "_all_keys"):
            sql, params = self._groups_sql()
            with connection.cursor() as cursor:
                cursor.execute(f"{sql} ORDER BY kind_rank, team_id, k1, k2, k3", params)
                self._all_keys = [row[1:] for row in cursor.fetchall()]
        return self._all_keys

    def _groups_sql(self) -> tuple[str, list]:
        parts, params = [], []
        for rank, kind in enumerate(KINDS):
            if kind not in self.kinds:
                continue
            columns, condition, _ = _KEYS[kind]
            team_condition = ""
            if self.team_ids is not None:
                team_condition = "team_id = ANY(%s::uuid[]) AND "
                params.append(self.team_ids)
            keys = ", ".join(columns)
            # As text, padded to three columns, so that the kinds stack.
            k1, k2, k3 = [f"({column})::text" for column in columns] + ["NULL::text"] * (
                3 - len(columns)
            )
            parts.append(
                f"SELECT {rank} AS kind_rank, team_id, '{kind}' AS kind,"
                f" {k1} AS k1, {k2} AS k2, {k3} AS k3, count(*) AS n"
                f" FROM contacts_contact"
                f" WHERE {team_condition}archived_at IS NULL AND {condition}"
                f" GROUP BY team_id, {keys} HAVING count(*) > 1"
            )
        return " UNION ALL ".join(parts), params

    def _attach_contacts(self, groups: list[DuplicateGroup]) -> None:
        """Each group's contacts, oldest first: one query for the page's IDs, one for them."""
        if not groups:
            return
        selects, params = [], []
        for position, group in enumerate(groups):
            columns, condition, _ = _KEYS[group.kind]
            matched = [f"({column})::text = %s" for column in columns]
            selects.append(
                f"SELECT {position} AS position, id FROM contacts_contact"
                f" WHERE team_id = %s AND archived_at IS NULL AND {condition}"
                f" AND {' AND '.join(matched)}"
            )
            params += [group.team_id, *group.key[: len(columns)]]
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(selects), params)
            members = cursor.fetchall()
        contacts = self.contacts.in_bulk({contact_id for _, contact_id in members})
        for position, contact_id in members:
            if contact_id in contacts:
                groups[position].contacts.append(contacts[contact_id])
        for group in groups:
            group.contacts.sort(key=lambda contact: (contact.created_at, contact.pk))


@dataclass
class PossibleDuplicate:
    contact: Contact
    kind: str  # of the first group (in KINDS' order) the two would share


def duplicates_of(contact: Contact, *, limit: int = 5) -> list[PossibleDuplicate]:
    """Up to `limit` other live contacts of the saved contact's team that would share a
    group with it (by the keys the groups are made of, _KEYS), oldest first."""
    selects, params = [], []
    for rank, kind in enumerate(KINDS):
        columns, condition, _ = _KEYS[kind]
        keys = ", ".join(columns)
        # ROW(...) = (SELECT ...): the contact's own key, null (no match) when it has none.
        selects.append(
            f"SELECT id, created_at, {rank} AS kind_rank FROM contacts_contact"
            f" WHERE team_id = %s AND archived_at IS NULL AND {condition} AND id <> %s"
            f" AND ROW({keys}) = (SELECT {keys} FROM contacts_contact WHERE id = %s"
            f" AND {condition})"
        )
        params += [contact.team_id, contact.pk, contact.pk]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, min(kind_rank) FROM ({' UNION ALL '.join(selects)}) AS matches"
            " GROUP BY id, created_at ORDER BY created_at, id LIMIT %s",
            [*params, limit],
        )
        matches = cursor.fetchall()
    contacts = Contact.objects.select_related("company").in_bulk([pk for pk, _ in matches])
    # One deleted meanwhile is left out.
    return [PossibleDuplicate(contacts[pk], KINDS[rank]) for pk, rank in matches if pk in contacts]
