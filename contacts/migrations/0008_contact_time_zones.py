import django.contrib.postgres.fields
import django.db.models.functions.comparison
from django.db import migrations, models


def fill_time_zones(apps, schema_editor):
    """Existing contacts get the zone set every later save keeps."""
    from contacts.windows import contact_time_zones

    Contact = apps.get_model("contacts", "Contact")
    contacts = Contact.objects.filter(models.Q(timezone__isnull=False) | models.Q(phone__isnull=False))
    batch = []
    for contact in contacts.only("id", "timezone", "phone").iterator(chunk_size=2000):
        contact.time_zones = contact_time_zones(contact.timezone, contact.phone)
        batch.append(contact)
        if len(batch) == 2000:
            Contact.objects.bulk_update(batch, ["time_zones"])
            batch = []
    Contact.objects.bulk_update(batch, ["time_zones"])


class Migration(migrations.Migration):

    dependencies = [
        ('companies', '0002_content_type_from_crm'),
        ('contacts', '0007_call_team_indexes'),
        ('crm', '0006_team_calling_rules'),
    ]

    operations = [
        migrations.AddField(
            model_name='contact',
            name='time_zones',
            field=django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=64), blank=True, db_default=[], default=list, editable=False, size=None, verbose_name='local time zones'),
        ),
        migrations.RunPython(fill_time_zones, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name='contact',
            index=models.Index(condition=models.Q(('last_called_at__isnull', False)), fields=['team', 'last_called_at', 'id'], name='contact_team_last_called_idx'),
        ),
        migrations.AddIndex(
            model_name='contact',
            index=models.Index(models.F('team'), django.db.models.functions.comparison.Coalesce(models.F('time_zones__0'), models.Value(''), output_field=models.CharField()), condition=models.Q(('archived_at__isnull', True), ('do_not_call', False), ('phone__isnull', False)), name='contact_team_callable_zone_idx'),
        ),
        migrations.AddIndex(
            model_name='contact',
            index=models.Index(condition=models.Q(('last_called_at__isnull', True)), fields=['team', '-created_at', '-id'], name='contact_team_never_called_idx'),
        ),
    ]
