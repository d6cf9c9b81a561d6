"""Where things are on a return sheet: one home for the writer and the reader."""

SHEET = "进度报送表"
TITLE_ROW = 1
META_ROW = 2  # 填报单位 | name | 报送周期 | 2025-06 | 工作部署编号 | id
HEADER_ROW = 4
FIRST_DATA_ROW = 5
META_LABELS = ("填报单位", "报送周期", "工作部署编号")

# (header, width, filled in by the unit)
COLUMNS = [
    ("任务编号", 10, False),
    ("任务名称", 36, False),
    ("角色", 6, False),
    ("完成时限", 14, False),
    ("指标", 18, False),
    ("目标值", 10, False),
    ("计量单位", 8, False),
    ("完成值", 10, True),
    ("完成进度（%）", 10, True),
    ("工作进展", 50, True),
]
HEADERS = [c[0] for c in COLUMNS]
CODE, TITLE, ROLE, DEADLINE, METRIC, TARGET, MEASURE, ACTUAL, PERCENT, NARRATIVE = range(len(COLUMNS))
