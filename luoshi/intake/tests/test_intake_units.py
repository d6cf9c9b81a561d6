"""Responsibility notes: labelled and bracketed forms, roles, generic tails."""

from luoshi.intake import parse_text
from luoshi.intake.units import find_notes, first_listed_leads, is_note_paragraph, split_units


def notes(text, first_leads=False):
    return [(n.lead, n.co) for n in find_notes(text, 0, len(text), first_leads)]


def test_it_reads_labelled_lead_and_co_units():
    text = "建成一批示范点。牵头单位：市文旅局；配合单位：市财政局、市商务局"
    assert notes(text) == [(["市文旅局"], ["市财政局", "市商务局"])]


def test_a_bare_responsible_unit_is_the_lead():
    assert notes("责任单位:区教育局、区卫健局") == [(["区教育局", "区卫健局"], [])]


def test_responsible_units_beside_a_lead_label_cooperate():
    text = "(牵头单位:县科技局;责任单位:甲街道、乙镇等)"
    assert notes(text) == [(["县科技局"], ["甲街道", "乙镇"])]


def test_it_reads_a_bracketed_lead_and_co_note():
    assert notes("（市委统战部牵头，市民宗委、市侨联配合）") == [(["市委统战部"], ["市民宗委", "市侨联"])]


def test_bracketed_responsible_units_all_lead_without_the_convention():
    assert notes("（市发改委、市财政局负责）") == [(["市发改委", "市财政局"], [])]


def test_the_first_listed_unit_leads_when_the_document_says_so():
    assert first_listed_leads("（甲部、乙部负责。排在第一位的为牵头单位）")
    assert notes("（甲部、乙部按职责分工负责）", first_leads=True) == [(["甲部"], ["乙部"])]


def test_generic_tails_are_dropped_but_a_generic_unit_is_kept():
    assert split_units("市人社局等有关部门和单位") == ["市人社局"]
    assert split_units("各有关部门和单位") == ["各有关部门和单位"]


def test_an_ordinary_parenthesis_is_not_a_note():
    assert notes("支持各类院校（含职业院校）开展培训（试行）") == []


def test_note_paragraphs_are_recognised():
    for text in ("牵头单位：市档案馆", "（责任单位：县审计局）", "（县司法局牵头）"):
        assert is_note_paragraph(text, 0, len(text))
    assert not is_note_paragraph("（一）加强领导", 0, 6)


def test_a_deadline_inside_a_labelled_note_is_no_unit():
    assert notes("（责任单位：区档案馆，8月底前）") == [(["区档案馆"], [])]


def test_a_periodic_deadline_ending_a_bracketed_note_keeps_its_units():
    assert notes("（安监科牵头，各所配合，每周）") == [(["安监科"], ["各所"])]
    assert notes("（安监科牵头，全年）") == [(["安监科"], [])]


def test_units_are_not_split_inside_brackets():
    assert split_units("各乡（镇、街道）党委、区民政局") == ["各乡（镇、街道）党委", "区民政局"]
    text = "（一）完善村级档案。（牵头单位：档案馆；配合单位：各乡（镇、街道）党委）"
    assert notes(text) == [(["档案馆"], ["各乡（镇、街道）党委"])]


def test_a_bracketed_note_may_hold_a_bracketed_unit():
    text = "开展河道清淤。（水利局牵头，各乡（镇、街道）配合，三季度末）"
    assert notes(text) == [(["水利局"], ["各乡（镇、街道）"])]


def test_a_table_cell_is_split_outside_brackets_only():
    from luoshi.intake.tables import split_units

    assert split_units("各乡（镇、街道）党委、区民政局") == ["各乡（镇、街道）党委", "区民政局"]
    assert split_units("甲局\n乙局 丙局") == ["甲局", "乙局", "丙局"]


def test_a_note_closing_a_headings_line_stays_with_the_heading_over_a_list_and_a_folded_paragraph():
    text = (
        "（二）稳定就业岗位。要引导甲企业，稳定岗位。引导乙职工，协商薪酬。引导丙劳动者，提升能力。"
        "（各有关部门和单位，各省级人民政府按职责分工负责）\n"
        "从专项资金中安排部分资金，用于稳就业工作。\n"
    )
    (node,) = parse_text(text).items
    assert node.lead_units == ["各有关部门和单位", "各省级人民政府"]
    assert all(not c.lead_units for c in node.children)


def test_a_clause_opening_with_a_time_after_a_labelled_unit_is_no_unit():
    (node,) = parse_text("（四）规范信息发布。牵头单位：区委网信办，6月底前出台工作办法。\n").items
    assert node.lead_units == ["区委网信办"]
    assert node.deadline == "6月底前"


def test_a_note_and_deadline_inside_an_ershi_item_stay_with_that_item():
    text = (
        "（三）加强网络安全。一是完善应急预案，定期组织演练。二是健全通报机制，牵头单位：甲办、乙局，"
        "配合单位：丙局，10月底前完成。三是强化队伍建设。\n"
    )
    (node,) = parse_text(text).items
    assert (node.lead_units, node.co_units) == ([], [])
    second = node.children[1]
    assert (second.marker, second.title) == ("二是", "健全通报机制")
    assert (second.lead_units, second.co_units, second.deadline) == (["甲办", "乙局"], ["丙局"], "10月底前")
    assert second.text.endswith("10月底前完成。")
