"""A draft exported as the 任务分解表 keeps what the supervisor set: each target's metric, the tier (or
工作要求), the weight, and the deadline as a date with the words as written."""

from io import BytesIO

from openpyxl import load_workbook

from luoshi.drafts import services
from luoshi.drafts import tree as T
from luoshi.drafts.export import division_table


def table(draft) -> list[dict]:
    rows = [[c.value for c in r] for r in load_workbook(BytesIO(division_table(draft))).active.iter_rows()]
    header = rows[1]
    return [dict(zip(header, r, strict=True)) for r in rows[2:]]


def test_targets_keep_their_metric_and_tier_weight_and_deadline_have_columns(draft, actor):
    node = {code: n for n, code, *_ in T.walk(draft.tree)}["1.1"]
    node["targets"].append({"metric": "覆盖社团", "target_value": "100", "unit": "%", "text": ""})
    node["weight"] = "2.5"
    draft.save(update_fields=["tree"])
    draft = services.set_tier(actor, draft, node["id"], "highlight")
    guidance_id = {code: n for n, code, *_ in T.walk(draft.tree)}["1.2"]["id"]
    draft = services.set_tier(actor, draft, guidance_id, "guidance")

    rows = {r["序号"]: r for r in table(draft)}
    study = rows["1.1"]
    assert study["量化指标"] == "全年培训200人次；覆盖社团 100%"
    assert (study["层级"], study["权重"]) == ("亮点", "2.5")
    assert study["完成时限"] == "2025年6月30日（6月底前）"
    assert rows["1.2"]["层级"] == "工作要求"
    assert rows["1"]["任务"] == "加强思想政治引领" and rows["1"]["层级"] == "例行"
