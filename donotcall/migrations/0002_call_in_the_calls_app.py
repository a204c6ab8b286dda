import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('calls', '0001_initial'),
        ('donotcall', '0001_initial'),
    ]

    # The foreign key now names calls.Call, the same table: nothing to do in the database.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='donotcallentry',
                    name='call',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='do_not_call_entries', to='calls.call', verbose_name='from call'),
                ),
            ],
        ),
    ]
