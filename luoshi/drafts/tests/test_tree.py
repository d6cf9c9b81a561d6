"""The pure tree edits: each keeps every node and the reading order a person expects."""

import pytest

from luoshi.drafts import tree as T
from luoshi.drafts.errors import DraftError


def node(i, title, children=(), **extra):
    base = {
        "id": i,
        "title": title,
        "text": f"{title}。",
        "lead": [],
        "co": [],
        "unknown_lead": [],
        "unknown_co": [],
        "targets": [],
        "deadline": None,
        "deadline_text": "",
        "children": list(children),
        "source_start": None,
        "source_end": None,
    }
    return base | extra


def titles(tree):
    return [(code, n["title"]) for n, code, _d, _p in T.walk(tree)]


@pytest.fixture
def tree():
    return [node(1, "甲", [node(2, "甲一"), node(3, "甲二"), node(4, "甲三")]), node(5, "乙")]


def test_codes_follow_positions(tree):
    assert titles(tree) == [("1", "甲"), ("1.1", "甲一"), ("1.2", "甲二"), ("1.3", "甲三"), ("2", "乙")]


def test_indent_puts_a_node_under_the_one_above(tree):
    T.indent(tree, 3)
    assert titles(tree)[1:4] == [("1.1", "甲一"), ("1.1.1", "甲二"), ("1.2", "甲三")]


def test_indent_refuses_the_first_sibling(tree):
    with pytest.raises(DraftError, match="无法降级"):
        T.indent(tree, 2)


def test_outdent_keeps_reading_order(tree):
    T.outdent(tree, 3)
    assert titles(tree) == [("1", "甲"), ("1.1", "甲一"), ("2", "甲二"), ("2.1", "甲三"), ("3", "乙")]


def test_outdent_refuses_top_level(tree):
    with pytest.raises(DraftError, match="第一级"):
        T.outdent(tree, 5)


def test_merge_joins_text_units_and_offsets():
    tree = [
        node(1, "甲", lead=[7], source_start=0, source_end=5, deadline_text=""),
        node(
            2,
            "乙",
            lead=[8],
            co=[7],
            unknown_co=["某局"],
            source_start=5,
            source_end=9,
            deadline="2025-06-30",
            deadline_text="6月底前",
            children=[node(3, "乙一")],
        ),
    ]
    merged = T.merge_next(tree, 1)
    assert [n["id"] for n in tree] == [1]
    assert merged["text"] == "甲。乙。"
    assert merged["lead"] == [7, 8] and merged["co"] == [7] and merged["unknown_co"] == ["某局"]
    assert (merged["source_start"], merged["source_end"]) == (0, 9)
    assert merged["deadline_text"] == "6月底前"
    assert [c["id"] for c in merged["children"]] == [3]


def test_merge_refuses_the_last_sibling(tree):
    with pytest.raises(DraftError, match="最后一条"):
        T.merge_next(tree, 5)


def test_split_makes_a_sibling_and_splits_source_offsets():
    source = "前言。加强队伍建设，开展培训。6月底前完成调研200次。"
    text = source[3:]
    tree = [
        node(
            1,
            "加强队伍建设",
            text=text,
            lead=[4],
            source_start=3,
            source_end=len(source),
            deadline_text="6月底前",
            deadline="2025-06-30",
            targets=[
                {"metric": "完成调研200次", "target_value": "200", "unit": "次", "text": "完成调研200次"}
            ],
        )
    ]
    position = T.split_points(text)[0]
    new = T.split(tree, 1, position, new_id=9, source_text=source)
    first = tree[0]
    assert [n["id"] for n in tree] == [1, 9]
    assert first["text"] == "加强队伍建设，开展培训。"
    assert new["text"] == "6月底前完成调研200次。" and new["title"] == "6月底前完成调研200次"
    assert new["lead"] == [4] and first["lead"] == [4]
    assert new["targets"] and not first["targets"]
    assert new["deadline_text"] == "6月底前" and first["deadline_text"] == ""
    assert source[first["source_start"] : first["source_end"]] == "加强队伍建设，开展培训。"
    assert source[new["source_start"] : new["source_end"]] == "6月底前完成调研200次。"


def test_split_refuses_an_empty_half():
    tree = [node(1, "甲", text="甲乙丙。")]
    with pytest.raises(DraftError, match="拆分位置"):
        T.split(tree, 1, 4, new_id=2)


def test_move_swaps_siblings_and_stops_at_the_ends(tree):
    T.move(tree, 5, -1)
    assert [n["title"] for n in tree] == ["乙", "甲"]
    with pytest.raises(DraftError, match="最上面"):
        T.move(tree, 5, -1)


def test_delete_takes_the_subtree(tree):
    T.delete(tree, 1)
    assert titles(tree) == [("1", "乙")]


def test_unknown_node_is_a_clear_error(tree):
    with pytest.raises(DraftError, match="找不到"):
        T.rename(tree, 99, "x")


def test_rename_refuses_blank(tree):
    with pytest.raises(DraftError, match="不能为空"):
        T.rename(tree, 1, "  ")
