"""What every app uses and no app owns and that needs Django: the template tags, the htmx-partial helper
(the service error, which needs nothing, is in `luoshi.lib.errors`). Imports nothing
from the apps, so any layer may depend on it."""
