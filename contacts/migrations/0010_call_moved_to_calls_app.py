from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('contacts', '0009_call_number_dialled_opted_out'),
        ('donotcall', '0002_call_in_the_calls_app'),
    ]

    # Call lives on in the calls app, over the same table (calls 0001): the contacts app
    # forgets it without dropping anything.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name='Call',
                ),
            ],
        ),
    ]
