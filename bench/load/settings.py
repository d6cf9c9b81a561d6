"""The application's own settings plus one URL: a bare Django view served by the same gunicorn through the
same middleware, the reference the load benchmark divides by (see bench/load/run.py)."""

from luoshi.settings import *  # noqa: F403

ROOT_URLCONF = "bench.load.urls"

# The bench accounts' password is stored with a cheap hash (run.py), so the logins of 64 simulated users
# do not fill the first seconds of a phase with key stretching; the pages measured never hash anything.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]  # noqa: F405
