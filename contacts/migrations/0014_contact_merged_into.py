"""Contacts merged into another keep a link to it; indexes for finding possible duplicates."""

import django.db.models.deletion
import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('companies', '0003_history_triggers'),
        ('contacts', '0013_history_triggers'),
        ('crm', '0007_history_triggers'),
    ]

    operations = [
        migrations.AddField(
            model_name='contact',
            name='merged_into',
            field=models.ForeignKey(blank=True, db_index=False, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='merged_contacts', to='contacts.contact', verbose_name='merged into'),
        ),
        migrations.AddIndex(
            model_name='contact',
            index=models.Index(models.F('team'), django.db.models.functions.text.Lower('first_name'), django.db.models.functions.text.Lower('last_name'), models.F('company'), condition=models.Q(('archived_at__isnull', True), ('company__isnull', False)), include=('first_name', 'last_name'), name='contact_team_name_company_idx'),
        ),
        migrations.AddIndex(
            model_name='contact',
            index=models.Index(condition=models.Q(('merged_into__isnull', False)), fields=['merged_into'], name='contact_merged_into_idx'),
        ),
    ]
