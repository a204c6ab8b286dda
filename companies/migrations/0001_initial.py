import crm.ids
import django.db.models.deletion
import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('crm', '0004_rate_limits'),
    ]

    # Company moved here from the crm app with its table, crm_company: only Django's picture of
    # the models changes, the database is left as it is.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Company',
                    fields=[
                        ('id', models.UUIDField(default=crm.ids.uuid7, editable=False, primary_key=True, serialize=False)),
                        ('archived_at', models.DateTimeField(blank=True, null=True, verbose_name='archived at')),
                        ('name', models.CharField(max_length=200, verbose_name='name')),
                        ('domain', models.CharField(blank=True, max_length=253, null=True, verbose_name='domain')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('team', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='companies', to='crm.team', verbose_name='team')),
                    ],
                    options={
                        'verbose_name': 'company',
                        'verbose_name_plural': 'companies',
                        'db_table': 'crm_company',
                        'ordering': ['-created_at', '-id'],
                        'indexes': [models.Index(fields=['team', '-created_at', '-id'], name='company_team_newest_idx')],
                        'constraints': [models.UniqueConstraint(models.F('team'), django.db.models.functions.text.Lower('name'), condition=models.Q(('archived_at__isnull', True)), name='company_unique_name_per_team'), models.UniqueConstraint(fields=('id', 'team'), name='company_unique_id_team')],
                    },
                ),
            ],
        ),
    ]
