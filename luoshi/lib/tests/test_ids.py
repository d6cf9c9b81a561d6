"""Integers and ids from requests go through one helper: out of range is a clear Chinese refusal."""

import pytest

from luoshi.lib.ids import MAX_ID, BadNumber, parse_id, parse_ids


def test_ids_in_range_are_read():
    assert parse_id("42") == 42
    assert parse_ids(["3", "5", "", "x"]) == {3, 5}


@pytest.mark.parametrize("text", ["99999999999999999999999", str(MAX_ID + 1), "0", "-1"])
def test_an_id_out_of_range_is_refused_in_chinese(text):
    with pytest.raises(BadNumber) as caught:
        parse_id(text, what="单位")
    assert "单位" in caught.value.message and "编号" in caught.value.message


def test_a_list_with_a_huge_id_is_refused():
    with pytest.raises(BadNumber):
        parse_ids(["1", "99999999999999999999999"], what="配合单位")
