"""How a quantified target (量化指标) reads: its metric with its figure, e.g. 覆盖社团 100%."""

from decimal import Decimal


def figure(value, unit: str = "") -> str:
    """200人次, 12.5% — never 200.00 or 2E+2."""
    number = Decimal(str(value)).normalize()
    return f"{number:f}{unit or ''}"


def target_label(metric: str, value, unit: str = "") -> str:
    """覆盖社团 100%; a metric taken from a document already carries its figure (全年培训200人次), and is
    not followed by it again."""
    shown = figure(value, unit)
    metric = (metric or "").strip()
    if not metric:
        return shown
    return metric if shown in metric else f"{metric} {shown}"


def metric_name(metric: str, value, unit: str = "") -> str:
    """The metric without its figure, for a table whose next column shows the figure: 形成调研报告20篇 with
    20篇 reads 形成调研报告 (never 形成调研报告20篇 | 20篇). A metric that is only its figure stays whole."""
    metric = (metric or "").strip()
    shown = figure(value, unit)
    if not shown or shown not in metric:
        return metric
    rest = " ".join(metric.replace(shown, " ", 1).split()).strip("，,；; ")
    return rest or metric
