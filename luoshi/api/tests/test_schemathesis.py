"""Schemathesis against the live API: gunicorn serving a fresh demo database, the schemathesis command line
run once with a liaison's token and once with a supervisor's. It fails on any finding: a 5xx, a response
outside the OpenAPI document, or (the check in schemathesis_hooks.py) an object of a unit outside the token
owner's scope. The command line, not the pytest plugin: the run is a separate process against a real server,
the way an integrator's client sees the API."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

VENV_BIN = Path(sys.executable).parent
CHECKS = "not_a_server_error,response_schema_conformance,no_object_of_another_unit"
USERS = {"liaison": "jiangan", "supervisor": "duban"}
EXAMPLES = 15  # per operation and phase; the seed makes a run repeatable
SEED = 2026

# Run inside the demo database by `luoshi shell`: a token for each user, and what each may see.
SCOPE_SCRIPT = """
import json
from luoshi.api import services
from luoshi.audit.services import Actor
from luoshi.org.models import Unit, User
from luoshi.plans.models import Assignment
out = {}
for role, name in %r.items():
    user = User.objects.get(username=name)
    key = services.create_token(Actor(user), name="schemathesis", days=1)[1]
    units = list(Unit.objects.subtree(user.unit).values_list("pk", flat=True))
    assignments = list(Assignment.objects.visible_to(user).values_list("pk", flat=True))
    # 左右协同: a unit also reads the other units' reports on a task it shares with them, and no others.
    shared = Assignment.objects.filter(task__assignments__unit=user.unit).values_list("pk", flat=True)
    out[role] = {"key": key, "units": units, "assignments": assignments,
                 "report_assignments": sorted(set(assignments) | set(shared))}
print("SCOPE" + json.dumps(out))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(argv, env, **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=900, **kwargs)
    assert done.returncode == 0, f"{argv[:3]}: {done.stdout[-3000:]}{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="module")
def live_api(tmp_path_factory):
    """gunicorn on a fresh demo database (SQLite, its own data directory); yields the base URL, the env and
    each user's token and scope."""
    tmp = tmp_path_factory.mktemp("schemathesis")
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DEBUG")
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(
        LUOSHI_DATA_DIR=str(tmp / "data"),
        SECRET_KEY="schemathesis-" + "Qm4Zt8Lp2Xv6Nc0Rb5Wd9Hs3Jf7Gk1Ye" * 2,
        ALLOWED_HOSTS="127.0.0.1",
    )
    luoshi = str(VENV_BIN / "luoshi")
    _run([luoshi, "demo", "--no-serve"], env)
    shell = _run([luoshi, "shell", "-c", SCOPE_SCRIPT % USERS], env)
    scope = json.loads(shell.stdout.split("SCOPE", 1)[1])
    port = _free_port()
    server = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "luoshi.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--timeout", "60"],
        env=env, stdout=subprocess.DEVNULL, stderr=open(tmp / "gunicorn.log", "w"),
    )  # fmt: skip
    try:
        for _ in range(300):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.2)
        yield {"base": f"http://127.0.0.1:{port}", "env": env, "scope": scope, "tmp": tmp}
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


@pytest.mark.parametrize("role", list(USERS))
def test_schemathesis_finds_nothing(live_api, role):
    scope = live_api["scope"][role]
    scope_file = live_api["tmp"] / f"scope-{role}.json"
    scope_file.write_text(json.dumps(scope))
    env = {
        **live_api["env"],
        "SCHEMATHESIS_HOOKS": "luoshi.api.tests.schemathesis_hooks",
        "LUOSHI_API_SCOPE": str(scope_file),
    }
    done = subprocess.run(
        [str(VENV_BIN / "schemathesis"), "run", f"{live_api['base']}/api/openapi.json",
         "--header", f"Authorization: Bearer {scope['key']}", "--checks", CHECKS,
         "--phases", "examples,coverage,fuzzing", "--max-examples", str(EXAMPLES), "--seed", str(SEED),
         "--workers", "1", "--rate-limit", "500/m", "--no-color"],
        env=env, capture_output=True, text=True, timeout=1200, cwd=live_api["tmp"],
    )  # fmt: skip
    assert done.returncode == 0, (
        f"schemathesis ({role}) found problems:\n{done.stdout[-12000:]}{done.stderr[-3000:]}"
    )
