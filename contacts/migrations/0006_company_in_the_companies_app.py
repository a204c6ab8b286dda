import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('companies', '0001_initial'),
        ('contacts', '0005_key_indexes_exclude_missing_keys'),
    ]

    # The foreign key now names companies.Company, the same table: nothing to do in the database.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='contact',
                    name='company',
                    field=models.ForeignKey(blank=True, db_index=False, limit_choices_to={'archived_at__isnull': True}, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='contacts', to='companies.company', verbose_name='company'),
                ),
            ],
        ),
    ]
