"""Writes for calls: recording a finished call, with all it changes on its contact.

Callers pass values already checked by the call rules (the API serializer and the admin's
call form do).
"""

from datetime import datetime

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction

from calls.models import Call
from contacts import rules
from contacts.models import Contact
from contacts.services import locked_live_contact, merged_custom_fields
from donotcall import services as do_not_call
from donotcall.models import Source

# Keys of a call's extracted fields that say the person asked not to be called (both
# spellings extractors use); a signal, never stored as a custom field.
DO_NOT_CALL_SIGNALS = ("doNotCall", "do_not_call")


def record_call(
    contact: Contact,
    *,
    extracted_fields: dict,
    lead_status=None,
    token=None,
    user=None,
    **call,
) -> Call:
    """Store a finished call and apply what it taught us, all or nothing.

    `extracted_fields` are merged into the contact's custom fields like a PATCH
    (a null removes a key); `lead_status`, when given, becomes the contact's.
    `phone_number` (the number dialled) defaults to the contact's phone. An opt-out (outcome
    `opted_out`, or `doNotCall`/`do_not_call` true among the extracted fields) flags the
    contact do-not-call and puts the dialled number on the team's registry, linked to the
    call and to who recorded it (`token` or staff `user`).
    """
    signal = _do_not_call_signal(extracted_fields)
    opted_out = signal or call["outcome"] == rules.CallOutcome.OPTED_OUT
    learned = {k: v for k, v in extracted_fields.items() if k not in DO_NOT_CALL_SIGNALS}
    with transaction.atomic():
        if opted_out:
            do_not_call.lock_team_numbers(contact.team_id, to_register=True)
        contact = locked_live_contact(contact)
        merged = merged_custom_fields(contact.custom_fields, learned, field="extracted_fields")
        if call.get("phone_number") is None:
            call["phone_number"] = contact.phone or contact.phone_secondary
        recorded = Call.objects.create(
            team_id=contact.team_id,
            contact=contact,
            extracted_fields=extracted_fields,
            lead_status=lead_status,
            **call,
        )
        # The contact's and the registry's history name the call that changed them.
        pghistory.context(call=recorded.public_id)
        contact.custom_fields = merged
        if lead_status:
            contact.lead_status = lead_status
        if opted_out:
            contact.do_not_call = True
            do_not_call.register_numbers(
                team=contact.team_id,
                numbers=[recorded.phone_number],
                source=Source.CALL,
                reason="Opted out on a call.",
                call=recorded,
                contact=contact,
                token=token,
                user=user,
            )
        contact.call_count += 1
        started_at: datetime = call["started_at"]
        if contact.last_called_at is None or started_at > contact.last_called_at:
            contact.last_called_at = started_at
        contact.save(
            update_fields=[
                "custom_fields",
                "lead_status",
                "do_not_call",
                "call_count",
                "last_called_at",
                "updated_at",
            ]
        )
    return recorded


def _do_not_call_signal(extracted_fields: dict) -> bool:
    """Whether the extracted fields say the person asked not to be called."""
    signal = False
    for key in DO_NOT_CALL_SIGNALS:
        value = extracted_fields.get(key)
        if value is not None and not isinstance(value, bool):
            raise ValidationError(
                {f"extracted_fields.{key}": ["Must be true or false (the do-not-call signal)."]}
            )
        signal = signal or value is True
    return signal
