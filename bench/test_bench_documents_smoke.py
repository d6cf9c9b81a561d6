"""A tiny run of the documents benchmark's pieces, so it keeps working. Times are not checked here."""

from bench.bench_documents import bare_table, bulletin, calamine_only, import_and_roll_back, make_returns
from bench.generate import generate


def test_documents_benchmark_pieces_run_at_a_tiny_scale(db):
    from luoshi.documents import bulletins, discipline
    from luoshi.reports.models import Report

    generate(scale=0.01, seed=7, verbose=False)
    from bench.bench_documents import province_plan

    plan = province_plan()
    period = discipline.latest_period(plan)
    assert bulletin(plan, period).startswith(b"PK")
    table = bulletins.ledger_table(discipline.compute(plan, period))
    assert bare_table(table.columns, table.rows).startswith(b"PK")
    files = make_returns(plan, 3)
    before = Report.objects.count()
    assert import_and_roll_back(files) > 0
    assert Report.objects.count() == before  # rolled back
    assert calamine_only(files) > 0
