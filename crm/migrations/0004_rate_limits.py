import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("crm", "0003_memberships"),
    ]

    operations = [
        migrations.CreateModel(
            name="RateLimitCounter",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "key",
                        "window_start",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("key", models.CharField(max_length=100, verbose_name="key")),
                ("window_start", models.DateTimeField(verbose_name="window start")),
                ("hits", models.PositiveIntegerField(verbose_name="hits")),
            ],
            options={
                "verbose_name": "rate-limit counter",
                "ordering": ["key", "window_start"],
            },
        ),
        # Counters need no crash safety: skipping the write-ahead log makes each hit cheaper.
        migrations.RunSQL(
            "ALTER TABLE crm_ratelimitcounter SET UNLOGGED",
            reverse_sql="ALTER TABLE crm_ratelimitcounter SET LOGGED",
        ),
        migrations.AddField(
            model_name="team",
            name="api_rate_limit",
            field=models.PositiveIntegerField(
                blank=True,
                help_text="Empty: the default (the API_RATE_LIMIT_PER_MINUTE setting).",
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(1000000),
                ],
                verbose_name="API requests per minute, per token",
            ),
        ),
    ]
