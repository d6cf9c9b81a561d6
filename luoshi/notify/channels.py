"""The channels a notification travels by, behind one interface: `send(delivery)` returns when the message
is handed over and raises `SendFailed` with a Chinese reason when it is not. In-app needs no sending (the
notification row is the message); e-mail goes through Django's mail backend when `EMAIL_HOST` is set; the
企业微信 group robot is one HTTP POST of JSON to its webhook (its documented API: a `text` message, answered
with `{"errcode": 0, "errmsg": "ok"}`). SMS, 钉钉 or 浙政钉 would be one more class here."""

from __future__ import annotations

import json
import smtplib
import urllib.error
import urllib.request
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from .models import Channel, Delivery

WECOM_MAX_BYTES = 2048  # the robot refuses a text message longer than this (UTF-8 bytes)


class SendFailed(Exception):
    """A delivery that did not go out; the message is Chinese and is stored as the delivery's last error."""


class Sender(Protocol):
    def send(self, delivery: Delivery) -> None: ...


def message_text(delivery: Delivery) -> str:
    n = delivery.notification
    text = f"{n.title}\n{n.body}".strip()
    if n.link and settings.SITE_URL:
        text += f"\n{settings.SITE_URL.rstrip('/')}{n.link}"
    return text


def email_enabled() -> bool:
    """E-mail is sent only when an SMTP server is configured."""
    return bool(settings.EMAIL_HOST)


class InApp:
    def send(self, delivery: Delivery) -> None:
        """Nothing to carry: the recipient reads the notification in the notification centre."""


class Email:
    def send(self, delivery: Delivery) -> None:
        n = delivery.notification
        try:
            with get_connection(fail_silently=False, timeout=settings.EMAIL_TIMEOUT) as connection:
                EmailMessage(
                    subject=n.title, body=message_text(delivery), to=[delivery.address], connection=connection
                ).send()
        except TimeoutError as exc:
            raise SendFailed(f"连接邮件服务器超时（{settings.EMAIL_HOST}:{settings.EMAIL_PORT}）") from exc
        except smtplib.SMTPException as exc:
            raise SendFailed(f"邮件服务器拒绝发送：{exc}"[:300]) from exc
        except OSError as exc:
            raise SendFailed(
                f"无法连接邮件服务器（{settings.EMAIL_HOST}:{settings.EMAIL_PORT}）：{exc.strerror or exc}"[
                    :300
                ]
            ) from exc


class WecomRobot:
    """企业微信群机器人: POST {"msgtype": "text", "text": {"content": …}} to the group's webhook URL."""

    def send(self, delivery: Delivery) -> None:
        content = message_text(delivery).encode()[:WECOM_MAX_BYTES].decode(errors="ignore")
        body = json.dumps({"msgtype": "text", "text": {"content": content}}, ensure_ascii=False).encode()
        request = urllib.request.Request(
            delivery.address, data=body, headers={"Content-Type": "application/json"}, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=settings.NOTIFY_HTTP_TIMEOUT) as response:
                answer = json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as exc:
            raise SendFailed(f"企业微信接口返回 HTTP {exc.code}") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise SendFailed(f"无法连接企业微信接口：{reason}"[:300]) from exc
        except ValueError as exc:
            raise SendFailed("企业微信接口的应答不是 JSON") from exc
        if not isinstance(answer, dict) or answer.get("errcode") != 0:
            code = answer.get("errcode") if isinstance(answer, dict) else None
            message = answer.get("errmsg", "") if isinstance(answer, dict) else ""
            raise SendFailed(f"企业微信拒绝发送：错误码 {code} {message}"[:300])


SENDERS: dict[str, Sender] = {Channel.IN_APP: InApp(), Channel.EMAIL: Email(), Channel.WECOM: WecomRobot()}
