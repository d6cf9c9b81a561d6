"""`luoshi parse`: formats, stdin, errors, and no Django."""

import io
import json
import subprocess
import sys

from luoshi.intake import cli

SAMPLE = "一、强化保障\n（一）完善制度。（市司法局牵头）\n（二）充实力量，年底前到位。\n"


def run(capsys, argv, stdin: bytes | None = None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    code = cli.main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_json_output_follows_the_contract(tmp_path, capsys):
    path = tmp_path / "plan.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    code, out, _ = run(capsys, [str(path), "--format", "json"])
    assert code == 0
    data = json.loads(out)
    assert data["meeting"] is None
    (top,) = data["items"]
    assert top["marker"] == "一、"
    first = top["children"][0]
    assert first["lead_units"] == ["市司法局"]
    keys = {"title", "text", "section", "framework", "children", "lead_units", "co_units", "marker"}
    assert keys | {"deadline", "targets"} <= set(first)


def test_markdown_output_is_an_outline(tmp_path, capsys):
    path = tmp_path / "plan.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    code, out, _ = run(capsys, [str(path), "--format", "md"])
    assert code == 0
    assert "- 一、 **强化保障**" in out
    assert "  - （一） **完善制度** —— 牵头：市司法局" in out


def test_it_reads_stdin_and_writes_to_a_file(tmp_path, capsys, monkeypatch):
    out_path = tmp_path / "out.json"
    code, out, _ = run(capsys, ["-", "--out", str(out_path)], SAMPLE.encode("utf-8"), monkeypatch)
    assert code == 0 and out == ""
    assert json.loads(out_path.read_text(encoding="utf-8"))["items"][0]["title"] == "强化保障"


def test_an_unreadable_document_exits_2_with_a_chinese_message(tmp_path, capsys):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    code, out, err = run(capsys, [str(path)])
    assert code == 2 and out == ""
    assert "文件为空" in err


def test_a_missing_file_exits_2(tmp_path, capsys):
    code, _, err = run(capsys, [str(tmp_path / "none.txt")])
    assert code == 2
    assert "无法读取文件" in err


def test_importing_the_parser_does_not_load_django():
    code = (
        "import sys, luoshi.intake, luoshi.intake.cli, luoshi.intake.text\n"
        "luoshi.intake.parse_text('一、测试')\n"
        "assert 'django' not in sys.modules, sorted(m for m in sys.modules if m.startswith('django'))\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
