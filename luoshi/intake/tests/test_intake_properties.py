"""Any input gives a valid result, never an exception, in time that grows linearly."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from luoshi.intake import parse_text

# Characters the recognisers react to, mixed with plain text, so generated inputs hit the edge cases.
WORDS = (
    "牵头单位： 配合单位： 责任单位: 负责） 牵头， 召开 会议 主持 讲话 同志在 上的讲话 月 日 底前 之日起 个 项 工程 "
    "人次 万元 一是 二是 第一， 要 深化 坚持 、 和 的 “三化” 四项工程 （一） 1. （1） 一、"
    " 等 等任务 着力 注重 讲几点意见： 昨天上午 作了工作报告 主持会议。 两会"
)
SPECIAL = list("一二三四五六七八九十两第是要（）()“”、，。；：:;,.!?！？\n 0123456789①②%") + WORDS.split()
texts = st.lists(st.one_of(st.sampled_from(SPECIAL), st.text(max_size=6)), max_size=80).map("".join)


def check_nodes(nodes, text):
    for node in nodes:
        assert isinstance(node.title, str)
        assert 0 <= node.start <= node.end <= len(text)
        assert text[node.start : node.end] == node.text
        assert node.section in (None, "review", "deploy")
        if node.framework:
            assert node.framework.count >= 2
        check_nodes(node.children, text)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_any_text_parses_to_a_valid_result(text):
    result = parse_text(text)
    check_nodes(result.items, text)
    json.dumps(result.to_dict(), ensure_ascii=False)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_unicode_parses(text):
    result = parse_text(text)
    check_nodes(result.items, text)


# Long runs without stops, unbalanced quotes, endless enumerators and notes. Their growth in time is
# measured in bench/bench_intake.py (no timed assertions in tests); here they must parse to valid output.
PATHOLOGICAL = ("一" * 50, "“四项" * 10, "（" * 40, "一是，" * 10, "牵头单位：甲" * 5, "1." * 20, "、和" * 20)


def test_pathological_inputs_parse_to_valid_results():
    for unit in PATHOLOGICAL:
        text = unit * 1600
        check_nodes(parse_text(text).items, text)


def test_a_one_megabyte_document_parses():
    paragraph = (
        "（一）完善工作机制。建立周调度制度，每季度通报一次，年底前完成80%。（市发改委牵头，市财政局配合）\n"
        "健全评价体系，强化结果运用。\n"
        "会议强调，要突出“三个聚焦”，推动提质增效。聚焦产业，培育动能；聚焦民生，办好实事；聚焦安全，守牢底线。\n"
    )
    text = (paragraph * (1_000_000 // len(paragraph) + 1))[:1_000_000]
    result = parse_text(text)
    assert len(result.items) > 1000


# Tables flattened to one cell per line: any such grid is read row by row, each task inside its row's span.
cells = st.text(alphabet="甲乙丙丁推进完善建设。、", min_size=2, max_size=12)
units = st.sampled_from(["市发改委", "区财政局", "县教育局", "产业科"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(cells, units), min_size=3, max_size=12), st.booleans(), st.booleans())
def test_any_cell_per_line_grid_is_read_row_by_row(rows, piped, with_header):
    from luoshi.intake.cell_lines import find_cell_line_table

    lines = ["序号", "工作任务", "责任单位"] if with_header else []
    for k, (task, unit) in enumerate(rows, start=1):
        lines += [str(k), task, unit]
    text = "\n".join(f"{c} |" for c in lines) if piped else "\n\n".join(lines)
    found = find_cell_line_table(text)
    assert found is not None
    grid, spans = found
    assert len(grid) == len(spans) == len(rows) + 1
    assert all(0 <= s <= e <= len(text) for s, e in spans)
    assert [s for s, _ in spans[1:]] == sorted(s for s, _ in spans[1:])
    for (task, unit), row, (s, e) in zip(rows, grid[1:], spans[1:], strict=True):
        assert task in row and unit in row
        assert task in text[s:e]
