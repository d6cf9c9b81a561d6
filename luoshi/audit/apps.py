from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "luoshi.audit"
    label = "audit"
    verbose_name = "审计记录"

    def ready(self):
        from . import signals  # noqa: F401  (connects the sign-in receivers)
