"""Who changed what: an event row per insert, update, archive, restore and purge of the
tracked models, written by PostgreSQL triggers (django-pghistory), so that every path (the
ORM, the importer's COPY and raw SQL, psql) is recorded.

Each event holds the whole row after the change (before it, for a purge), the trigger's
label, the time, the context (who and through what: see history.context) and the id of the
transaction that wrote it, so that a change feed can list events in commit order.

Triggers are statement-level: one INSERT ... SELECT from the statement's transition table
per statement, whatever the number of rows, which keeps an import's batches cheap.
"""

import pghistory
import pghistory.trigger
import pgtrigger
from django.db import models

from companies.models import Company
from contacts.models import Contact
from crm.models import ApiToken
from donotcall.models import DoNotCallEntry

# Labels of the events, as the API and the admin show them.
CREATE, UPDATE, ARCHIVE, RESTORE, REMOVE, PURGE = (
    "create",
    "update",
    "archive",
    "restore",
    "remove",
    "purge",
)


class CurrentTransactionId(models.Func):
    """The writing transaction's id, `pg_current_xact_id()`, as a bigint."""

    template = "(pg_current_xact_id()::text::bigint)"
    output_field = models.BigIntegerField()


class ChangeEvent(pghistory.models.Event):
    """The columns every event table has besides the tracked model's."""

    # Left out of the trigger's INSERT, so filled in by this default: the transaction that
    # wrote the event. pgh_id is a sequence, taken in the order events are written, not the
    # order their transactions commit.
    transaction_id = models.BigIntegerField(
        verbose_name="transaction", db_default=CurrentTransactionId(), editable=False
    )

    class Meta:
        abstract = True


class _UpdateEventTrigger(pghistory.trigger.Event):
    """An update event's trigger, whose join of the statement's old and new rows is planned
    for the rows at hand, as a hash join, whatever the session did before.

    PL/pgSQL plans a static statement once per session and keeps the plan, made for the
    transition tables of that first run: after a statement that changed one row or none, a
    nested loop, which an UPDATE of 3,000 contacts then ran as 9,000,000 comparisons per
    trigger (8 s). So a statement that changed several rows runs the INSERT with EXECUTE,
    planned each time (about half a millisecond), with hash joins allowed for it alone: an
    import's batches turn them off for their own statements
    (contacts.imports.loading._plan_for_index_probes), and the triggers their UPDATEs fire
    would otherwise compare every old row with every new one. A one-row statement, the API's
    and the admin's, keeps the static INSERT, whose kept plan suits it.
    """

    def get_declare(self, model):
        return [("hashjoin", "TEXT")]

    def render_func(self, model):
        insert, end = super().render_func(model).rsplit("RETURN NULL;", 1)
        insert = insert.strip().removesuffix(";")
        return (
            "IF (SELECT count(*) FROM (SELECT FROM new_values LIMIT 2) AS changed) < 2 THEN "
            f"{insert}; "
            "ELSE "
            "hashjoin := current_setting('enable_hashjoin'); "
            "PERFORM set_config('enable_hashjoin', 'on', true); "
            f"EXECUTE $event$ {insert} $event$; "
            "PERFORM set_config('enable_hashjoin', hashjoin, true); "
            f"END IF; RETURN NULL;{end}"
        )


class _UpdateEvent(pghistory.UpdateEvent):
    """pghistory's update event, with the trigger above."""

    def add_event_trigger(self, event_model):
        pgtrigger.register(
            _UpdateEventTrigger(
                event_model=event_model,
                label=self.label,
                name=self.trigger_name,
                row=self.row,
                operation=self.operation,
                condition=self.condition,
                level=self.level,
            )
        )(event_model.pgh_tracked_model)


def _changed(model, *, ignore: tuple[str, ...]) -> pgtrigger.Q:
    """Any of the model's columns but `ignore` differs between the old and the new row."""
    names = [
        field.name
        for field in model._meta.concrete_fields
        if field.name not in ignore and not isinstance(field, models.GeneratedField)
    ]
    condition = pgtrigger.Q()
    for name in names:
        condition |= pgtrigger.Q(**{f"old__{name}__df": pgtrigger.F(f"new__{name}")})
    return condition


