"""The change feed's order: committed transactions numbered at commit (see events.models).

The triggers are written here in SQL, as PostgreSQL runs them:

- `events_note_transaction`, statement-level AFTER INSERT on each event table the feed reads
  (contacts', companies' and do-not-call entries'), notes the transaction and its teams;
- `events_transaction_commits`, a deferred constraint trigger on the noted transaction, fires
  at commit in the order deferred triggers were queued: among the transaction's foreign key
  checks. It only touches the row, which queues `events_number_transaction` behind every
  deferred trigger queued so far, foreign key checks included;
- `events_number_transaction` takes the next number from the counter's row, whose lock is
  held until the commit has finished.

Taking the counter last matters: a foreign key check run while the counter is held could wait
for a row another transaction has locked FOR UPDATE, while that one waits for the counter at
its own commit, a deadlock. After the checks, the transaction holding the counter waits for
nothing but its commit record.

Events written before this migration are numbered in transaction-id order (they are all
committed, so any order is a valid one) and the counter starts after them.
"""

import django.db.models.deletion
from django.db import migrations, models

# The event tables the feed reads (events.selectors.KINDS).
EVENT_TABLES = ("history_companyevent", "history_contactevent", "history_donotcallentryevent")

_EVENTS = "\n    UNION ALL ".join(
    f"SELECT transaction_id, team_id, pgh_created_at FROM {table}" for table in EVENT_TABLES
)

FEED_ORDER_SQL = [
    "INSERT INTO events_feedcounter (id, value, purged_through) VALUES (1, 0, 0)",
    # Events already written, numbered before any trigger exists.
    f"""
    INSERT INTO events_committedtransaction (transaction_id, sequence, committed_at)
    SELECT transaction_id, row_number() OVER (ORDER BY transaction_id), max(pgh_created_at)
    FROM ({_EVENTS}) AS event
    GROUP BY transaction_id
    """,
    f"""
    INSERT INTO events_teamtransaction (transaction_id, team_id, sequence)
    SELECT DISTINCT event.transaction_id, event.team_id, committed.sequence
    FROM ({_EVENTS}) AS event
    JOIN events_committedtransaction AS committed USING (transaction_id)
    """,
    "UPDATE events_feedcounter SET value = (SELECT count(*) FROM events_committedtransaction)",
    """
    CREATE FUNCTION events_note_transaction() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        writer bigint := pg_current_xact_id()::text::bigint;
    BEGIN
        IF NOT EXISTS (SELECT FROM new_events) THEN
            RETURN NULL;  -- a statement that wrote no event asks for no number
        END IF;
        INSERT INTO events_committedtransaction (transaction_id) VALUES (writer)
            ON CONFLICT DO NOTHING;
        INSERT INTO events_teamtransaction (transaction_id, team_id)
            SELECT DISTINCT writer, team_id FROM new_events
            ON CONFLICT DO NOTHING;
        RETURN NULL;
    END $$
    """,
    """
    CREATE FUNCTION events_transaction_commits() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        -- Touching the row queues events_number_transaction after every deferred trigger
        -- queued so far.
        UPDATE events_committedtransaction SET sequence = NULL
            WHERE transaction_id = NEW.transaction_id;
        RETURN NULL;
    END $$
    """,
    """
    CREATE FUNCTION events_number_transaction() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        number bigint;
    BEGIN
        -- Locks the counter until this transaction has committed: the next one waits here.
        -- (An upsert, so that a table emptied by TRUNCATE starts again at 1.)
        INSERT INTO events_feedcounter AS counter (id, value, purged_through) VALUES (1, 1, 0)
            ON CONFLICT (id) DO UPDATE SET value = counter.value + 1
            RETURNING value INTO number;
        UPDATE events_committedtransaction SET sequence = number, committed_at = clock_timestamp()
            WHERE transaction_id = NEW.transaction_id;
        UPDATE events_teamtransaction SET sequence = number
            WHERE transaction_id = NEW.transaction_id;
        RETURN NULL;
    END $$
    """,
    """
    CREATE CONSTRAINT TRIGGER events_transaction_commits
        AFTER INSERT ON events_committedtransaction
        DEFERRABLE INITIALLY DEFERRED
        FOR EACH ROW EXECUTE FUNCTION events_transaction_commits()
    """,
    """
    CREATE CONSTRAINT TRIGGER events_number_transaction
        AFTER UPDATE ON events_committedtransaction
        DEFERRABLE INITIALLY DEFERRED
        FOR EACH ROW WHEN (NEW.sequence IS NULL)
        EXECUTE FUNCTION events_number_transaction()
    """,
    *(
        f"""
        CREATE TRIGGER events_note_transaction AFTER INSERT ON {table}
            REFERENCING NEW TABLE AS new_events
            FOR EACH STATEMENT EXECUTE FUNCTION events_note_transaction()
        """
        for table in EVENT_TABLES
    ),
    # A page reads one transaction's events of one table from here, in event order.
    *(
        f"CREATE INDEX {table.removeprefix('history_')}_feed_idx "
        f"ON {table} (transaction_id, pgh_id)"
        for table in EVENT_TABLES
    ),
]

REMOVE_FEED_ORDER_SQL = [
    *(f"DROP INDEX {table.removeprefix('history_')}_feed_idx" for table in EVENT_TABLES),
    *(f"DROP TRIGGER events_note_transaction ON {table}" for table in EVENT_TABLES),
    "DROP TRIGGER events_number_transaction ON events_committedtransaction",
    "DROP TRIGGER events_transaction_commits ON events_committedtransaction",
    "DROP FUNCTION events_number_transaction()",
    "DROP FUNCTION events_transaction_commits()",
    "DROP FUNCTION events_note_transaction()",
]


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('crm', '0007_history_triggers'),
        ('history', '0001_events'),
    ]

    operations = [
        migrations.CreateModel(
            name='CommittedTransaction',
            fields=[
                ('transaction_id', models.BigIntegerField(primary_key=True, serialize=False, verbose_name='transaction')),
                ('sequence', models.BigIntegerField(null=True, unique=True, verbose_name='sequence')),
                ('committed_at', models.DateTimeField(null=True, verbose_name='committed at')),
            ],
            options={
                'verbose_name': 'committed transaction',
                'ordering': ['sequence'],
                'indexes': [models.Index(fields=['committed_at'], name='events_committed_at_idx')],
            },
        ),
        migrations.CreateModel(
            name='FeedCounter',
            fields=[
                ('id', models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False)),
                ('value', models.BigIntegerField(default=0, verbose_name='last sequence given')),
                ('purged_through', models.BigIntegerField(default=0, verbose_name='purged through')),
            ],
            options={
                'verbose_name': 'feed counter',
                'constraints': [models.CheckConstraint(condition=models.Q(('id', 1)), name='feed_counter_one_row')],
            },
        ),
        migrations.CreateModel(
            name='TeamTransaction',
            fields=[
                ('pk', models.CompositePrimaryKey('transaction_id', 'team', blank=True, editable=False, primary_key=True, serialize=False)),
                ('transaction_id', models.BigIntegerField(verbose_name='transaction')),
                ('sequence', models.BigIntegerField(null=True, verbose_name='sequence')),
                ('team', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='crm.team', verbose_name='team')),
            ],
            options={
                'verbose_name': "team's transaction",
                'ordering': ['team', 'sequence'],
                'indexes': [models.Index(fields=['team', 'sequence'], name='events_team_sequence_idx')],
            },
        ),
        migrations.RunSQL(sql=FEED_ORDER_SQL, reverse_sql=REMOVE_FEED_ORDER_SQL),
    ]
