from django.apps import AppConfig


class ItemsConfig(AppConfig):
    name = "luoshi.items"
    label = "items"
    verbose_name = "督办事项"
