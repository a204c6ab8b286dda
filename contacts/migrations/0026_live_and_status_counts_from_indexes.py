"""Counts of a team's live contacts, all of them or by lead status, read an index alone (see
contact_team_live_idx and contact_team_status_idx in contacts.models)."""

import datetime
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('companies', '0004_update_events_planned_per_statement'),
        ('contacts', '0025_search_text_index'),
        ('crm', '0011_update_events_planned_per_statement'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='contact',
            name='contact_team_status_idx',
        ),
        migrations.AddIndex(
            model_name='contact',
            index=models.Index(condition=models.Q(('lead_status__isnull', False)), fields=['team', 'lead_status', '-created_at', '-id'], include=('archived_at',), name='contact_team_status_idx'),
        ),
        migrations.AddIndex(
            model_name='contact',
            index=models.Index(condition=models.Q(('archived_at__isnull', True), ('created_at__gte', datetime.datetime(1, 1, 1, 0, 0, tzinfo=datetime.timezone.utc))), fields=['team'], name='contact_team_live_idx'),
        ),
    ]
