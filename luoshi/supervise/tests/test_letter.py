"""The 催办通知单 / 警示通知单 of a notice, composed from the data and laid out as GB/T 9704; the tests read
the .docx XML (2025's National Day holiday: 1–8 October off, Saturday 11 October worked)."""

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from luoshi.documents.tests.docx_xml import W, parts, runs_with_text
from luoshi.supervise.letter import letter_file
from luoshi.supervise.models import Notice
from luoshi.supervise.run import supervise
from luoshi.tests import factories as f
from luoshi.workdays.models import working_days

DUE = date(2025, 9, 30)


@pytest.fixture
def due_assignment(task, own_unit, liaison):
    task.deadline = DUE
    task.save(update_fields=["deadline"])
    a = f.AssignmentFactory(task=task, unit=own_unit, acknowledged=True, assigned_on=date(2025, 9, 1))
    f.ReportFactory(assignment=a, period="2025-09", status="accepted", created_by=liaison)
    a.last_reported_at = datetime(2025, 9, 29, 2, tzinfo=UTC)
    a.save(update_fields=["last_reported_at"])
    return a


def notice_on(assignment, kind, day: date) -> Notice:
    supervise(day, send=False)
    notice = Notice.objects.get(assignment=assignment, kind=kind)
    Notice.objects.filter(pk=notice.pk).update(created_at=timezone.make_aware(datetime(2025, 10, 9, 10)))
    notice.refresh_from_db()
    return notice


def text_of(data: bytes) -> list[str]:
    body = parts(data)["word/document.xml"]
    return ["".join(t.text or "" for t in p.iter(f"{{{W}}}t")) for p in body.iter(f"{{{W}}}p")]


def test_the_chase_letter_says_who_what_since_when_and_by_when_to_reply(due_assignment):
    notice = notice_on(due_assignment, "chase", date(2025, 10, 9))
    name, data = letter_file(notice, working_days())
    assert name == "催办通知单（催〔2025〕1号）江岸区.docx"
    lines = [line for line in text_of(data) if line]
    assert lines[:3] == ["催办通知单", "催〔2025〕1号", "江岸区委统战部："]
    body = "".join(lines)
    assert "你单位牵头承办的《2025年统战工作要点》任务1“深化凝心工程”" in body
    assert "办结时限为2025年9月30日，截至2025年10月9日已逾期1个工作日，仍未办结。" in body
    # Three working days to reply: 10, 11 (the make-up Saturday) and 13 October.
    assert "于2025年10月13日前将办理进展、存在问题及下步措施书面报送某市委统战部" in body
    assert lines[-2:] == ["某市委统战部", "2025年10月9日"]  # Arabic numerals, GB/T 9704


def test_the_title_is_set_as_an_official_title_and_the_number_centred(due_assignment):
    notice = notice_on(due_assignment, "chase", date(2025, 10, 9))
    document = parts(letter_file(notice, working_days())[1])["word/document.xml"]
    title = runs_with_text(document, "催办通知单")[0]
    assert title.find(f"{{{W}}}rPr/{{{W}}}rFonts").get(f"{{{W}}}eastAsia") == "方正小标宋简体"
    number = runs_with_text(document, "催〔2025〕1号")[0].getparent()
    assert number.find(f"{{{W}}}pPr/{{{W}}}jc").get(f"{{{W}}}val") == "center"


def test_a_warning_is_a_warning_letter_with_its_own_numbers_and_asks_the_leader(due_assignment):
    notice_on(due_assignment, "chase", date(2025, 10, 9))
    warning = notice_on(due_assignment, "warning", date(2025, 10, 15))
    name, data = letter_file(warning, working_days())
    body = "".join(text_of(data))
    assert name.startswith("警示通知单（警〔2025〕1号）")
    assert "经催办仍未办结" in body and "请单位分管领导亲自督促落实。" in body


def test_a_signing_chase_asks_for_the_signature(task, own_unit):
    a = f.AssignmentFactory(task=task, unit=own_unit, assigned_on=date(2025, 9, 26))
    notice = notice_on(a, "acknowledge", date(2025, 9, 29))
    body = "".join(text_of(letter_file(notice, working_days())[1]))
    assert "应于2025年9月28日前签收，截至2025年10月9日仍未签收。" in body
    assert "请你单位接此通知后立即签收" in body


def test_numbers_count_the_offices_letters_of_the_year(due_assignment, other_task, other_unit):
    other_task.deadline = DUE
    other_task.save(update_fields=["deadline"])
    f.AssignmentFactory(task=other_task, unit=other_unit, acknowledged=True)  # never reported: 漏报 too
    supervise(date(2025, 10, 9), send=False)
    Notice.objects.update(created_at=timezone.make_aware(datetime(2025, 10, 9, 10)))
    letters = Notice.objects.exclude(kind="reminder").order_by("id")
    numbers = [letter_file(n, working_days())[0].split("（")[1].split("）")[0] for n in letters]
    assert len(letters) >= 3
    assert numbers == [f"催〔2025〕{i}号" for i in range(1, len(letters) + 1)]


def test_the_unit_downloads_its_letter_and_another_unit_cannot(
    client, due_assignment, liaison, other_liaison
):
    notice = notice_on(due_assignment, "chase", date(2025, 10, 9))
    url = reverse("supervise:letter", kwargs={"pk": notice.pk})
    client.force_login(liaison)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert "江岸区委统战部：" in text_of(response.content)
    client.force_login(other_liaison)
    assert client.get(url).status_code == 404


def test_a_reminder_has_no_letter_and_the_chase_page_links_only_letters(client, due_assignment, supervisor):
    reminder = notice_on(due_assignment, "reminder", date(2025, 9, 26))
    chase = notice_on(due_assignment, "chase", date(2025, 10, 9))
    client.force_login(supervisor)
    assert client.get(reverse("supervise:letter", kwargs={"pk": reminder.pk})).status_code == 404
    page = client.get(reverse("supervise:chase", kwargs={"pk": due_assignment.pk})).content.decode()
    assert reverse("supervise:letter", kwargs={"pk": chase.pk}) in page
    assert reverse("supervise:letter", kwargs={"pk": reminder.pk}) not in page
