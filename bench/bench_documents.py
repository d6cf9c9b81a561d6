"""Time the documents app at province scale against bare library calls in the same run.

    .venv/bin/python -m bench.generate --scale 0.1 && .venv/bin/python -m bench.generate --scale 1
    .venv/bin/python -m bench.bench_documents            # both scales, each in its own process

Three comparisons (medians of `--repeat` runs, time.perf_counter):

* the discipline 通报 of the province plan (every unit with work in it: about 3,000 at full scale) — the
  figures from the database, the text and the whole .docx in GB/T 9704 layout — against python-docx
  writing the same attachment table bare (`add_table` with the rows, `cell.text` per cell), goal ≤ 2×;
* importing 100 filled-in returns (read, checked, saved as draft reports through `reports.save_drafts` in
  one transaction, rolled back after each run) against python-calamine only reading the same 100 files,
  goal ≤ 2×; for information, Django's bare bulk_create of the same rows (the floor of writing them);
* peak memory (tracemalloc) of each at full scale against 1/10 scale, goal ≤ 1.5×.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import time
import tracemalloc

from bench import BENCH_DIR, setup_django

GOAL_RATIO = 2.0
GOAL_MEMORY = 1.5
RETURNS = 100
RETURN_PERIOD = "2025-10"  # after the generated reports (January to September): every return starts a draft


def _median(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _peak(fn) -> int:
    tracemalloc.start()
    tracemalloc.reset_peak()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def province_plan():
    from luoshi.plans.models import Plan

    return Plan.objects.filter(deploying_unit__parent__isnull=True).order_by("id").first()


# --- the 通报 ----------------------------------------------------------------------------------------------


def bulletin(plan, period: str) -> bytes:
    from luoshi.documents import bulletins, discipline
    from luoshi.lib.gbt9704 import write_docx

    return write_docx(bulletins.discipline_bulletin(discipline.compute(plan, period)))


def bare_table(columns: list[str], rows: list[list[str]]) -> bytes:
    from docx import Document

    doc = Document()
    table = doc.add_table(rows=len(rows) + 1, cols=len(columns))
    for cell, text in zip(table.rows[0].cells, columns, strict=True):
        cell.text = text
    for row, values in zip(table.rows[1:], rows, strict=True):
        for cell, text in zip(row.cells, values, strict=True):
            cell.text = text
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# --- returns --------------------------------------------------------------------------------------------


def make_returns(plan, count: int) -> list[tuple[str, bytes]]:
    """Filled-in returns of the `count` units with the most acknowledged assignments in `plan`: every
    acknowledged assignment's first row gets a percent and a line of progress."""
    from django.db.models import Count
    from openpyxl import load_workbook

    from luoshi.documents.returns import layout
    from luoshi.documents.returns.sheet import return_sheet
    from luoshi.org.models import Unit
    from luoshi.plans.models import Assignment

    busiest = (
        Assignment.objects.filter(task__plan=plan, acknowledged_at__isnull=False)
        .values("unit_id")
        .annotate(n=Count("id"))
        .order_by("-n", "unit_id")[:count]
    )
    files = []
    for row in busiest:
        unit = Unit.objects.get(pk=row["unit_id"])
        acknowledged = set(
            Assignment.objects.filter(task__plan=plan, unit=unit, acknowledged_at__isnull=False).values_list(
                "task__code", flat=True
            )
        )
        wb = load_workbook(io.BytesIO(return_sheet(plan, unit, RETURN_PERIOD)))
        ws = wb[layout.SHEET]
        done = set()
        for cells in ws.iter_rows(min_row=layout.FIRST_DATA_ROW):
            code = str(cells[layout.CODE].value)
            if code in acknowledged and code not in done:
                cells[layout.PERCENT].value = 80
                cells[layout.NARRATIVE].value = "按计划推进，完成阶段目标。"
                done.add(code)
        out = io.BytesIO()
        wb.save(out)
        files.append((f"{unit.pk}.xlsx", out.getvalue()))
    return files


def import_and_roll_back(files) -> int:
    from django.db import transaction

    from luoshi.audit.services import Actor
    from luoshi.documents.returns.importing import import_returns

    with transaction.atomic():
        done = import_returns(Actor.system(), files)
        transaction.set_rollback(True)
    return done.reports


def filled_rows(files) -> list:
    """What the returns fill in (assignment, percent, narrative, values), read and checked once."""
    from luoshi.audit.services import Actor
    from luoshi.documents.returns.importing import check_files

    return [
        (f.assignment_id, f.percent, f.narrative, f.values)
        for c in check_files(Actor.system(), files)
        for f in c.reports
    ]


