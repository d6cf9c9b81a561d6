from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "luoshi.search"
    verbose_name = "搜索"
