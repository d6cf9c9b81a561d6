from decimal import Decimal

import pytest

from luoshi.lib.errors import ServiceError
from luoshi.lib.numbers import parse_decimal


def test_it_reads_numbers_as_typed():
    assert parse_decimal(" 1.5 ", "权重") == Decimal("1.5")
    assert parse_decimal(200, "目标值") == Decimal(200)


@pytest.mark.parametrize("bad", ["高", "", None, "1,5", "NaN", "Infinity", "1e"])
def test_what_is_not_a_number_is_refused_in_chinese(bad):
    with pytest.raises(ServiceError, match="^权重应为数字。$"):
        parse_decimal(bad, "权重")


def test_bounds_are_named_in_the_refusal():
    with pytest.raises(ServiceError, match="^进度不能小于0。$"):
        parse_decimal("-1", "进度", low=Decimal(0))
    with pytest.raises(ServiceError, match="^进度不能大于100。$"):
        parse_decimal("100.5", "进度", low=Decimal(0), high=Decimal(100))
