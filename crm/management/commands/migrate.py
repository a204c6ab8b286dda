from django.core.management.commands import migrate

from crm.management.base import CrmCommand


class Command(CrmCommand, migrate.Command):
    """Django's migrate, whose failures an operator meets (a database that is down, as
    `bin/serve` starts with it) end in one line and an exit status, as every command's."""
