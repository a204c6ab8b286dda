from django.db import migrations


def rename_content_type(apps, schema_editor, *, old: str, new: str):
    """Company's content type row, renamed to its app: the admin's history (LogEntry) and the
    permissions granted on companies point at that row, so they carry over as they are.

    A row for the new app that already exists came from a migrate that stopped before this
    one (post_migrate makes it): nothing can point at it but its fresh permissions, so it
    makes way for the old row.
    """
    ContentType = apps.get_model('contenttypes', 'ContentType')
    content_types = ContentType.objects.using(schema_editor.connection.alias)
    if not content_types.filter(app_label=old, model='company').exists():
        return  # a new database: post_migrate makes the row later
    content_types.filter(app_label=new, model='company').delete()
    content_types.filter(app_label=old, model='company').update(app_label=new)
    ContentType.objects.clear_cache()


def from_crm(apps, schema_editor):
    rename_content_type(apps, schema_editor, old='crm', new='companies')


def back_to_crm(apps, schema_editor):
    rename_content_type(apps, schema_editor, old='companies', new='crm')


class Migration(migrations.Migration):

    dependencies = [
        ('companies', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.RunPython(from_crm, back_to_crm),
    ]
