from decimal import Decimal

from luoshi.core.templatetags.luoshi import number


def test_number_never_uses_exponent_or_trailing_zeros():
    assert number(Decimal("200.00")) == "200"
    assert number(Decimal("80")) == "80"
    assert number(Decimal("12.50")) == "12.5"
    assert number(None) == ""
