"""The count of a search word shorter than a trigram reads the team's search texts from an
index rather than the team's rows (see contact_team_search_text_idx in contacts.models)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0004_update_events_planned_per_statement"),
        ("contacts", "0024_contact_team_name_idx"),
        ("crm", "0011_update_events_planned_per_statement"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="contact",
            index=models.Index(
                condition=models.Q(("archived_at__isnull", True), ("search_text__gte", "")),
                fields=["team"],
                include=("search_text",),
                name="contact_team_search_text_idx",
            ),
        ),
    ]
