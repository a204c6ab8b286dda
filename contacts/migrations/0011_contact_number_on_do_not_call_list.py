"""`Contact.number_on_do_not_call_list`, and what keeps it true on every path.

- A BEFORE INSERT OR UPDATE OF team_id, phone, phone_secondary, number_on_do_not_call_list
  row trigger sets it on every write of a number, whatever writes it (the API, the admin, a
  queryset update, psql): whether either number is live on the team's registry, a probe of
  do_not_call_unique_live_number (the condition donotcall.services.NUMBERS_ON_REGISTRY
  states for set-based statements). The flag is among the columns so that a write of a stale
  value (a full save of a contact read before a registry change) is corrected. The trigger is
  skipped while the transaction-local setting `crm.numbers_checked` is on: the contacts
  importer sets it for a batch and computes the flag for the batch in one statement
  (contacts.imports.loading), a fraction of the cost of a row trigger's lookups.
- The registry's writers recheck the contacts carrying the numbers they add or remove
  (donotcall.services).
- Existing contacts get the flag from two set-based UPDATEs, before the trigger exists.
"""

import django.db.models.functions.comparison
from django.db import migrations, models

FILL = """
UPDATE contacts_contact AS c SET number_on_do_not_call_list = true
FROM donotcall_donotcallentry AS e
WHERE e.team_id = c.team_id AND e.number = c.phone AND e.removed_at IS NULL;
UPDATE contacts_contact AS c SET number_on_do_not_call_list = true
FROM donotcall_donotcallentry AS e
WHERE e.team_id = c.team_id AND e.number = c.phone_secondary AND e.removed_at IS NULL
  AND NOT c.number_on_do_not_call_list;
"""

# PL/pgSQL keeps the lookup's plan for the session; a LANGUAGE sql function with a subquery
# is not inlined and was planned again for every row (a millisecond each). One probe per
# number, each matching the whole unique index: with `number IN (phone, secondary)` and a
# registry never analysed, the kept plan probed by team alone and read the team's registry
# for every contact written.
TRIGGER = """
CREATE FUNCTION crm_contact_check_numbers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.number_on_do_not_call_list := EXISTS (
        SELECT 1 FROM donotcall_donotcallentry AS e
        WHERE e.team_id = NEW.team_id AND e.number = NEW.phone AND e.removed_at IS NULL
    ) OR (NEW.phone_secondary IS NOT NULL AND EXISTS (
        SELECT 1 FROM donotcall_donotcallentry AS e
        WHERE e.team_id = NEW.team_id AND e.number = NEW.phone_secondary
          AND e.removed_at IS NULL
    ));
    RETURN NEW;
END
$$;
CREATE TRIGGER contact_number_on_do_not_call_list
BEFORE INSERT OR UPDATE OF team_id, phone, phone_secondary, number_on_do_not_call_list
ON contacts_contact FOR EACH ROW
WHEN (current_setting('crm.numbers_checked', true) IS DISTINCT FROM 'on')
EXECUTE FUNCTION crm_contact_check_numbers();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0002_content_type_from_crm"),
        ("contacts", "0010_call_moved_to_calls_app"),
        ("crm", "0006_team_calling_rules"),
        ("donotcall", "0001_initial"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="contact",
            name="contact_team_last_called_idx",
        ),
        migrations.RemoveIndex(
            model_name="contact",
            name="contact_team_callable_zone_idx",
        ),
        migrations.AddField(
            model_name="contact",
            name="number_on_do_not_call_list",
            field=models.BooleanField(
                db_default=False,
                default=False,
                editable=False,
                verbose_name="number on the do-not-call list",
            ),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
        migrations.RunSQL(
            TRIGGER,
            "DROP TRIGGER contact_number_on_do_not_call_list ON contacts_contact;"
            " DROP FUNCTION crm_contact_check_numbers",
        ),
        migrations.AddIndex(
            model_name="contact",
            index=models.Index(
                models.F("team"),
                models.OrderBy(models.F("last_called_at"), nulls_first=True),
                models.F("id"),
                include=("archived_at",),
                name="contact_team_last_called_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="contact",
            index=models.Index(
                models.F("team"),
                django.db.models.functions.comparison.Coalesce(
                    models.F("time_zones__0"), models.Value(""), output_field=models.CharField()
                ),
                condition=models.Q(
                    ("phone__isnull", False),
                    ("do_not_call", False),
                    ("number_on_do_not_call_list", False),
                    ("archived_at__isnull", True),
                ),
                include=("time_zones", "call_count", "last_called_at"),
                name="contact_team_callable_zone_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="contact",
            index=models.Index(
                condition=models.Q(("phone__isnull", False)),
                fields=["team", "phone"],
                name="contact_team_phone_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="contact",
            index=models.Index(
                condition=models.Q(("phone_secondary__isnull", False)),
                fields=["team", "phone_secondary"],
                name="contact_team_phone2_idx",
            ),
        ),
    ]
