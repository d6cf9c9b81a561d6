"""A task imported from a document shows the words it came from (原文) on the overview and the edit page."""

from django.urls import reverse

from luoshi.conftest import login
from luoshi.plans.source import source_excerpt
from luoshi.tests import factories as f

SOURCE = (
    "一、加强思想政治引领\n"
    "（一）深化理论学习。组织专题培训，全年培训200人次。（市民宗委牵头）\n"
    "（二）健全工作机制。完善联系制度。\n"
)
QUOTE = "（一）深化理论学习。组织专题培训，全年培训200人次。（市民宗委牵头）"


def _imported(plan):
    plan.source_text = SOURCE
    plan.save(update_fields=["source_text"])
    start = SOURCE.index(QUOTE)
    return f.TaskFactory(
        plan=plan, code="1", title="深化理论学习", source_start=start, source_end=start + len(QUOTE)
    )


def test_the_overview_row_discloses_the_source_sentence(client, supervisor, plan):
    task = _imported(plan)
    f.TaskFactory(plan=plan, code="2", title="手工添加的任务")  # no offsets: no 原文
    page = login(client, supervisor).get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert page.count("<summary>原文</summary>") == 1
    assert f"<mark>{QUOTE}</mark>" in page
    assert task.title in page


def test_the_edit_page_discloses_the_source_with_its_paragraph(client, supervisor, plan):
    task = _imported(plan)
    page = login(client, supervisor).get(reverse("plans:task_edit", args=[task.pk])).content.decode()
    assert "<summary>原文</summary>" in page and f"<mark>{QUOTE}</mark>" in page


def test_a_task_without_offsets_shows_no_source(client, supervisor, plan):
    task = f.TaskFactory(plan=plan, code="1")
    page = login(client, supervisor).get(reverse("plans:task_edit", args=[task.pk])).content.decode()
    assert "<summary>原文</summary>" not in page


def test_the_overview_with_sources_still_issues_no_query_per_task(
    client, supervisor, plan, own_unit, django_assert_max_num_queries
):
    plan.source_text = "第一句。\n" * 200
    plan.save(update_fields=["source_text"])
    for i in range(30):
        t = f.TaskFactory(plan=plan, code=str(i + 1), source_start=i * 5, source_end=i * 5 + 4)
        f.AssignmentFactory(task=t, unit=own_unit)
    login(client, supervisor)
    with django_assert_max_num_queries(11):  # 10, and the header's unread-notification count
        r = client.get(reverse("plans:detail", args=[plan.pk]))
    assert r.content.decode().count("<summary>原文</summary>") == 30


def test_the_excerpt_keeps_context_within_the_paragraph():
    start = SOURCE.index("组织专题培训")
    e = source_excerpt(SOURCE, start, start + len("组织专题培训，全年培训200人次。"))
    assert e.before == "（一）深化理论学习。"
    assert e.quote == "组织专题培训，全年培训200人次。"
    assert e.after == "（市民宗委牵头）"


def test_the_excerpt_cuts_long_context_and_shows_table_cells_apart():
    source = "甲" * 100 + "序号\t任务\t牵头单位" + "乙" * 100
    start = 100
    e = source_excerpt(source, start, start + len("序号\t任务\t牵头单位"), context=10)
    assert e.before == "…" + "甲" * 10 and e.after == "乙" * 10 + "…"
    assert e.quote == "序号 ｜ 任务 ｜ 牵头单位"


def test_no_excerpt_without_usable_offsets():
    assert source_excerpt("", 0, 3) is None
    assert source_excerpt("abc", None, 3) is None
    assert source_excerpt("abc", 2, 2) is None
    assert source_excerpt("a  b", 1, 3) is None  # only spaces
