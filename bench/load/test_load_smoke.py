"""A few seconds of the load benchmark on a tiny dataset (scale 0.01, SQLite, one gunicorn worker), so the
locust users, the bench server and the table keep working. Times are not checked here."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_load_benchmark_runs_every_phase_without_errors(tmp_path):
    out = tmp_path / "rows.json"
    done = subprocess.run(
        [sys.executable, "-m", "bench.load.run", "--sqlite", str(tmp_path / "load.sqlite3"), "--scale", "0.01",
         "--users", "2", "--workers", "1", "--seconds", "3", "--json", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    rows = json.loads(out.read_text())
    pages = {(r["phase"], r["page"]): r for r in rows}
    for key in (("reference", "bare view"), ("throughput", "我的任务")):
        assert pages[key]["requests"] > 0 and pages[key]["errors"] == 0, pages.get(key)
    assert {r["phase"] for r in rows} == {"reference", "throughput", "mix"}
    assert sum(r["errors"] for r in rows) == 0, rows
    assert "goal: 我的任务 ≥ 0.5× bare req/s" in done.stdout
