from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CrmConfig(AppConfig):
    name = "crm"
    verbose_name = "CRM: teams and API tokens"


class CrmAdminConfig(admin_apps.AdminConfig):
    """Django's admin on a site whose autocomplete is team-scoped."""

    default = False  # named in INSTALLED_APPS; not the crm app's own config
    default_site = "crm.admin_scoping.TeamScopedAdminSite"
