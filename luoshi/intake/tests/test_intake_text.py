"""The assembled tree on small documents of each kind (own fixture texts, not corpus sentences)."""

from luoshi.intake import parse_text
from luoshi.intake.units import find_notes

REPORT = (
    "本报讯（记者 某某）5月9日上午，全区人才工作会议召开。区委副书记孙文主持会议，区委书记周武出席并讲话。\n"
    "会议指出，过去一年，全区人才工作稳步推进。\n"
    "会议强调，要抓好三件事。\n"
    "要优化人才政策。修订扶持办法，年底前出台实施细则。\n"
    "要搭建服务平台。新建人才驿站5个。\n"
    "要营造良好氛围。每季度举办一次人才沙龙。\n"
)


def test_a_meeting_report_end_to_end():
    result = parse_text(REPORT)
    assert result.meeting.title == "全区人才工作会议"
    assert result.meeting.date == "5月9日上午"
    intro, review, deploy = result.items
    assert intro.title == "全区人才工作会议召开"
    assert review.section == "review" and deploy.section == "deploy"
    assert [c.title for c in deploy.children] == ["要优化人才政策", "要搭建服务平台", "要营造良好氛围"]
    first, second, third = deploy.children
    assert first.deadline == "年底前"
    assert [(t.value, t.unit) for t in second.targets] == [(5, "个")]
    assert third.deadline == "每季度"


def test_offsets_point_into_the_source():
    result = parse_text(REPORT)

    def walk(nodes):
        for node in nodes:
            assert REPORT[node.start : node.end] == node.text
            walk(node.children)

    walk(result.items)


def test_a_whole_outline_on_one_line_is_cut_into_headings():
    text = "市农业局工作要点。一、稳产保供。（一）稳定粮食面积。（二）抓好生猪生产。二、乡村建设。（一）改善人居环境。"
    result = parse_text(text)
    assert [n.title for n in result.items] == ["市农业局工作要点", "稳产保供", "乡村建设"]
    assert [c.title for c in result.items[1].children] == ["稳定粮食面积", "抓好生猪生产"]


def test_a_note_under_a_line_of_sub_items_belongs_to_the_item_above_them():
    text = "2.提升服务质量。\n（1）优化流程；（2）压缩时限。\n牵头单位：市政务办\n"
    (item,) = parse_text(text).items
    assert item.lead_units == ["市政务办"]
    assert [c.marker for c in item.children] == ["（1）", "（2）"]


def test_a_unit_marked_as_lead_inside_a_list():
    text = "责任单位：市民政局（牵头）、市财政局、市卫健委"
    (note,) = find_notes(text, 0, len(text))
    assert (note.lead, note.co) == (["市民政局"], ["市财政局", "市卫健委"])


def test_a_deadline_inside_a_bracketed_note_does_not_hide_the_note():
    text = "（市交通局牵头，9月底前完成）"
    (note,) = find_notes(text, 0, len(text))
    assert note.lead == ["市交通局"]


def test_a_framework_named_in_the_head_holds_its_items_directly():
    text = "会议要求，要落实“三项制度”：首问负责制度，限时办结制度，责任追究制度。"
    (node,) = parse_text(text).items
    assert node.framework.name == "三项制度"
    assert [c.title for c in node.children] == ["首问负责制度", "限时办结制度", "责任追究制度"]


def test_items_after_a_colon_parted_by_semicolons():
    text = "健全“两个机制”：健全定期会商的协调机制；完善跟踪问效的督办机制。"
    (node,) = parse_text(text).items
    assert node.framework.count == 2
    assert [c.title for c in node.children] == ["健全定期会商的协调机制", "完善跟踪问效的督办机制"]


def test_modal_clauses_parted_by_commas():
    text = "会议强调，全区上下要统一思想，要压实责任，要狠抓落实，确保取得实效。"
    (node,) = parse_text(text).items
    assert [c.title for c in node.children] == ["要统一思想", "要压实责任", "要狠抓落实"]


def test_a_plan_has_no_meeting_and_no_invented_units():
    text = "一、工作目标\n到年底，建成示范社区10个。\n二、工作措施\n（一）加强宣传（含线上线下）。\n"
    result = parse_text(text)
    assert result.meeting is None

    def walk(nodes):
        for node in nodes:
            assert node.lead_units == [] and node.co_units == []
            walk(node.children)

    walk(result.items)


