"""The hash chain over the audit record: canonical payloads, the digest, appending, and checking.

A row's hash is digest(previous row's hash + its payload), the first row's previous hash being GENESIS.
The payload holds every column that matters, `seq` included, as canonical JSON (sorted keys, no spaces,
UTF-8 text), so the same facts always give the same bytes on any database.

Appends are serialised so two writers cannot both extend the same tail: on PostgreSQL a transaction-level
advisory lock, held until the caller's transaction ends; SQLite runs one write transaction at a time
(settings: transaction_mode IMMEDIATE). The unique `seq` is the last line of defence on either.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import connection

from .models import AuditEntry

GENESIS = "0" * 64
# pg_advisory_xact_lock key: any fixed bigint; this one spells "luoshi audit" closely enough in hex.
APPEND_LOCK = 0x1_0A5A_0D17
# The fields the payload carries, in the order the auditor reads them (the JSON itself sorts keys).
PAYLOAD_FIELDS = (
    "seq",
    "at",
    "actor_id",
    "actor_name",
    "ip",
    "action",
    "object_type",
    "object_id",
    "summary",
    "before",
    "after",
)


def digest(data: bytes) -> str:
    """The chain's hash function. Switching to SM3 (国密) is this one line, e.g.
    `return gmssl.sm3.sm3_hash(list(data))` — plus a migration re-chaining existing rows."""
    return hashlib.sha256(data).hexdigest()


def link_hash(prev_hash: str, payload: str) -> str:
    return digest(prev_hash.encode("ascii") + payload.encode("utf-8"))


def canonical(data: dict) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def timestamp(at: datetime) -> str:
    """UTC, microseconds always written, so a row read back from either database prints the same."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def payload_of(entry: AuditEntry) -> dict:
    """What the row's columns say, in payload form."""
    return {
        "seq": entry.seq,
        "at": timestamp(entry.at),
        "actor_id": entry.actor_id,
        "actor_name": entry.actor_name,
        "ip": entry.ip,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "summary": entry.summary,
        "before": entry.before,
        "after": entry.after,
    }


def lock_tail() -> None:
    """Serialise appends until the current transaction ends (PostgreSQL; a no-op elsewhere)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [APPEND_LOCK])


def tail() -> tuple[int, str]:
    """(seq, hash) of the last row, or (0, GENESIS) for an empty record."""
    last = AuditEntry.objects.order_by("-seq").values_list("seq", "hash").first()
    return last or (0, GENESIS)


def seal(entry: AuditEntry, prev_seq: int, prev_hash: str) -> None:
    """Number `entry` after the tail and fill payload and hashes from its columns. JSON values are
    normalised through the payload first (tuples become lists, …), so columns and payload agree."""
    entry.seq = prev_seq + 1
    data = payload_of(entry)
    entry.payload = canonical(data)
    normalised = json.loads(entry.payload)
    entry.before, entry.after = normalised["before"], normalised["after"]
    entry.prev_hash = prev_hash
    entry.hash = link_hash(prev_hash, entry.payload)


# --- checking ---------------------------------------------------------------------------------------------

FIELD_NAMES = {f: str(AuditEntry._meta.get_field(f).verbose_name) for f in PAYLOAD_FIELDS}


@dataclass(frozen=True)
class Break:
    """The first place the chain is broken: the row's sequence number and what is wrong, in Chinese."""

    seq: int
    problem: str

    def __str__(self) -> str:
        return f"第 {self.seq} 条：{self.problem}"


@dataclass(frozen=True)
class Report:
    checked: int
    last_seq: int
    last_hash: str
    broken: Break | None


def check_rows(rows: Iterator[AuditEntry], prev_seq: int = 0, prev_hash: str | None = GENESIS) -> Report:
    """Walk rows in `seq` order and stop at the first break. `prev_hash` None means: start mid-chain and
    trust the first row's stored previous hash (for checking the most recent rows only)."""
    checked = 0
    for entry in rows:
        problem = _problem(entry, prev_seq, prev_hash)
        if problem:
            return Report(checked, prev_seq, prev_hash or "", Break(entry.seq, problem))
        checked += 1
        prev_seq, prev_hash = entry.seq, entry.hash
    return Report(checked, prev_seq, prev_hash or GENESIS, None)


def _problem(entry: AuditEntry, prev_seq: int, prev_hash: str | None) -> str:
    if prev_hash is not None and entry.seq != prev_seq + 1:
        if entry.seq > prev_seq + 1:
            missing = (
                f"第 {prev_seq + 1} 条"
                if entry.seq == prev_seq + 2
                else f"第 {prev_seq + 1}–{entry.seq - 1} 条"
            )
            return f"序号不连续，缺少{missing}（记录被删除）"
        return f"序号应为 {prev_seq + 1}"
    if prev_hash is not None and entry.prev_hash != prev_hash:
        return "前一条哈希与上一条记录的哈希不符（记录被删除、插入或调换了顺序）"
    if link_hash(entry.prev_hash, entry.payload) != entry.hash:
        return "本条哈希与签名内容不符（签名内容或哈希被改动）"
    try:
        signed = json.loads(entry.payload)
    except ValueError:
        return "签名内容不是合法的 JSON"
    stored = json.loads(canonical(payload_of(entry)))
    for field in PAYLOAD_FIELDS:
        if signed.get(field) != stored[field]:
            return f"“{FIELD_NAMES[field]}”与签名内容不符（记录被改动）"
    return ""


def verify_all(chunk_size: int = 2000) -> Report:
    rows = AuditEntry.objects.order_by("seq").iterator(chunk_size=chunk_size)
    return check_rows(rows)


def verify_recent(count: int) -> Report:
    """Check the last `count` rows against each other (cheap enough for a page view)."""
    recent = list(AuditEntry.objects.order_by("-seq")[:count])
    recent.reverse()
    if not recent:
        return Report(0, 0, GENESIS, None)
    first = recent[0]
    start_hash = GENESIS if first.seq == 1 else None
    return check_rows(iter(recent), first.seq - 1, start_hash)
