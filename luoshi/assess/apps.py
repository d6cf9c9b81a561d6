from django.apps import AppConfig


class AssessConfig(AppConfig):
    name = "luoshi.assess"
    label = "assess"
    verbose_name = "目标考核"
