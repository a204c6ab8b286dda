from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.backends.signals import connection_created


class CrmConfig(AppConfig):
    name = "crm"
    verbose_name = "CRM: teams and API tokens"

    def ready(self):
        from crm.database_types import use_c_instant_parser

        connection_created.connect(use_c_instant_parser, dispatch_uid="crm.c_instant_parser")


class CrmAdminConfig(admin_apps.AdminConfig):
    """Django's admin on a site whose autocomplete is team-scoped."""

    default = False  # named in INSTALLED_APPS; not the crm app's own config
    default_site = "crm.admin_scoping.TeamScopedAdminSite"
