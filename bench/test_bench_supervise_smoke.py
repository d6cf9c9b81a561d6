"""A tiny run of the supervise benchmark's comparison: the ORM selection and the hand-written SQL select the
same steps (times are not checked here)."""

from bench.bench_supervise import compare_once
from bench.generate import AS_OF, generate
from luoshi.supervise.run import supervise


def test_the_orm_and_sql_select_the_same_steps(db):
    generate(scale=0.01, seed=7, verbose=False)
    kinds = compare_once(AS_OF)
    assert kinds.get("escalation", 0) + kinds.get("chase", 0) > 0 and kinds.get("missing_report", 0) > 0
    # Once the job has recorded them, neither side selects them again.
    supervise(AS_OF, send=False)
    assert compare_once(AS_OF) == {}
