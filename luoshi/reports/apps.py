from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "luoshi.reports"
    label = "reports"
    verbose_name = "进度报送"
