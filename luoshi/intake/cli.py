"""`luoshi parse FILE [--format json|md|xlsx] [--out PATH]`: run the intake parser on one file.

Never imports Django, so it starts fast and works without a configured project.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import parse_bytes
from .errors import IntakeError
from .model import Node, ParseResult

MESSAGES = {
    IntakeError.EMPTY: "文件为空，没有可解析的内容。",
    IntakeError.BINARY: "文件不是文本文档（看起来是图片或其他二进制文件）。",
    IntakeError.TOO_BIG: "文件过大，超出允许的上传大小。",
    IntakeError.BAD_ENCODING: "无法识别文件的文字编码，请另存为 UTF-8 或 GBK 文本后重试。",
    IntakeError.UNSUPPORTED: "暂不支持该文件格式，请上传 .txt、.docx、.xlsx 或 .xls 文件。",
    IntakeError.SCANNED: "这是扫描版 PDF，没有可提取的文字，请上传文字版文件。",
    IntakeError.CORRUPT: "文件已损坏或无法打开。",
}


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit status (2 when the document cannot be read)."""
    parser = argparse.ArgumentParser(prog="luoshi parse", description="解析工作部署文件，输出任务树草稿")
    parser.add_argument("file", help="文件路径；- 表示从标准输入读取")
    parser.add_argument("--format", choices=("json", "md", "xlsx"), default="json")
    parser.add_argument("--out", help="输出文件路径（xlsx 默认写到标准输出）")
    args = parser.parse_args(argv)

    try:
        if args.file == "-":
            data, name = sys.stdin.buffer.read(), ""
        else:
            path = Path(args.file)
            data, name = path.read_bytes(), path.name
    except OSError as exc:
        print(f"无法读取文件：{args.file}（{exc.strerror or exc}）", file=sys.stderr)
        return 2
    try:
        result = parse_bytes(data, name)
    except IntakeError as exc:
        print(f"解析失败：{MESSAGES.get(exc.code, '无法解析该文件。')}（{exc.code}）", file=sys.stderr)
        return 2

    if args.format == "xlsx":
        from .export_xlsx import write_division_table

        if args.out:
            write_division_table(result, args.out)
        else:
            write_division_table(result, sys.stdout.buffer)
        return 0
    if args.format == "json":
        output = json.dumps(result.to_dict(), ensure_ascii=False)
    else:
        output = to_markdown(result)
    if args.out:
        Path(args.out).write_text(output + "\n", encoding="utf-8")
    else:
        sys.stdout.write(output + "\n")
    return 0


def to_markdown(result: ParseResult) -> str:
    """A readable outline of the parse: meeting facts, then the task tree as nested bullets."""
    lines: list[str] = []
    meeting = result.meeting
    if meeting:
        lines.append(f"# {meeting.title or '会议'}")
        if meeting.date:
            lines.append(f"- 时间：{meeting.date}")
        for label, people in (("主持", meeting.chairs), ("讲话", meeting.speakers)):
            if people:
                lines.append(f"- {label}：" + "；".join(f"{p.title}{p.name}" for p in people))
        lines.append("")
    for node in result.items:
        _md_node(node, 0, lines)
    return "\n".join(lines).rstrip()


_SECTIONS = {"review": "回顾", "deploy": "部署"}


def _md_node(node: Node, depth: int, lines: list[str]) -> None:
    head = f"{node.marker} " if node.marker else ""
    extras = []
    if node.framework:
        extras.append(f"框架“{node.framework.name}”（{node.framework.count}项）")
    if node.lead_units:
        extras.append("牵头：" + "、".join(node.lead_units))
    if node.co_units:
        extras.append("配合：" + "、".join(node.co_units))
    if node.deadline:
        extras.append(f"时限：{node.deadline}")
    if node.targets:
        extras.append("指标：" + "、".join(f"{t.value:g}{t.unit}" for t in node.targets[:5]))
    if depth == 0 and node.section in _SECTIONS:
        extras.append(_SECTIONS[node.section])
    suffix = f" —— {'；'.join(extras)}" if extras else ""
    lines.append(f"{'  ' * depth}- {head}**{node.title}**{suffix}")
    for child in node.children:
        _md_node(child, depth + 1, lines)
