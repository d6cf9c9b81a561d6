from decimal import Decimal

import pytest

from luoshi.core.templatetags.luoshi import number, percent


def test_number_never_uses_exponent_or_trailing_zeros():
    assert number(Decimal("200.00")) == "200"
    assert number(Decimal("80")) == "80"
    assert number(Decimal("12.50")) == "12.5"
    assert number(None) == ""


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("93.35"), "93.4%"),  # half up, as stored figures are rounded; binary float said 93.3%
        (93.35, "93.4%"),
        (Decimal("91.60"), "91.6%"),
        (Decimal("100.00"), "100%"),
        (0, "0%"),
        (None, ""),
    ],
)
def test_percent_rounds_half_up_like_the_stored_figures(value, shown):
    assert percent(value) == shown


def test_a_light_reads_as_words_beside_its_colour_with_its_reason_on_hover():
    from luoshi.core.templatetags.luoshi import light_dot

    html = str(light_dot("red", "已逾期12天"))
    assert 'class="light light-red"' in html
    assert html.endswith("红灯</span>")  # the name is text on the page, not only a title
    assert 'title="红灯：已逾期12天"' in html
