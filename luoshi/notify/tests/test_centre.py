"""The notification centre: unread count in the header, filter by kind, mark read and all read."""

import pytest
from django.urls import reverse

from luoshi.notify.models import Notification
from luoshi.notify.services import Recipient, notify


def _send(user, kind, label, title):
    return notify([Recipient(str(user), user=user)], kind=kind, kind_label=label, title=title, link="/work/")[
        0
    ]


@pytest.fixture
def inbox(liaison):
    return [
        _send(liaison, "reminder", "临近提醒", "提醒：任务一"),
        _send(liaison, "chase", "催办", "催办：任务二"),
        _send(liaison, "chase", "催办", "催办：任务三"),
    ]


def test_the_header_shows_the_unread_count(client, liaison, inbox):
    client.force_login(liaison)
    page = client.get(reverse("reports:my_tasks")).content.decode()
    assert '<span class="unread-count" title="未读通知">3</span>' in page


def test_no_count_when_all_is_read(client, liaison, inbox):
    Notification.objects.update(read_at="2025-01-01T00:00Z")
    client.force_login(liaison)
    page = client.get(reverse("notify:inbox")).content.decode()
    assert "unread-count" not in page


def test_the_filter_by_kind_keeps_one_kind(client, liaison, inbox):
    client.force_login(liaison)
    page = client.get(reverse("notify:inbox"), {"kind": "chase"}).content.decode()
    assert "催办：任务二" in page and "催办：任务三" in page and "提醒：任务一" not in page
    # An unknown kind shows everything rather than an empty page.
    page = client.get(reverse("notify:inbox"), {"kind": "<script>"}).content.decode()
    assert "提醒：任务一" in page and "<script>" not in page


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(client, liaison, inbox):
    client.force_login(liaison)
    response = client.post(reverse("notify:read", kwargs={"pk": inbox[0].pk}), {"open": "1"})
    assert response.status_code == 302 and response.url == "/work/"
    inbox[0].refresh_from_db()
    assert inbox[0].read_at is not None
    assert Notification.objects.filter(read_at__isnull=True).count() == 2


def test_a_link_off_the_site_is_not_followed(client, liaison):
    n = notify(
        [Recipient("x", user=liaison)],
        kind="chase",
        kind_label="催办",
        title="t",
        link="https://evil.example/",
    )[0]
    client.force_login(liaison)
    response = client.post(reverse("notify:read", kwargs={"pk": n.pk}), {"open": "1"})
    assert response.url == reverse("notify:inbox")


def test_mark_all_read_within_a_kind(client, liaison, inbox):
    client.force_login(liaison)
    client.post(reverse("notify:read_all"), {"kind": "chase"})
    assert list(Notification.objects.filter(read_at__isnull=True).values_list("kind", flat=True)) == [
        "reminder"
    ]
    client.post(reverse("notify:read_all"))
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_nobody_reads_anothers_notifications(client, other_liaison, inbox):
    client.force_login(other_liaison)
    assert "催办：任务二" not in client.get(reverse("notify:inbox")).content.decode()
    assert client.post(reverse("notify:read", kwargs={"pk": inbox[1].pk})).status_code == 404
    assert Notification.objects.filter(read_at__isnull=True).count() == 3
