from django.apps import AppConfig


class DoNotCallConfig(AppConfig):
    name = "donotcall"
    verbose_name = "Do not call"
