import crm.ids
import django.db.models.deletion
import phonenumber_field.modelfields
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contacts', '0009_call_number_dialled_opted_out'),
        ('crm', '0006_team_calling_rules'),
    ]

    # Call moved here from the contacts app with its table, contacts_call (its indexes, its
    # constraints and the call_contact_same_team foreign key keep their names): only Django's
    # picture of the models changes, the database is left as it is.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Call',
                    fields=[
                        ('id', models.UUIDField(default=crm.ids.uuid7, editable=False, primary_key=True, serialize=False)),
                        ('campaign_id', models.CharField(max_length=200, verbose_name='campaign ID')),
                        ('phone_number', phonenumber_field.modelfields.PhoneNumberField(blank=True, max_length=128, null=True, region=None, verbose_name='number dialled')),
                        ('started_at', models.DateTimeField(verbose_name='started at')),
                        ('duration_seconds', models.PositiveIntegerField(verbose_name='duration (seconds)')),
                        ('outcome', models.CharField(choices=[('answered', 'Answered'), ('voicemail', 'Voicemail'), ('no_answer', 'No answer'), ('busy', 'Busy'), ('failed', 'Failed'), ('opted_out', 'Opted out')], max_length=20, verbose_name='outcome')),
                        ('summary', models.TextField(blank=True, max_length=20000, null=True, verbose_name='summary')),
                        ('extracted_fields', models.JSONField(blank=True, default=dict, verbose_name='extracted fields')),
                        ('lead_status', models.CharField(blank=True, choices=[('new', 'New'), ('contacted', 'Contacted'), ('qualified', 'Qualified'), ('unqualified', 'Unqualified'), ('converted', 'Converted')], max_length=20, null=True, verbose_name='lead status set')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='recorded at')),
                        ('contact', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='calls', to='contacts.contact', verbose_name='contact')),
                        ('team', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='calls', to='crm.team', verbose_name='team')),
                    ],
                    options={
                        'verbose_name': 'call',
                        'db_table': 'contacts_call',
                        'ordering': ['-started_at', '-id'],
                        'indexes': [models.Index(fields=['contact', '-started_at', '-id'], name='call_contact_newest_idx'), models.Index(fields=['team', '-started_at', '-id'], name='call_team_newest_idx'), models.Index(fields=['team', 'campaign_id', '-started_at', '-id'], name='call_team_campaign_idx')],
                        'constraints': [models.CheckConstraint(condition=models.Q(('outcome__in', ['answered', 'voicemail', 'no_answer', 'busy', 'failed', 'opted_out'])), name='call_outcome_valid')],
                    },
                ),
            ],
        ),
    ]
