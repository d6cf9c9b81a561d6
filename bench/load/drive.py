"""Run locust users in this process for a fixed time and write per-page statistics as JSON (run.py starts
one of these per phase, so each phase gets a fresh process and fresh statistics).

    python -m bench.load.drive HOST USERS SECONDS OUT.json CLASS [CLASS ...]
"""

from __future__ import annotations

import json
import sys

import gevent
from locust.env import Environment

from bench.load import locustfile
from bench.load.locustfile import LOGIN

LOGIN_WAIT = 300  # seconds the logins may take on a busy machine


def drive(host: str, users: int, seconds: float, classes: list[str]) -> list[dict]:
    env = Environment(user_classes=[getattr(locustfile, name) for name in classes], host=host)
    runner = env.create_local_runner()
    runner.start(users, spawn_rate=users)
    # Every user logs in first (on_start); measure `seconds` from clean statistics after the last login.
    waited = 0.0
    while env.stats.get(LOGIN, "POST").num_requests < users and waited < LOGIN_WAIT:
        gevent.sleep(0.2)
        waited += 0.2
    env.stats.reset_all()
    gevent.sleep(seconds)
    runner.quit()
    rows = []
    for entry in env.stats.entries.values():
        rows.append(
            {
                "page": entry.name,
                "requests": entry.num_requests,
                "errors": entry.num_failures,
                "rps": entry.num_requests / seconds,
                "p50": entry.get_response_time_percentile(0.50) or 0,
                "p95": entry.get_response_time_percentile(0.95) or 0,
                "p99": entry.get_response_time_percentile(0.99) or 0,
            }
        )
    errors = [
        {"page": e.name, "error": str(e.error), "count": e.occurrences} for e in env.stats.errors.values()
    ]
    return rows, errors


if __name__ == "__main__":
    host, users, seconds, out, *names = sys.argv[1:]
    rows, errors = drive(host, int(users), float(seconds), names)
    with open(out, "w") as f:
        json.dump({"rows": rows, "errors": errors}, f, ensure_ascii=False)
