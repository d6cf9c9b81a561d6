from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "luoshi.org"
    label = "org"
    verbose_name = "单位与人员"

    def ready(self):
        from . import lockout, sessions, twofactor  # noqa: F401  (connect their signal receivers)
