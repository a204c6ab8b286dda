"""The change feed's order: a number given to each transaction that writes events, at its
commit, so that the feed lists events in the order their transactions committed.

The events themselves are history's rows (history.models); these tables say which
transaction committed when, and in which order. PostgreSQL fills them (migration 0001):

- a statement-level trigger on each event table the feed reads notes the writing transaction
  in `CommittedTransaction` (one row per transaction) and the teams it wrote for in
  `TeamTransaction`;
- at commit, a deferred constraint trigger takes the next number from `FeedCounter`'s one
  row (`UPDATE ... SET value = value + 1`) and stores it in both. The counter's row stays
  locked until the transaction has committed, so numbers are given in commit order, and a
  reader whose snapshot sees number N sees every number below it.
"""

from django.db import models

from crm.models import TeamOwnedQuerySet


class CommittedTransaction(models.Model):
    """A transaction that wrote events, numbered at its commit."""

    transaction_id = models.BigIntegerField(verbose_name="transaction", primary_key=True)
    # Null only inside the writing transaction, before its commit: no reader sees that.
    sequence = models.BigIntegerField(verbose_name="sequence", null=True, unique=True)
    committed_at = models.DateTimeField(verbose_name="committed at", null=True)

    class Meta:
        verbose_name = "committed transaction"
        ordering = ["sequence"]
        indexes = [models.Index(fields=["committed_at"], name="events_committed_at_idx")]

    def __str__(self) -> str:
        return f"transaction {self.transaction_id} (#{self.sequence})"


class TeamTransaction(models.Model):
    """A team a committed transaction wrote events for: the feed pages a team's transactions
    by sequence without reading other teams'."""

    pk = models.CompositePrimaryKey("transaction_id", "team")
    transaction_id = models.BigIntegerField(verbose_name="transaction")
    # No foreign key constraint: a deferred check at every commit buys nothing here.
    team = models.ForeignKey(
        "crm.Team",
        verbose_name="team",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    sequence = models.BigIntegerField(verbose_name="sequence", null=True)

    objects = TeamOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = "team's transaction"
        ordering = ["team", "sequence"]
        indexes = [models.Index(fields=["team", "sequence"], name="events_team_sequence_idx")]

    def __str__(self) -> str:
        return f"transaction {self.transaction_id} of team {self.team_id}"


class FeedCounter(models.Model):
    """The one row holding the last sequence given, and the last one purged (a cursor at or
    below it is past retention)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    value = models.BigIntegerField(verbose_name="last sequence given", default=0)
    purged_through = models.BigIntegerField(verbose_name="purged through", default=0)

    class Meta:
        verbose_name = "feed counter"
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="feed_counter_one_row")
        ]

    def __str__(self) -> str:
        return f"feed counter at {self.value}"
