"""Benchmark the intake text parser against jieba word segmentation on the same texts.

    .venv/bin/python bench/bench_intake.py [--corpus ../shared/corpus/dev] [--repeat 7]

Prints, per dev-corpus text, the median parse time and the median `jieba.lcut` time over the same text
in the same process, then the ratio of the totals (goal: parser / jieba ≤ 0.2). Then parses a synthetic
1 MB document built from the corpus texts and reports its time (goal < 1 s) and, from a second untimed run, the
tracemalloc peak (goal < 200 MB). Last, pathological inputs (runs without stops, unbalanced quotes, endless
enumerators) at 1× and 8× length: their time must grow about 8× (linear), not faster. Finally the two
uploads of issue 14 (a small .docx that unzips to 20 MB of text, a 14.7 MB .txt of 130,000 numbered lines)
go through the web's parse job with its default limits: how fast each is answered, and how.
jieba is initialised before any timing so its dictionary load is not counted.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

from luoshi.intake import parse_text

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "dev"


def median_time(func, arg, repeat: int) -> float:
    """Median wall time of `func(arg)` over `repeat` runs."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        func(arg)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def synthetic(texts: list[str], size: int = 1_000_000) -> str:
    """About `size` characters: the corpus texts repeated as one long outline document."""
    parts, total, i = [], 0, 0
    while total < size:
        chunk = texts[i % len(texts)]
        parts.append(chunk)
        total += len(chunk) + 1
        i += 1
    return "\n".join(parts)[:size]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)

    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    jieba.lcut("预热分词词典")

    texts = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(args.corpus.glob("*.txt"))]
    total_parse = total_jieba = 0.0
    print(f"{'document':36}{'chars':>8}{'parse ms':>10}{'jieba ms':>10}{'ratio':>8}")
    for name, text in texts:
        parse_text(text)  # warm the regex caches
        tp = median_time(parse_text, text, args.repeat)
        tj = median_time(jieba.lcut, text, args.repeat)
        total_parse += tp
        total_jieba += tj
        print(f"{name[:35]:36}{len(text):8}{tp * 1000:10.2f}{tj * 1000:10.2f}{tp / tj:8.2f}")
    print(
        f"total parse {total_parse * 1000:.1f} ms, jieba {total_jieba * 1000:.1f} ms, "
        f"ratio parser/jieba = {total_parse / total_jieba:.2f} (goal ≤ 0.2)"
    )

    big = synthetic([t for _, t in texts])
    t0 = time.perf_counter()
    result = parse_text(big)
    elapsed = time.perf_counter() - t0
    # Peak memory in a second run: tracemalloc slows allocation several-fold, so it is not timed.
    del result
    tracemalloc.start()
    result = parse_text(big)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    nodes = sum(1 for _ in _walk(result.items))
    print(
        f"1 MB synthetic ({len(big):,} chars, {nodes:,} nodes): {elapsed:.2f} s (goal < 1 s), "
        f"peak {peak / 1e6:.1f} MB traced (goal < 200 MB)"
    )

    print("pathological inputs, time at 8x length / time at 1x (linear = 8; goal < 16):")
    worst = 0.0
    for unit in PATHOLOGICAL:
        small, big = unit * 400, unit * 3200
        growth = median_time(parse_text, big, 3) / max(median_time(parse_text, small, 3), 1e-6)
        worst = max(worst, growth)
        print(f"  {unit[:8]!r:24}{len(big):>9,} chars  growth {growth:5.1f}")
    print(f"worst growth {worst:.1f} (goal < 16)")

    print("the web's parse job (python -m luoshi.intake.job, 20 s, 512 MB, 2,000,000 characters):")
    for label, data, filename in huge_documents():
        seconds, answer = limited_job(data, filename)
        print(f"  {label} ({len(data) / 1024:,.0f} KB): answered in {seconds:.2f} s — {answer}")
    return 0


def huge_documents():
    """The uploads that tied up a worker for 60 s (issue 14): a small .docx that unzips to 20 MB of text,
    and a 14.7 MB .txt of 130,000 numbered lines."""
    import io

    import docx

    document = docx.Document()
    line = "深入学习贯彻党的二十大精神，扎实推进各项工作落地见效。" * 40
    for _ in range(20 * 1024 * 1024 // len(line.encode("utf-8")) + 1):
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    lines = "".join(
        f"{i}. 第{i}项工作要扎实推进，确保按期完成并报送进度情况和佐证材料。\n" for i in range(1, 130_001)
    )
    return [
        (".docx of 20 MB text", out.getvalue(), "big.docx"),
        ("130,000 numbered lines .txt", lines.encode("utf-8"), "lines.txt"),
    ]


def limited_job(data: bytes, filename: str, seconds: int = 20, memory_mb: int = 512) -> tuple[float, str]:
    """Run the parse job as the web application does (luoshi.drafts.parsing) and say how it ended."""
    import json
    import resource
    import subprocess
    import tempfile

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory_mb << 20, memory_mb << 20))
        resource.setrlimit(resource.RLIMIT_CPU, (seconds + 1, seconds + 2))

    with tempfile.TemporaryDirectory() as tmp:
        source, output = Path(tmp) / filename, Path(tmp) / "out.json"
        source.write_bytes(data)
        command = [
            sys.executable,
            "-m",
            "luoshi.intake.job",
            str(source),
            str(output),
            f"--filename={filename}",
        ]
        t0 = time.perf_counter()
        try:
            done = subprocess.run(
                command, preexec_fn=limit, capture_output=True, timeout=seconds, check=False
            )
        except subprocess.TimeoutExpired:
            return time.perf_counter() - t0, "stopped at the time limit"
        elapsed = time.perf_counter() - t0
        if not output.exists():
            return elapsed, f"stopped (exit status {done.returncode})"
        answer = json.loads(output.read_text(encoding="utf-8"))
    if "error" in answer:
        return elapsed, f"refused: {answer['error']}" + (
            f" ({answer['chars']:,} characters)" if "chars" in answer else ""
        )
    return elapsed, f"parsed: {len(answer['result']['items'])} top-level items"


# Inputs that would expose super-linear regex backtracking or quadratic list building.
PATHOLOGICAL = (
    "一" * 50,
    "“四项" * 10,
    "（" * 40,
    "一是，" * 10,
    "牵头单位：甲" * 5,
    "1." * 20,
    "、和" * 20,
    "3\n\n1\n\n2\n\n" * 4,  # cells one per line, numbers out of order (the 序号 run finder)
    "1 |\n甲 |\n|\n" * 4,  # piped cells
)


def _walk(nodes):
    for node in nodes:
        yield node
        yield from _walk(node.children)


if __name__ == "__main__":
    sys.exit(main())
