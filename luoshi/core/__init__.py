"""What every app uses and no app owns: the service error, the htmx-partial helper. Imports nothing
from the apps, so any layer may depend on it."""
