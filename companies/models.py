from django.db import models
from django.db.models.functions import Lower

from companies.rules import DOMAIN_MAX_LENGTH
from crm.models import ArchivableModel, TeamOwnedModel


class Company(TeamOwnedModel, ArchivableModel):
    """An organisation that a team's contacts work for."""

    id_prefix = "comp"

    name = models.CharField(verbose_name="name", max_length=200)
    domain = models.CharField(
        verbose_name="domain", max_length=DOMAIN_MAX_LENGTH, null=True, blank=True
    )
    created_at = models.DateTimeField(verbose_name="created at", auto_now_add=True)
    updated_at = models.DateTimeField(verbose_name="updated at", auto_now=True)

    class Meta:
        db_table = "crm_company"  # its table since before the companies app: kept, not copied
        verbose_name = "company"
        verbose_name_plural = "companies"
        ordering = ["-created_at", "-id"]
        constraints = [
            # Importers match companies by name, so one name means one live company per team.
            models.UniqueConstraint(
                "team",
                Lower("name"),
                condition=models.Q(archived_at__isnull=True),
                name="company_unique_name_per_team",
            ),
            # Target of the contact -> (company, team) foreign key: see contacts migration 0001.
            models.UniqueConstraint(fields=["id", "team"], name="company_unique_id_team"),
        ]
        indexes = [
            models.Index(fields=["team", "-created_at", "-id"], name="company_team_newest_idx"),
        ]

    def __str__(self) -> str:
        return self.name
