"""A pytest plugin loaded with `-p` (see pyproject) so these are set before pytest-django loads settings:
a test-only secret key and a throwaway data directory."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("LUOSHI_DATA_DIR", tempfile.mkdtemp(prefix="luoshi-test-"))
# The cast signs in with force_login and holds no authenticator; the second factor's own tests switch
# LUOSHI_2FA=required on (settings.TWO_FACTOR) where they test it.
os.environ.setdefault("LUOSHI_2FA", "optional")
# whitenoise warns on every request when STATIC_ROOT is missing; the tests serve assets via finders.
os.makedirs(os.path.join(os.environ["LUOSHI_DATA_DIR"], "static"), exist_ok=True)
