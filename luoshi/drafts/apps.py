from django.apps import AppConfig


class DraftsConfig(AppConfig):
    name = "luoshi.drafts"
    label = "drafts"
    verbose_name = "文稿导入"
