"""The plan's 甘特图 draws in a real browser (ECharts from static/vendor, no inline script) and prints on
A4 landscape."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from luoshi.tests import factories as f

pytestmark = pytest.mark.browser


@pytest.fixture
def cast(transactional_db, supervisor, own_assignment, task, plan):
    f.TaskFactory(plan=plan, code="2", title="深化聚力工程")
    return plan


def test_gantt_draws_and_prints_on_a4_landscape(cast, person):
    duban = person("duban")
    page = duban.page
    page.get_by_role("link", name=cast.title).click()
    page.get_by_role("link", name="甘特图").click()
    expect(page.locator("#gantt svg")).to_be_visible()
    duban.shot("gantt")
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    width, height = (float(x) for x in re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf).groups())
    assert width > height and abs(width - 841.9) < 2  # A4 landscape, in points
    assert duban.errors == []
