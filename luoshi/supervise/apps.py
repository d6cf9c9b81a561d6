from django.apps import AppConfig


class SuperviseConfig(AppConfig):
    name = "luoshi.supervise"
    label = "supervise"
    verbose_name = "督办"
