from pathlib import Path

from django.apps import AppConfig
from django.conf import settings


class ReportsConfig(AppConfig):
    name = "luoshi.reports"
    label = "reports"
    verbose_name = "进度报送"

    def ready(self):
        # Uploads larger than FILE_UPLOAD_MAX_MEMORY_SIZE are spooled into this folder; it must exist.
        try:
            Path(settings.FILE_UPLOAD_TEMP_DIR).mkdir(parents=True, exist_ok=True)
        except OSError:
            pass  # a read-only data directory: commands that upload nothing still run
