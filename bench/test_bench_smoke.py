"""A tiny run of the generator and the ORM-versus-SQL comparison, so the benchmark keeps working (and
keeps checking that the pages' figures are right). Times are not checked here."""

from bench.bench_spine import compare_once
from bench.generate import AS_OF, generate


def test_generator_and_comparison_agree_at_a_tiny_scale(db):
    info = generate(scale=0.01, seed=7, verbose=False)
    assert info["units"] == 30 and info["tasks"] == 300 and info["reports"] == 3000
    sizes = compare_once(AS_OF)
    assert sizes["lines"] == 8 and sizes["units"] > 0 and sizes["my_tasks"] > 0
