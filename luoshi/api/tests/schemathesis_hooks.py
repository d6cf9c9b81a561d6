"""A schemathesis check loaded by test_schemathesis (SCHEMATHESIS_HOOKS): no response carries an object of a
unit outside the token owner's scope. The scope — unit ids and assignment ids the owner may see, read from
the database before the run — comes in the JSON file named by LUOSHI_API_SCOPE."""

from __future__ import annotations

import json
import os

import schemathesis

UNIT_KEYS = ("unit_id", "owner_unit_id")
ASSIGNMENT_PATHS = ("/api/assignments", "/api/assignments/{assignment_id}")


def _scope() -> dict:
    with open(os.environ["LUOSHI_API_SCOPE"], encoding="utf-8") as f:
        scope = json.load(f)
    return {
        "units": set(scope["units"]),
        "assignments": set(scope["assignments"]),
        "report_assignments": set(scope["report_assignments"]),
    }


def _objects(body):
    if isinstance(body, dict):
        yield from body.get("items", [body]) if isinstance(body.get("items"), list) else [body]
    elif isinstance(body, list):
        yield from body


def strays(path: str, body, scope: dict) -> list[str]:
    """What in `body` (an API answer for `path`) lies outside `scope`, in words."""
    found = []
    for obj in _objects(body):
        if not isinstance(obj, dict):
            continue
        for key in UNIT_KEYS:
            if obj.get(key) is not None and obj[key] not in scope["units"]:
                found.append(f"{key}={obj[key]}")
        # A report may belong to another unit's assignment on a task the owner's unit shares (左右协同).
        readable = scope["report_assignments"] if path.startswith("/api/reports") else scope["assignments"]
        if "assignment_id" in obj and obj["assignment_id"] not in readable:
            found.append(f"assignment_id={obj['assignment_id']}")
        if path in ASSIGNMENT_PATHS and obj.get("id") not in scope["assignments"]:
            found.append(f"assignment {obj.get('id')}")
        if path == "/api/units" and obj.get("id") not in scope["units"]:
            found.append(f"unit {obj.get('id')}")
    return found


@schemathesis.check
def no_object_of_another_unit(ctx, response, case):
    if response.status_code != 200:
        return None
    try:
        body = response.json()
    except ValueError:
        return None
    found = strays(case.path, body, _scope())
    if found:
        raise AssertionError(
            f"response holds objects outside the token owner's scope: {', '.join(found[:5])}"
        )
    return None
