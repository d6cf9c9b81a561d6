"""Running the parser outside the web worker: the input on the shared media directory, a detached process
per draft, and a child with limits on time, memory and characters.

A request stores the upload (`store_input`) and starts `luoshi parse_draft ID` detached (`spawn`), so the
worker answers at once and any app server may pick the result up from the database. That command runs
`python -m luoshi.intake.job` as a child (`run_child`) with RLIMIT_AS (memory) and RLIMIT_CPU set in the
child and a wall-clock timeout, and turns whatever happens to it into a ParseResult or a Chinese message.
"""

from __future__ import annotations

import json
import logging
import math
import resource
import subprocess
import sys
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from luoshi.intake import ParseResult
from luoshi.intake.job import OUT_OF_MEMORY, TOO_LONG, load_result

from .messages import FALLBACK, intake_message

log = logging.getLogger(__name__)

INPUT_DIR = "intake"
JOB = ["-m", "luoshi.intake.job"]  # what the child runs, after the interpreter
# A parse still "parsing" this long after its time limit died without a word (its process was killed,
# the machine restarted): it is marked failed.
STALE_GRACE_SECONDS = 60

TOO_LONG_MESSAGE = "文稿太长：提取出的文字超过了 {limit} 字的上限。请删去无关内容或分成几份后再导入。"
TIMEOUT_MESSAGE = "解析超过 {seconds} 秒仍未完成，已停止。请删去无关内容或分成几份后再导入。"
MEMORY_MESSAGE = "解析这份文稿所需的内存超过了 {mb} MB 的上限，已停止。请删去无关内容或分成几份后再导入。"
STALE_MESSAGE = "解析意外中断，没有得到结果。请重新导入；如果再次失败，请删去无关内容或分成几份后再导入。"


@dataclass(frozen=True)
class Outcome:
    """What a parse came to: a result, or the message to show instead."""

    result: ParseResult | None = None
    message: str = ""


def store_input(data: bytes, filename: str) -> str:
    """Save the document on the media directory (shared by every app server); its path under MEDIA_ROOT."""
    suffix = Path(filename).suffix.lower()[:10] if filename else ".txt"
    relative = f"{INPUT_DIR}/{uuid.uuid4().hex}{suffix}"
    path = Path(settings.MEDIA_ROOT) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return relative


def remove_input(relative: str) -> None:
    if relative:
        (Path(settings.MEDIA_ROOT) / relative).unlink(missing_ok=True)


def spawn(draft_id: int) -> None:
    """Start `luoshi parse_draft ID` detached from this process: through a short-lived intermediate, so the
    parse belongs to init (no zombie left in the web worker) and outlives the request."""
    command = [sys.executable, "-m", "luoshi.cli", "parse_draft", str(draft_id)]
    launcher = (
        "import subprocess, sys; subprocess.Popen(sys.argv[1:], start_new_session=True, close_fds=True)"
    )
    subprocess.run(
        [sys.executable, "-c", launcher, *command],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        check=True,
        timeout=30,
    )


def run_child(relative: str, filename: str, *, pasted: bool) -> Outcome:
    """Parse the stored input in a limited child process and wait for it."""
    seconds, memory_mb = settings.INTAKE_PARSE_SECONDS, settings.INTAKE_PARSE_MEMORY_MB

    def limit_child() -> None:  # runs in the child between fork and exec
        address_space = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
        cpu = math.ceil(seconds) + 1
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))

    with tempfile.TemporaryDirectory(prefix="luoshi-parse-") as tmp:
        output = Path(tmp) / "result.json"
        command = [
            sys.executable,
            *JOB,
            str(Path(settings.MEDIA_ROOT) / relative),
            str(output),
            f"--filename={filename}",
            f"--max-bytes={settings.INTAKE_MAX_BYTES}",
            f"--max-chars={settings.INTAKE_MAX_CHARS}",
            *(["--pasted"] if pasted else []),
        ]
        try:
            done = subprocess.run(
                command, preexec_fn=limit_child, capture_output=True, timeout=seconds, check=False
            )
        except subprocess.TimeoutExpired:  # run() has killed the child
            return Outcome(message=TIMEOUT_MESSAGE.format(seconds=seconds))
        if done.returncode == OUT_OF_MEMORY or (done.returncode < 0 and not output.exists()):
            # A negative status is a signal: the kernel refusing memory at the limit, or the CPU limit.
            if done.returncode == -9 or done.returncode == -24:  # SIGKILL / SIGXCPU from RLIMIT_CPU
                return Outcome(message=TIMEOUT_MESSAGE.format(seconds=seconds))
            return Outcome(message=MEMORY_MESSAGE.format(mb=memory_mb))
        if done.returncode != 0 or not output.exists():
            log.error("intake parser failed (status %s): %s", done.returncode, done.stderr.decode()[-2000:])
            return Outcome(message=FALLBACK)
        answer = json.loads(output.read_text(encoding="utf-8"))
    if "error" in answer:
        if answer["error"] == TOO_LONG:
            return Outcome(message=TOO_LONG_MESSAGE.format(limit=_characters(settings.INTAKE_MAX_CHARS)))
        return Outcome(message=intake_message(answer["error"]))
    return Outcome(result=load_result(answer["result"]))


def _characters(n: int) -> str:
    """2000000 → 200万; small limits (in tests) as they are."""
    return f"{n / 10000:g}万" if n >= 10000 else str(n)
