"""Size and time of the draft editor page for a large draft (3,000 items), whole tree against collapsed.

    .venv/bin/python -m bench.bench_editor                 # SQLite file under bench/data/publish/
    .venv/bin/python -m bench.bench_editor --items 3000 --repeat 5

Builds the same draft as `bench.bench_publish` (30 lines × 9 tasks × 10 items), then renders the editor
page through Django's test client, first with every item drawn (the editor before issue 14 item 4: the
reference) and then as it opens now (collapsed to the top level, branches fetched on demand), and one
branch fetch. Prints bytes and median seconds of each, and the ratios to the reference.
"""

from __future__ import annotations

import argparse
import statistics
import time

from bench.bench_publish import build_draft, setup


def _timed(client, url: str, repeat: int) -> tuple[int, float]:
    times, size = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url, HTTP_HOST="localhost")
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
        size = len(response.content)
    return size, statistics.median(times)


def measure(items: int, repeat: int) -> dict:
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from luoshi.drafts import presenters

    setup_test_environment()
    draft, user = build_draft(items)
    client = Client()
    client.force_login(user)
    page = reverse("drafts:edit", args=[draft.pk])
    first_line = draft.tree[0]["id"]
    branch = reverse("drafts:branch", args=[draft.pk, first_line]) + "?start=0"
    threshold = presenters.COLLAPSE_ABOVE
    presenters.COLLAPSE_ABOVE = 10**9  # every item drawn: the reference
    try:
        whole = _timed(client, page, repeat)
    finally:
        presenters.COLLAPSE_ABOVE = threshold
    collapsed = _timed(client, page, repeat)
    opened = _timed(client, branch, repeat)
    return {"whole": whole, "collapsed": collapsed, "branch": opened}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_editor")
    parser.add_argument("--items", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    setup()
    r = measure(args.items, args.repeat)
    ref_size, ref_time = r["whole"]
    print(f"draft editor, {args.items} items (median of {args.repeat})")
    for name, label in (
        ("whole", "whole tree (reference)"),
        ("collapsed", "collapsed page"),
        ("branch", "one branch"),
    ):
        size, seconds = r[name]
        print(
            f"  {label:24} {size / 1024:9.0f} KB {seconds:7.3f} s"
            f"   size ×{size / ref_size:.3f}  time ×{seconds / ref_time:.3f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
