from django.db import migrations


def rename_content_type(apps, schema_editor, *, old: str, new: str):
    """Call's content type row, renamed to its app: the admin's history (LogEntry) and the
    permissions granted on calls point at that row, so they carry over as they are.

    A row for the new app that already exists came from a migrate that stopped before this
    one (post_migrate makes it): nothing can point at it but its fresh permissions, so it
    makes way for the old row.
    """
    ContentType = apps.get_model('contenttypes', 'ContentType')
    content_types = ContentType.objects.using(schema_editor.connection.alias)
    if not content_types.filter(app_label=old, model='call').exists():
        return  # a new database: post_migrate makes the row later
    content_types.filter(app_label=new, model='call').delete()
    content_types.filter(app_label=old, model='call').update(app_label=new)
    ContentType.objects.clear_cache()


def from_contacts(apps, schema_editor):
    rename_content_type(apps, schema_editor, old='contacts', new='calls')


def back_to_contacts(apps, schema_editor):
    rename_content_type(apps, schema_editor, old='calls', new='contacts')


class Migration(migrations.Migration):

    dependencies = [
        ('calls', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.RunPython(from_contacts, back_to_contacts),
    ]