def test_boilerplate_lines_are_not_tasks():
    text = "关于印发工作要点的通知\n各镇（街道），县直各单位：\n市府办〔2024〕3号\n2024年3月1日\n（此件公开发布）\n一、目标任务\n"
    assert [n.title for n in parse_text(text).items] == ["目标任务"]


def test_a_body_paragraph_under_a_numbered_heading_is_the_headings_text():
    text = (
        "一、主要任务\n（一）改造老旧小区。\n完成改造二十个小区。\n"
        "牵头单位：区住建局；配合单位：各街道；完成时限：9月底前\n"
        "（二）建设口袋公园。\n新建公园六个，每季度通报进度。（责任科室：园林科）\n"
    )
    (top,) = parse_text(text).items
    first, second = top.children
    assert first.title == "改造老旧小区" and first.children == []
    assert (first.lead_units, first.co_units, first.deadline) == (["区住建局"], ["各街道"], "9月底前")
    assert "二十个小区" in first.text
    assert second.children == [] and second.lead_units == ["园林科"]


def test_a_time_arrangement_line_joins_its_item_and_a_labelled_deadline_wins():
    text = "一、任务\n（1）修订制度。每季度自查。\n责任单位：办公室\n时间安排：7月底前\n（2）整理档案。\n"
    (top,) = parse_text(text).items
    first, second = top.children
    assert first.children == [] and first.lead_units == ["办公室"] and first.deadline == "7月底前"
    assert second.title == "整理档案"


def test_closing_words_are_not_an_item_of_the_last_heading():
    text = "在全区工作会议上的讲话\n二、抓好重点工作\n第一，稳住农业。抓春耕。\n第二，做强工业。抓技改。\n同志们，让我们共同努力！\n"
    items = parse_text(text).items
    assert [c.title for c in items[0].children] == ["稳住农业", "做强工业"]
    assert all(item.title != "同志们" for item in items)  # closing words are no item at all


def test_a_plan_heading_after_a_review_heading_is_deploy():
    text = "一、2026年工作回顾\n（一）成效明显。建成站点5个。\n二、2027年重点举措\n（一）扩大覆盖。新建站点8个。\n"
    review, deploy = parse_text(text).items
    assert review.section == "review" and review.children[0].section == "review"
    assert deploy.section == "deploy" and deploy.children[0].section == "deploy"


def test_a_lone_first_point_after_an_announcing_colon_in_one_line_is_the_lead_ins_item():
    text = (
        "凝心聚力在全区宣传工作座谈会上的讲话 会议之后，各单位认真传达学习。这里我就当前的重点工作讲几点意见："
        "第一，要理清思路，明确重点。全区宣传系统要大力倡导两种意识：一是服务大局的意识；二是狠抓落实的意识。"
    )
    (lead,) = parse_text(text).items
    assert [(c.marker, c.title) for c in lead.children] == [("第一", "要理清思路")]


def test_a_speechs_opening_that_the_meeting_is_held_is_marked_as_opening_not_a_task():
    text = (
        "同志们：\n"
        "今天召开全区安全生产工作会议，主要任务是总结去年工作，部署今年任务。\n"
        "一、抓好隐患排查\n要全面排查隐患，限期整改到位。\n"
        "二、压实工作责任\n要落实属地责任，强化考核问效。\n"
    )
    nodes = parse_text(text).items
    assert [(n.title, n.opening) for n in nodes] == [
        ("今天召开全区安全生产工作会议", True),
        ("抓好隐患排查", False),
        ("压实工作责任", False),
    ]
    assert parse_text(text).to_dict()["items"][0]["opening"] is True


def test_a_first_heading_right_after_an_announcing_colon_in_one_line_is_a_heading():
    text = "今天召开全市经贸工作会议，主要讨论城市经济工作。下面，我讲三点看法：一、提高认识，增强紧迫感我们要把工业抓上去。"
    heads = [(n.marker, n.title) for n in parse_text(text).items if n.marker]
    assert heads == [("一、", "提高认识")]
