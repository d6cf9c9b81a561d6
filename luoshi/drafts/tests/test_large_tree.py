"""A large draft opens collapsed: the top level only, branches fetched on demand, edits keep what is open."""

from __future__ import annotations

import pytest
from django.urls import reverse

from luoshi.drafts import presenters
from luoshi.drafts import tree as T
from luoshi.drafts.models import Draft
from luoshi.drafts.presenters import CHUNK, Opened


def _node(node_id: int, title: str, children: list) -> dict:
    return {"id": node_id, "title": title, "text": title, "tier": "routine", "lead": [], "co": [],
            "targets": [], "children": children}  # fmt: skip


@pytest.fixture
def large(city, supervisor):
    """Three lines; the first has 150 tasks of 3 items each (over 600 items in all)."""
    ids = iter(range(1, 10**6))
    tree = []
    for a in range(3):
        tasks = [
            _node(next(ids), f"第{a + 1}线任务{b + 1}", [_node(next(ids), f"细项{a + 1}-{b + 1}-{c + 1}", []) for c in range(3)])
            for b in range(150 if a == 0 else 2)
        ]  # fmt: skip
        tree.append(_node(next(ids), f"任务线{a + 1}", tasks))
    return Draft.objects.create(
        deploying_unit=city, created_by=supervisor, title="大草稿", year=2025, tree=tree, next_id=next(ids)
    )


@pytest.fixture
def sv(client, supervisor):
    client.force_login(supervisor)
    return client


def test_a_large_tree_opens_with_the_top_level_only(sv, large):
    assert T.count(large.tree) > presenters.COLLAPSE_ABOVE
    page = sv.get(reverse("drafts:edit", args=[large.pk])).content.decode()
    assert "任务线1" in page and "任务线3" in page
    assert "第1线任务1" not in page
    assert "展开 150 个下级条目" in page
    assert f"共 {T.count(large.tree)} 个条目" in page


def test_a_small_tree_shows_every_item(sv, large):
    large.tree = large.tree[1:]  # 2 lines × 2 tasks × 3 items
    large.save()
    page = sv.get(reverse("drafts:edit", args=[large.pk])).content.decode()
    assert "细项2-1-1" in page and "展开" not in page


def test_opening_a_branch_fetches_its_children_a_chunk_at_a_time(sv, large):
    line = large.tree[0]
    body = sv.get(reverse("drafts:branch", args=[large.pk, line["id"]]) + "?start=0").content.decode()
    assert f'name="open" value="{line["id"]}:{CHUNK}"' in body
    assert ">1.1<" in body and f">1.{CHUNK}<" in body and f">1.{CHUNK + 1}<" not in body
    assert "再显示 50 条（还有 50 条未显示）" in body
    assert "展开 3 个下级条目" in body  # the tasks' own items stay closed
    more = sv.get(reverse("drafts:branch", args=[large.pk, line["id"]]) + f"?start={CHUNK}").content.decode()
    assert f">1.{CHUNK + 1}<" in more and ">1.150<" in more and "再显示" not in more


def test_a_missing_branch_is_404(sv, large):
    assert sv.get(reverse("drafts:branch", args=[large.pk, 999999])).status_code == 404


def test_an_edit_redraws_the_open_branches_and_the_way_to_the_edited_item(sv, large):
    line1, line2 = large.tree[0], large.tree[1]
    deep = line2["children"][1]["children"][0]
    response = sv.post(
        reverse("drafts:node", args=[large.pk, deep["id"], "rename"]),
        {"title": "改过的细项", "revision": large.revision, "open": [f"{line1['id']}:{CHUNK}", "bad", "1:x"]},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert "第1线任务100" in body and "第1线任务101" not in body  # the open branch, as far as it was open
    assert 'value="改过的细项"' in body  # the edited item's branch opened to show it
    assert "细项2-1-1" not in body  # a sibling branch on the way stays closed


def test_opened_fields_round_trip_and_ignore_junk():
    opened = Opened.from_fields(["5:100", "5:200", "x:1", "7:", "9:300"])
    assert opened.shown[5] == 200 and opened.shown[9] == 300 and 7 not in opened.shown
    assert sorted(Opened.from_fields(opened.fields()).shown.items()) == sorted(opened.shown.items())


def test_the_collapsed_page_stays_small_and_in_few_queries(sv, large, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        page = sv.get(reverse("drafts:edit", args=[large.pk])).content
    presenters_full = presenters.COLLAPSE_ABOVE
    try:
        presenters.COLLAPSE_ABOVE = 10**9
        whole = sv.get(reverse("drafts:edit", args=[large.pk])).content
    finally:
        presenters.COLLAPSE_ABOVE = presenters_full
    assert len(page) * 20 < len(whole)


def test_an_opened_branch_can_be_closed_again(sv, large):
    """Issue 11: a branch opened in the large-tree editor could not be collapsed again."""
    line, other = large.tree[0], large.tree[1]
    opened = sv.get(reverse("drafts:branch", args=[large.pk, line["id"]]) + "?start=0").content.decode()
    close = reverse("drafts:branch", args=[large.pk, line["id"]])
    assert f'hx-get="{close}?collapse=1"' in opened and "收起下级条目" in opened and "<script" not in opened
    # The tree is redrawn without the closed branch; another open branch stays open.
    tree = sv.get(
        close, {"collapse": "1", "open": [f"{line['id']}:{CHUNK}", f"{other['id']}:{CHUNK}"]}
    ).content.decode()
    assert 'id="tree"' in tree
    assert "第1线任务1" not in tree and "展开 150 个下级条目" in tree
    assert "第2线任务1" in tree and f'value="{other["id"]}:{CHUNK}"' in tree
    assert f'value="{line["id"]}:' not in tree


def test_a_branch_open_after_an_edit_offers_to_close_it(sv, large):
    line = large.tree[0]
    page = sv.get(
        reverse("drafts:branch", args=[large.pk, large.tree[1]["id"]]),
        {"collapse": "1", "open": [f"{line['id']}:{CHUNK}"]},
    ).content.decode()
    assert "第1线任务1" in page
    assert f'hx-get="{reverse("drafts:branch", args=[large.pk, line["id"]])}?collapse=1"' in page


def test_closing_closes_the_branches_below_too():
    tree = [_node(1, "线", [_node(2, "任务", [_node(3, "细项", [])])])]
    opened = Opened({0: CHUNK, 1: CHUNK, 2: CHUNK})
    opened.close(tree, 1)
    assert opened.shown == {0: CHUNK}