def bare_writes(rows) -> int:
    """Django's bulk_create of the same reports and figures alone (rolled back): the floor of writing
    them through the ORM, with no reading, checking, locking or audit."""
    from django.db import transaction

    from luoshi.reports.models import Report, ReportValue

    with transaction.atomic():
        made = Report.objects.bulk_create(
            [
                Report(assignment_id=a, period=RETURN_PERIOD, percent=p or 0, narrative=n)
                for a, p, n, _ in rows
            ],
            batch_size=500,
        )
        ReportValue.objects.bulk_create(
            [
                ReportValue(report=r, target_id=t, actual_value=v)
                for r, (*_, vs) in zip(made, rows, strict=True)
                for t, v in vs.items()
            ],
            batch_size=500,
        )
        transaction.set_rollback(True)
    return len(made)


def calamine_only(files) -> int:
    from python_calamine import CalamineWorkbook

    rows = 0
    for _, data in files:
        rows += len(CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python())
    return rows


# --- one scale, in its own process ---------------------------------------------------------------------------


def measure(repeat: int) -> dict:
    from luoshi.documents import bulletins, discipline

    plan = province_plan()
    period = discipline.latest_period(plan)
    figures = discipline.compute(plan, period)
    table = bulletins.ledger_table(figures)
    files = make_returns(plan, RETURNS)
    imported = import_and_roll_back(files)
    rows = filled_rows(files)
    result = {
        "units": len(figures.units),
        "period": period,
        "returns": len(files),
        "reports_imported": imported,
        "bulletin_s": _median(lambda: bulletin(plan, period), repeat),
        "bare_table_s": _median(lambda: bare_table(table.columns, table.rows), repeat),
        "import_s": _median(lambda: import_and_roll_back(files), repeat),
        "calamine_s": _median(lambda: calamine_only(files), repeat),
        "bare_writes_s": _median(lambda: bare_writes(rows), repeat),
        "bulletin_peak": _peak(lambda: bulletin(plan, period)),
        "bare_table_peak": _peak(lambda: bare_table(table.columns, table.rows)),
        "import_peak": _peak(lambda: import_and_roll_back(files)),
        "calamine_peak": _peak(lambda: calamine_only(files)),
    }
    return result


def report(results: dict) -> str:
    lines = []
    for scale, r in sorted(results.items()):
        lines.append(
            f"scale {scale:g}: {r['units']} units in the 通报 ({r['period']}), {r['returns']} returns with "
            f"{r['reports_imported']} reports"
        )
        b = r["bulletin_s"] / r["bare_table_s"]
        i = r["import_s"] / r["calamine_s"]
        lines.append(
            f"  通报 {r['bulletin_s']:.3f}s vs bare python-docx table {r['bare_table_s']:.3f}s: {b:.2f}× "
            f"(goal ≤ {GOAL_RATIO:g}×) {'ok' if b <= GOAL_RATIO else 'MISSED'}"
        )
        lines.append(
            f"  import {r['import_s']:.3f}s vs calamine reading {r['calamine_s']:.3f}s: {i:.2f}× "
            f"(goal ≤ {GOAL_RATIO:g}×) {'ok' if i <= GOAL_RATIO else 'MISSED'}; for information: bare ORM "
            f"bulk_create of the same rows {r['bare_writes_s']:.3f}s; import / (calamine + bare writes) = "
            f"{r['import_s'] / (r['calamine_s'] + r['bare_writes_s']):.2f}×"
        )
        lines.append(
            f"  peak memory: 通报 {r['bulletin_peak'] / 2**20:.1f} MiB (bare {r['bare_table_peak'] / 2**20:.1f} MiB), "
            f"import {r['import_peak'] / 2**20:.1f} MiB (calamine {r['calamine_peak'] / 2**20:.1f} MiB)"
        )
    if 1.0 in results and 0.1 in results:
        full, tenth = results[1.0], results[0.1]
        for key in ("bulletin_peak", "import_peak", "bare_table_peak", "calamine_peak"):
            growth = full[key] / tenth[key]
            goal = f"(goal ≤ {GOAL_MEMORY:g}×) {'ok' if growth <= GOAL_MEMORY else 'MISSED'}"
            lines.append(
                f"memory {key}: full / tenth = {growth:.2f}× {goal if key in ('bulletin_peak', 'import_peak') else ''}"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=float, nargs="+", default=[0.1, 1.0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--one", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one is not None:
        setup_django(args.one)
        print(json.dumps(measure(args.repeat)))
        return 0
    env = {**os.environ, "PYTHONPATH": str(BENCH_DIR.parent)}
    results = {}
    for scale in args.scales:
        print(f"measuring scale {scale:g} …", flush=True)
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "bench.bench_documents",
                "--one",
                str(scale),
                "--repeat",
                str(args.repeat),
            ],
            check=True,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        results[scale] = json.loads(done.stdout.strip().splitlines()[-1])
    print()
    print(report(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
