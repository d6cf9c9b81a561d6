from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "luoshi.org"
    label = "org"
    verbose_name = "单位与人员"

    def ready(self):
        from . import lockout  # noqa: F401  (connects the lockout's audit entry to django-axes' signal)
