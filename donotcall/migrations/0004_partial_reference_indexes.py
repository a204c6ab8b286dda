import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


# The indexes Django made for the foreign keys (db_index), by the names it gave them.
WHOLE_COLUMN_INDEXES = {
    "added_by_token_id": "donotcall_donotcallentry_added_by_token_id_7e66a203",
    "added_by_user_id": "donotcall_donotcallentry_added_by_user_id_b6817fd7",
    "call_id": "donotcall_donotcallentry_call_id_6da170d1",
    "contact_id": "donotcall_donotcallentry_contact_id_43a81aaf",
    "removed_by_token_id": "donotcall_donotcallentry_removed_by_token_id_8a6e60c9",
    "removed_by_user_id": "donotcall_donotcallentry_removed_by_user_id_3813a6de",
}


class Migration(migrations.Migration):
    dependencies = [
        ("donotcall", "0003_history_triggers"),
    ]

    # The columns keep their foreign keys; only their whole-column indexes are replaced by
    # partial ones (AddIndex below). AlterField alone would drop and re-add every foreign
    # key, checking the whole table again six times.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="donotcallentry",
                    name="added_by_token",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="crm.apitoken",
                        verbose_name="added by API token",
                    ),
                ),
                migrations.AlterField(
                    model_name="donotcallentry",
                    name="added_by_user",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="added by",
                    ),
                ),
                migrations.AlterField(
                    model_name="donotcallentry",
                    name="call",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="do_not_call_entries",
                        to="calls.call",
                        verbose_name="from call",
                    ),
                ),
                migrations.AlterField(
                    model_name="donotcallentry",
                    name="contact",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="do_not_call_entries",
                        to="contacts.contact",
                        verbose_name="from contact",
                    ),
                ),
                migrations.AlterField(
                    model_name="donotcallentry",
                    name="removed_by_token",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="crm.apitoken",
                        verbose_name="removed by API token",
                    ),
                ),
                migrations.AlterField(
                    model_name="donotcallentry",
                    name="removed_by_user",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="removed by",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    sql=f"DROP INDEX IF EXISTS {name}",
                    reverse_sql=f"CREATE INDEX {name} ON donotcall_donotcallentry ({column})",
                )
                for column, name in WHOLE_COLUMN_INDEXES.items()
            ],
        ),
        migrations.AddIndex(
            model_name="donotcallentry",
            index=models.Index(
                condition=models.Q(("added_by_token__isnull", False)),
                fields=["added_by_token"],
                name="do_not_call_added_token_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="donotcallentry",
            index=models.Index(
                condition=models.Q(("added_by_user__isnull", False)),
                fields=["added_by_user"],
                name="do_not_call_added_user_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="donotcallentry",
            index=models.Index(
                condition=models.Q(("call__isnull", False)),
                fields=["call"],
                name="do_not_call_call_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="donotcallentry",
            index=models.Index(
                condition=models.Q(("contact__isnull", False)),
                fields=["contact"],
                name="do_not_call_contact_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="donotcallentry",
            index=models.Index(
                condition=models.Q(("removed_by_token__isnull", False)),
                fields=["removed_by_token"],
                name="do_not_call_removed_token_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="donotcallentry",
            index=models.Index(
                condition=models.Q(("removed_by_user__isnull", False)),
                fields=["removed_by_user"],
                name="do_not_call_removed_user_idx",
            ),
        ),
    ]
