"""The `luoshi` console command.

`luoshi parse` never loads Django (it runs the pure intake parser); `demo`, `serve` and every other
subcommand go to Django's management commands — with the demo's generated key when the data directory holds
one and no key is set (luoshi.demo.secret).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "parse":
        from luoshi.intake.cli import main as parse_main

        return parse_main(argv[1:])
    from luoshi.demo.secret import ensure_secret_key, use_demo_key

    if argv and argv[0] == "demo":
        # The demo must run with nothing configured: give it a generated key before settings load.
        ensure_secret_key()
    else:
        # Any other command on the demo's data directory (refresh_lights, serve, …) uses the demo's key.
        use_demo_key()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luoshi.settings")
    from django.core.management import execute_from_command_line

    if not argv:
        argv = ["help"]
    execute_from_command_line(["luoshi", *argv])
    return 0


if __name__ == "__main__":
    sys.exit(main())
