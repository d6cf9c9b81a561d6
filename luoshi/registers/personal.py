"""Personal data at rest: phone numbers and ID numbers of the 党外代表人士 register are stored encrypted
(AES-256-GCM from `cryptography`, a fresh nonce per value) and, for the ID number, as a keyed hash
(HMAC-SHA256) that finds duplicates without decrypting anything. Both keys are derived (HKDF) from
settings.PERSONAL_DATA_KEY (the environment's LUOSHI_PERSONAL_DATA_KEY), falling back to SECRET_KEY.
Lists show the masked form; the full value is decrypted only for the full view, which is audited."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
from functools import cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

from luoshi.lib.errors import ServiceError

PREFIX = "v1:"  # the format of a stored value: v1:base64(nonce ‖ ciphertext+tag)
ID_NUMBER = re.compile(r"^\d{17}[\dX]$")
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
PHONE = re.compile(r"^(1\d{10}|0\d{2,3}-?\d{7,8})$")


@cache
def _keys(secret: str) -> tuple[bytes, bytes]:
    def derive(purpose: bytes) -> bytes:
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"luoshi-personal", info=purpose).derive(
            secret.encode()
        )

    return derive(b"encrypt"), derive(b"lookup")


def _secret() -> str:
    return settings.PERSONAL_DATA_KEY or settings.SECRET_KEY


def encrypt(value: str) -> str:
    if not value:
        return ""
    nonce = os.urandom(12)
    sealed = AESGCM(_keys(_secret())[0]).encrypt(nonce, value.encode(), None)
    return PREFIX + base64.b64encode(nonce + sealed).decode()


def decrypt(stored: str) -> str:
    if not stored:
        return ""
    if not stored.startswith(PREFIX):
        raise ServiceError("个人信息密文格式不正确。")
    raw = base64.b64decode(stored[len(PREFIX) :])
    try:
        return AESGCM(_keys(_secret())[0]).decrypt(raw[:12], raw[12:], None).decode()
    except InvalidTag:
        raise ServiceError("个人信息无法解密：加密密钥与保存时不一致，请联系系统管理员。") from None


def lookup_hash(id_number: str) -> str:
    """The keyed hash that makes an ID number unique in the register without storing it in clear."""
    return hmac.new(_keys(_secret())[1], id_number.encode(), hashlib.sha256).hexdigest()


def clean_id_number(value: str) -> str:
    """A valid 18-digit 居民身份证号码 (check digit verified), upper-case X; ServiceError otherwise."""
    value = (value or "").strip().upper()
    if not ID_NUMBER.match(value):
        raise ServiceError("身份证号码应为18位（最后一位可为X）。")
    total = sum(int(d) * w for d, w in zip(value[:17], ID_WEIGHTS, strict=True))
    if ID_CHECK[total % 11] != value[17]:
        raise ServiceError("身份证号码校验位不正确，请核对。")
    return value


def clean_phone(value: str) -> str:
    value = re.sub(r"\s", "", value or "")
    if value and not PHONE.match(value):
        raise ServiceError("联系电话应为11位手机号码或带区号的固定电话。")
    return value


def mask_id_number(value: str) -> str:
    return f"{value[:4]}{'*' * 10}{value[-4:]}" if value else ""


def mask_phone(value: str) -> str:
    return f"{value[:3]}****{value[-4:]}" if len(value) >= 7 else ("*" * len(value))
