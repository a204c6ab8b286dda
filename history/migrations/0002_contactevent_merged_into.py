"""Contact events keep merged_into, as contacts do."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('contacts', '0014_contact_merged_into'),
        ('history', '0001_events'),
    ]

    operations = [
        migrations.AddField(
            model_name='contactevent',
            name='merged_into',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='contacts.contact', verbose_name='merged into'),
        ),
    ]
