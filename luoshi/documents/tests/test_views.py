"""The 通报 page shows the generated text in editable sections and downloads what was edited; the returns
page imports a liaison's own sheet and lists every problem of a bad one."""

import io
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from luoshi.reports.models import Report

from .returns_files import filled
from .test_results_bulletin import final, scheme_in_publicity  # noqa: F401  (fixtures)
from .test_returns import GOOD, PERIOD, work  # noqa: F401  (the fixture)


def _visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_the_bulletin_page_shows_the_generated_text(client, supervisor, june):
    client.force_login(supervisor)
    page = client.get(reverse("documents:bulletin", args=[june.pk])).content.decode()
    assert "关于2025年统战工作要点6月份落实和报送情况的通报" in page
    assert "现将有关情况通报如下。" in page and "一是提高思想认识" in page
    assert "6月份任务落实情况表" in page and "改为生成考核结果通报" in page


def test_the_results_bulletin_is_edited_on_the_same_page(client, supervisor, june, final):  # noqa: F811
    client.force_login(supervisor)
    url = reverse("documents:bulletin", args=[june.pk])
    page = client.get(url, {"kind": "results"})
    html = page.content.decode()
    assert "<h1>考核结果通报</h1>" in html and "现将考核结果通报如下。" in html
    assert "2025年度区目标考核结果排名" in html and "2025年度任务落实情况表" in html
    form = page.context["form"]
    data = {name: form.initial.get(name, field.initial) or "" for name, field in form.fields.items()}
    data["kind"] = "results"
    data["body_2"] = "江岸区委统战部工作成效突出。"
    response = client.post(url, data)
    doc = Document(io.BytesIO(response.content))
    text = [p.text for p in doc.paragraphs]
    assert text[0] == "关于2025年统战工作要点目标考核结果的通报"
    assert "江岸区委统战部工作成效突出。" in text and "二、好的做法" in text
    assert len(doc.tables) == 2  # the ranking and the year's 落实情况表, from the data


def test_an_unknown_kind_of_bulletin_is_not_found(client, supervisor, june):
    client.force_login(supervisor)
    assert client.get(reverse("documents:bulletin", args=[june.pk]), {"kind": "x"}).status_code == 404


def test_the_results_bulletin_waits_for_final_results(client, supervisor, june, scheme_in_publicity):  # noqa: F811
    client.force_login(supervisor)
    html = client.get(reverse("documents:bulletin", args=[june.pk]), {"kind": "results"}).content.decode()
    assert "考核结果尚未确定" in html and "下载通报" not in html


def test_the_score_table_downloads_for_the_office_and_leaders(client, supervisor, leader, june, final):  # noqa: F811
    from openpyxl import load_workbook

    for user in (supervisor, leader):
        client.force_login(user)
        response = client.get(reverse("documents:scores", args=[june.pk]))
        assert response["Content-Type"].startswith(
            "application/vnd.openxmlformats-officedocument.spreadsheetml"
        )
        assert load_workbook(io.BytesIO(response.content)).sheetnames == ["区"]


def test_the_download_carries_the_edits(client, supervisor, june):
    client.force_login(supervisor)
    page = client.get(reverse("documents:bulletin", args=[june.pk]))
    form = page.context["form"]
    data = {name: form.initial.get(name, field.initial) or "" for name, field in form.fields.items()}
    data["body_2"] = "江岸区委统战部报送及时、内容详实。"
    data["issued_on"] = "2025-07-06"
    response = client.post(reverse("documents:bulletin", args=[june.pk]), data)
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    text = [p.text for p in Document(io.BytesIO(response.content)).paragraphs]
    assert "江岸区委统战部报送及时、内容详实。" in text
    assert "二、好的做法" in text and "2025年7月6日" in text
    assert "江岸区委统战部高度重视任务落实和进度报送工作" not in "".join(text)


def test_a_period_without_reports_is_said_in_chinese(client, supervisor, plan):
    client.force_login(supervisor)
    page = client.get(reverse("documents:bulletin", args=[plan.pk])).content.decode()
    assert "该工作部署还没有任何进度报送" in page


def test_a_liaison_imports_their_own_return(client, liaison, plan, own_unit, work):  # noqa: F811
    client.force_login(liaison)
    page = client.get(reverse("documents:returns")).content.decode()
    assert plan.title in page and "下载" in page
    upload = SimpleUploadedFile("报送表.xlsx", filled(plan, own_unit, PERIOD, GOOD))
    response = client.post(reverse("documents:returns"), {"plan": plan.pk, "period": PERIOD, "file": upload})
    assert response.status_code == 302
    assert Report.objects.filter(status="draft", period=PERIOD).count() == 2


def test_problems_are_listed_on_the_page(client, liaison, plan, own_unit, work):  # noqa: F811
    client.force_login(liaison)
    bad = {("2", ""): {"完成进度（%）": "一半"}}
    upload = SimpleUploadedFile("报送表.xlsx", filled(plan, own_unit, PERIOD, bad))
    response = client.post(reverse("documents:returns"), {"plan": plan.pk, "period": PERIOD, "file": upload})
    page = response.content.decode()
    assert response.status_code == 200
    assert "第7行“完成进度（%）”列：应填0到100的整数，现为“一半”。" in page
    assert not Report.objects.exists()


def _english(client, user, url) -> set[str]:
    client.force_login(user)
    text = _visible_text(client.get(url).content.decode())
    return set(re.findall(r"[A-Za-z]{3,}", text)) - {"xlsx", "xlsm", "Excel", "Word", user.username}


def test_the_bulletin_page_speaks_chinese_only(client, supervisor, june):
    assert not _english(client, supervisor, reverse("documents:bulletin", args=[june.pk]))


def test_the_returns_page_speaks_chinese_only(client, liaison, plan, work):  # noqa: F811
    assert not _english(client, liaison, reverse("documents:returns"))
