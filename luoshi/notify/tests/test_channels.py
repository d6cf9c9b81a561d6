"""Channels against local servers: a real SMTP sink (aiosmtpd) and a fake 企业微信 robot; failures are
retried with a Chinese reason and end on the supervisors' list, never lost, never sent twice."""

import email
import email.policy
from datetime import timedelta

import pytest
from django.utils import timezone

from luoshi.notify.models import Channel, Delivery, Notification
from luoshi.notify.services import Recipient, notify, send_due

from .servers import free_port, smtp_sink, wecom_robot


@pytest.fixture
def smtp(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_TIMEOUT = 5
    return settings


def _chase(*recipients, office=None):
    return notify(
        list(recipients),
        kind="chase",
        kind_label="催办",
        title="【催办】任务 1 深化凝心工程",
        body="该任务已逾期。",
        link="/work/assignments/1/",
        level=2,
        deploying_unit=office,
    )


def test_an_email_arrives_at_the_smtp_sink(db, smtp):
    with smtp_sink() as (sink, port):
        smtp.EMAIL_PORT = port
        _chase(Recipient("王副部长", email="wang@example.cn"))
        assert send_due() == (1, 0)
        assert send_due() == (0, 0)  # nothing sent twice
    assert len(sink.messages) == 1
    assert sink.messages[0].rcpt_tos == ["wang@example.cn"]
    mail = email.message_from_bytes(sink.messages[0].content, policy=email.policy.default)
    assert str(mail["Subject"]) == "【催办】任务 1 深化凝心工程"
    assert "该任务已逾期。" in mail.get_content()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("sent", 1, "")


def test_no_email_delivery_without_an_smtp_server(db, settings):
    settings.EMAIL_HOST = ""
    _chase(Recipient("王副部长", email="wang@example.cn"))
    assert not Delivery.objects.exists()


def test_an_unreachable_smtp_server_is_retried_then_shown_and_sent_once_it_is_back(
    db, smtp, supervisor, city
):
    smtp.EMAIL_PORT = free_port()  # nothing listens there
    smtp.NOTIFY_MAX_ATTEMPTS = 2
    _chase(Recipient("王副部长", email="wang@example.cn"), office=city)
    assert send_due() == (0, 1)
    delivery = Delivery.objects.get()
    assert delivery.status == "pending" and delivery.attempts == 1
    assert "无法连接邮件服务器" in delivery.last_error
    assert delivery.next_try > timezone.now()
    assert send_due() == (0, 0)  # not before its next try
    assert send_due(now=delivery.next_try + timedelta(seconds=1)) == (0, 1)
    delivery.refresh_from_db()
    assert delivery.status == "failed" and delivery.attempts == 2 and delivery.next_try is None

    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(supervisor)
    page = client.get(reverse("notify:deliveries")).content.decode()
    assert "发送失败" in page and "无法连接邮件服务器" in page
    client.post(reverse("notify:retry", kwargs={"pk": delivery.pk}))
    with smtp_sink() as (sink, port):
        smtp.EMAIL_PORT = port
        assert send_due() == (1, 0)
        assert send_due() == (0, 0)
    assert len(sink.messages) == 1
    assert Delivery.objects.get().status == "sent"


def test_the_wecom_robot_gets_a_text_message(db):
    with wecom_robot() as (received, url):
        _chase(Recipient("江岸区工作群", webhook=url))
        assert send_due() == (1, 0)
        assert send_due() == (0, 0)
    assert len(received) == 1
    assert received[0]["msgtype"] == "text"
    assert "深化凝心工程" in received[0]["text"]["content"]


def test_a_robot_refusal_is_kept_with_its_error_code(db):
    with wecom_robot({"errcode": 93000, "errmsg": "invalid webhook url"}) as (received, url):
        _chase(Recipient("江岸区工作群", webhook=url))
        assert send_due() == (0, 1)
    delivery = Delivery.objects.get()
    assert (
        delivery.status == "pending"
        and "93000" in delivery.last_error
        and "企业微信拒绝" in delivery.last_error
    )


def test_a_robot_http_error_and_an_unreachable_robot_are_failures(db):
    with wecom_robot(status=500) as (received, url):
        _chase(Recipient("甲群", webhook=url))
        assert send_due() == (0, 1)
    assert "HTTP 500" in Delivery.objects.get().last_error
    Delivery.objects.all().delete()
    _chase(Recipient("乙群", webhook=f"http://127.0.0.1:{free_port()}/send"))
    assert send_due() == (0, 1)
    assert "无法连接企业微信接口" in Delivery.objects.get().last_error


def test_the_robot_message_is_cut_to_the_apis_limit(db):
    with wecom_robot() as (received, url):
        notify([Recipient("群", webhook=url)], kind="chase", kind_label="催办", title="长" * 2000)
        send_due()
    assert len(received[0]["text"]["content"].encode()) <= 2048


def test_in_app_notifications_need_no_sending(db, liaison):
    _chase(Recipient(str(liaison), user=liaison))
    assert Delivery.objects.get().channel == Channel.IN_APP
    assert Delivery.objects.get().status == "sent"
    assert send_due() == (0, 0)
    assert Notification.objects.get().read_at is None