def _set(field: str) -> pgtrigger.Q:
    """`field` goes from NULL to a value."""
    return pgtrigger.Q(**{f"old__{field}__isnull": True, f"new__{field}__isnull": False})


def _cleared(field: str) -> pgtrigger.Q:
    """`field` goes from a value to NULL."""
    return pgtrigger.Q(**{f"old__{field}__isnull": False, f"new__{field}__isnull": True})


def _trackers(model, *, ignore, lifecycle_field=None, set_label=ARCHIVE, cleared_label=RESTORE):
    """Create, update (only when a column outside `ignore` changed), purge (delete) and, for
    a model with a lifecycle column (`archived_at`, `removed_at`), the events that set it
    (`set_label`) and clear it (`cleared_label`), which are then not plain updates."""
    update = _changed(model, ignore=ignore)
    trackers = [
        pghistory.InsertEvent(CREATE),
        pghistory.DeleteEvent(PURGE),
    ]
    if lifecycle_field is None:
        trackers.append(_UpdateEvent(UPDATE, condition=update))
    else:
        set_, cleared = _set(lifecycle_field), _cleared(lifecycle_field)
        trackers += [
            _UpdateEvent(UPDATE, condition=update & ~set_ & ~cleared),
            _UpdateEvent(set_label, condition=set_),
            _UpdateEvent(cleared_label, condition=cleared),
        ]
    return trackers


def event_model(model, *, exclude=(), ignore=(), **lifecycle):
    """The abstract event model of `model`: its columns but `exclude` (derived or secret),
    its events' triggers, and an index for one record's history, newest first."""
    name = f"{model.__name__}Event"
    # Columns kept by the database or by time alone: their changes are nobody's doing.
    ignore = (*exclude, *ignore, "updated_at", "created_at")
    event = pghistory.create_event_model(
        model,
        *_trackers(model, ignore=ignore, **lifecycle),
        exclude=list(exclude) or None,
        base_model=ChangeEvent,
        model_name=name,
        app_label="history",
        # The index below serves a record's history; pghistory's own would be a second.
        obj_field=pghistory.ObjForeignKey(db_index=False),
        level=pgtrigger.Statement,
        meta={
            "verbose_name": f"{model._meta.verbose_name} event",
            "indexes": [
                models.Index(
                    fields=["pgh_obj", "-pgh_id"],
                    name=f"{model._meta.model_name[:14]}_event_obj_idx",
                )
            ],
        },
    )
    # pghistory indexes every reference (team, company, context...); nothing looks events up
    # by them, and each index would cost every import its upkeep.
    for field in event._meta.local_fields:
        if field.is_relation:
            field.db_index = False
    return event


class ContactEvent(
    event_model(
        Contact,
        # Kept by the database from the contact's own columns and the registry.
        exclude=("search_text", "time_zones", "number_on_do_not_call_list"),
        lifecycle_field="archived_at",
    )
):
    """A change to a contact."""


class CompanyEvent(event_model(Company, lifecycle_field="archived_at")):
    """A change to a company."""


class DoNotCallEntryEvent(
    event_model(
        DoNotCallEntry, lifecycle_field="removed_at", set_label=REMOVE, cleared_label=RESTORE
    )
):
    """A change to a do-not-call entry."""


class ApiTokenEvent(
    event_model(
        ApiToken,
        # Never the secret's digest; last use is bookkeeping, written by every request.
        exclude=("digest", "last_used_at"),
    )
):
    """A change to an API token."""


# The event model of each tracked model.
EVENT_MODELS = {
    Contact: ContactEvent,
    Company: CompanyEvent,
    DoNotCallEntry: DoNotCallEntryEvent,
    ApiToken: ApiTokenEvent,
}
