"""Unit names as documents write them, matched to the register by full name, short name and alias."""

import pytest

from luoshi.drafts.units import UnitIndex, normalise
from luoshi.tests import factories as f


@pytest.fixture
def register(db):
    return {
        "mzw": f.UnitFactory(name="市民族宗教事务委员会", short_name="市民宗委", aliases="民宗委、市民宗局"),
        "gsl": f.UnitFactory(name="市工商业联合会", short_name="市工商联", aliases=""),
    }


def test_it_matches_full_name(register):
    assert UnitIndex().match(["市民族宗教事务委员会"]).ids == [register["mzw"].pk]


def test_it_matches_short_name_and_alias(register):
    m = UnitIndex().match(["市民宗委", "民宗委", "市民宗局"])
    assert m.ids == [register["mzw"].pk] and m.unknown == []


def test_it_normalises_spaces_quotes_and_trailing_words(register):
    m = UnitIndex().match([" 市工商联 等", "“市民宗委”", "市工商联牵头", "市 工商联（市总商会）"])
    assert m.ids == [register["gsl"].pk, register["mzw"].pk] and m.unknown == []


def test_unknown_names_are_kept_as_written(register):
    m = UnitIndex().match(["市民宗委", "市侨联", "市侨联"])
    assert m.ids == [register["mzw"].pk]
    assert m.unknown == ["市侨联"]


def test_normalise_drops_generic_tail():
    assert normalise("市委组织部等有关部门") == "市委组织部"
