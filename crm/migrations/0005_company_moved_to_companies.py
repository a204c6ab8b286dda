from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('contacts', '0006_company_in_the_companies_app'),
        ('crm', '0004_rate_limits'),
    ]

    # Company lives on in the companies app, over the same table (companies 0001): the crm app
    # forgets it without dropping anything.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name='Company',
                ),
            ],
        ),
    ]
