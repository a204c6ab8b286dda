from django.db import models
from phonenumber_field.modelfields import PhoneNumberField

from contacts.models import Contact
from contacts.rules import CallOutcome, LeadStatus
from crm.models import SameTeamForeignKey, TeamOwnedModel

# What a caller says about a finished call (the API's body, the admin's form), in the API's
# order; a response adds the call's ID, contact and when it was recorded.
CALL_FIELDS = [
    "campaign_id",
    "phone_number",
    "started_at",
    "duration_seconds",
    "outcome",
    "summary",
    "extracted_fields",
    "lead_status",
]


class Call(TeamOwnedModel):
    """A finished campaign call to a contact, with what the AI extracted from it."""

    id_prefix = "call"

    contact = SameTeamForeignKey(
        Contact,
        verbose_name="contact",
        on_delete=models.CASCADE,  # purging a contact purges its history
        related_name="calls",
        db_index=False,  # call_contact_newest_idx leads with contact_id
    )
    campaign_id = models.CharField(verbose_name="campaign ID", max_length=200)
    # Null for calls recorded before the number dialled was kept.
    phone_number = PhoneNumberField(verbose_name="number dialled", null=True, blank=True)
    started_at = models.DateTimeField(verbose_name="started at")
    duration_seconds = models.PositiveIntegerField(verbose_name="duration (seconds)")
    outcome = models.CharField(verbose_name="outcome", max_length=20, choices=CallOutcome.choices)
    summary = models.TextField(verbose_name="summary", max_length=20_000, null=True, blank=True)
    extracted_fields = models.JSONField(verbose_name="extracted fields", default=dict, blank=True)
    lead_status = models.CharField(
        verbose_name="lead status set",
        max_length=20,
        choices=LeadStatus.choices,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(verbose_name="recorded at", auto_now_add=True)

    class Meta:
        verbose_name = "call"
        # The table keeps the name it had in the contacts app (see calls migration 0001).
        db_table = "contacts_call"
        ordering = ["-started_at", "-id"]
        indexes = [
            models.Index(fields=["contact", "-started_at", "-id"], name="call_contact_newest_idx"),
            # The team's calls, newest first (GET /api/crm/calls), and the date filters.
            models.Index(fields=["team", "-started_at", "-id"], name="call_team_newest_idx"),
            models.Index(
                fields=["team", "campaign_id", "-started_at", "-id"],
                name="call_team_campaign_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome__in=CallOutcome.values), name="call_outcome_valid"
            ),
            # What a composite foreign key (call_id, team_id) refers to (sharding by team).
            models.UniqueConstraint(fields=["id", "team"], name="call_unique_id_team"),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} call at {self.started_at:%Y-%m-%d %H:%M}"
