"""Task-division tables flattened to one cell per line (by a web page or a copy-paste)."""

from luoshi.intake import parse_text
from luoshi.intake.cell_lines import find_cell_line_table

from .trees import walk

PIPED_WITHOUT_HEADER = "\n".join(
    [
        "1", "|", "一、稳住经济大盘", "|", "新增市场主体增长一成。", "|", "发展科", "|", "甲某某", "|",
        "2026年底前", "|", "1234567", "|",
        "2", "|", "规上工业产值增长八个百分点。", "|", "工业科", "|", "乙某", "|", "2026年底前", "|",
        "1234568", "|",
        "3", "|", "二、壮大特色产业", "|", "培育农产品加工龙头企业。", "|", "产业科", "|", "|",
        "2026年底前", "|", "1234569", "|",
        "4", "|", "发展预制菜产业。", "|", "产业科", "市畜牧中心", "|", "丙某", "丁某", "|", "2026年底前", "|",
        "1234570", "|",
    ]
)  # fmt: skip


def test_a_piped_table_without_header_reads_sections_units_and_deadlines():
    result = parse_text(PIPED_WITHOUT_HEADER)
    sections = [(n.marker, n.title) for n in result.items]
    assert sections == [("一、", "稳住经济大盘"), ("二、", "壮大特色产业")]
    tasks = [(n.title, n.lead_units, n.deadline) for s in result.items for n in s.children]
    assert tasks == [
        ("新增市场主体增长一成", ["发展科"], "2026年底前"),
        ("规上工业产值增长八个百分点", ["工业科"], "2026年底前"),
        ("培育农产品加工龙头企业", ["产业科"], "2026年底前"),
        ("发展预制菜产业", ["产业科", "市畜牧中心"], "2026年底前"),
    ]
    # A running row number is no outline heading.
    assert all(n.marker in ("一、", "二、") for n in walk(result.items) if n.marker)


BLANK_PARTED = "\n\n".join(
    ["关于印发目标任务的通知", "附件", "序号", "2026年预期目标", "责任单位", "1", "地区生产总值增长5%左右",
     "区发展改革委", "2", "固定资产投资增长6%左右", "区发展改革委", "3", "社会消费品零售总额增长7%左右", "区商务委"]
)  # fmt: skip


def test_a_blank_line_parted_table_of_targets_assigns_each_target():
    result = parse_text(BLANK_PARTED)
    assert [(n.title, n.lead_units, n.marker) for n in walk(result.items)] == [
        ("地区生产总值增长5%左右", ["区发展改革委"], None),
        ("固定资产投资增长6%左右", ["区发展改革委"], None),
        ("社会消费品零售总额增长7%左右", ["区商务委"], None),
    ]


def test_each_rows_offsets_point_at_its_own_lines():
    rows, spans = find_cell_line_table(BLANK_PARTED)
    (start, end) = spans[2]
    assert BLANK_PARTED[start:end].startswith("2") and BLANK_PARTED[start:end].endswith("区发展改革委")


def test_prose_with_a_few_numbered_lines_is_no_table():
    text = "\n\n".join(
        ["会议要求：", "1", "抓好学习。", "2", "抓好落实。", "3", "抓好督查。"]
        + ["各单位要认真贯彻落实，" * 20]
    )
    assert find_cell_line_table(text) is None


GROUP_BEFORE_SEQ = "\n\n".join(
    ["分类", "序号", "事项", "责任单位", "牵头单位", "发展目标", "1", "地区生产总值增长6%。", "区统计局、区经商局",
     "区发改局", "2", "固定资产投资增长9%。", "区发改局", "区发改局", "民生保障", "3", "新增城镇就业三千人。",
     "区人力社保局", "区人力社保局", "4", "新建养老服务站五个。", "区民政局", "区民政局"]
)  # fmt: skip


def test_a_group_column_before_the_number_names_the_rows_up_to_the_next_group():
    rows, _ = find_cell_line_table(GROUP_BEFORE_SEQ)
    assert rows[0] == ["分类", "序号", "事项", "责任单位", "牵头单位"]
    assert [r[0] for r in rows[1:]] == ["发展目标", "发展目标", "民生保障", "民生保障"]
    assert rows[1][2:] == ["地区生产总值增长6%。", "区统计局、区经商局", "区发改局"]


UNITS_ON_LINES = "\n\n".join(
    ["附件", "民生实事任务分解表", "序号", "民生实事", "责任单位", "完成时限", "1", "建设城区防洪堤。", "县水务局",
     "县住建局", "12月底前", "2", "新建两座人行天桥。", "县住建局", "9月底前", "3", "迁建政务服务中心。",
     "县政务服务中心", "县代建中心", "12月底前"]
)  # fmt: skip


def test_units_on_lines_of_their_own_stay_in_the_unit_column_and_a_task_column_named_in_words():
    result = parse_text(UNITS_ON_LINES)
    assert [(n.title, n.lead_units, n.deadline) for n in walk(result.items)] == [
        ("建设城区防洪堤", ["县水务局", "县住建局"], "12月底前"),
        ("新建两座人行天桥", ["县住建局"], "9月底前"),
        ("迁建政务服务中心", ["县政务服务中心", "县代建中心"], "12月底前"),
    ]


EXCERPT = "\n".join(
    ["重点工作任务分解表", "附件", "重点工作任务分解表", "序号 |", "目标与任务 |", "分 管 县领导 |", "牵头责任单位 |",
     "责任单位 |", "80 |", "新增托位四百个以上。 |", "甲 某 |", "县教育局 |", "县各有关单位 |", "81 |",
     "支持职业学校发展。 |", "甲 某 |", "县教育局 |", "县各有关单位 |"]
)  # fmt: skip


def test_an_excerpt_numbered_from_80_under_its_header_and_title_lines():
    result = parse_text(EXCERPT)
    assert [(n.title, n.lead_units, n.co_units) for n in walk(result.items)] == [
        ("新增托位四百个以上", ["县教育局"], ["县各有关单位"]),
        ("支持职业学校发展", ["县教育局"], ["县各有关单位"]),
    ]


def test_among_many_numbers_out_of_order_the_longest_run_opens_the_rows():
    # (The run is found in one pass over the cells; bench/bench_intake.py checks the growth.)
    cells = [(str(k % 7 + 1), 0, 0) for k in range(20000)]
    from luoshi.intake.cell_lines import _numbered_rows

    first, rows = _numbered_rows(cells)
    assert len(rows) == 7


def test_a_run_of_numbered_lines_wider_than_any_sheet_is_refused_before_rows_are_fitted(monkeypatch):
    # The bench's "3 1 2" cells: the last numbered "row" swallows hundreds of cells, and fitting the other
    # rows to that width grew with its square (minutes and gigabytes at 100,000 characters). Such a width
    # is no table: it is refused before any row is fitted to it.
    from luoshi.intake import cell_lines

    def no_fitting(*args, **kwargs):
        raise AssertionError("a row was fitted to a width no table has")

    monkeypatch.setattr(cell_lines, "_fit", no_fitting)
    assert find_cell_line_table("3\n\n1\n\n2\n\n" * 100) is None
