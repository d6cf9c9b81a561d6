"""The demo's facts, written out by hand: units, accounts and the plan.

The plan expresses, in our own words, the structure decided at Wuhan's city-wide United Front department
heads' meeting (the dev corpus document `wuhan-tongzhan-2023.txt`): the 四项工程 (凝心·聚力·固本·强基)
are the four task lines with their sub-tasks; the 四个重点 and 四个导向 are guidance (工作要求) that is
neither assigned nor assessed. Tiers, weights, deadlines, targets and assignments are our own plausible
choices for a demo, not the meeting's. Titles are short paraphrases; framework and item names are facts.

Units are keyed by the liaison's pinyin username, so an assignment names its unit by that key.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PASSWORD = "luoshi-demo"

# The deploying unit and the units it supervises, in official order (districts, then development zones,
# then municipal member units).
CITY = {
    "name": "中共武汉市委统一战线工作部",
    "short_name": "武汉市委统战部",
    "aliases": "市委统战部、武汉市委统战部",
    "kind": "department",
}


@dataclass(frozen=True)
class DemoUnit:
    key: str  # the liaison's username
    name: str
    short_name: str
    kind: str
    aliases: str = ""


_DISTRICTS = [
    ("jiangan", "江岸区"),
    ("jianghan", "江汉区"),
    ("qiaokou", "硚口区"),
    ("hanyang", "汉阳区"),
    ("wuchang", "武昌区"),
    ("qingshan", "青山区"),
    ("hongshan", "洪山区"),
    ("dongxihu", "东西湖区"),
    ("caidian", "蔡甸区"),
    ("jiangxia", "江夏区"),
    ("huangpi", "黄陂区"),
    ("xinzhou", "新洲区"),
]

UNITS: list[DemoUnit] = [
    *(
        DemoUnit(key, f"{district}委统战部", district, "district", aliases=district)
        for key, district in _DISTRICTS
    ),
    DemoUnit(
        "jingkai",
        "武汉经济技术开发区（汉南区）党工委统战部",
        "武汉经开区（汉南区）",
        "zone",
        aliases="武汉经开区、汉南区、经开区",
    ),
    DemoUnit("donghu", "东湖新技术开发区党工委统战部", "东湖高新区", "zone", aliases="东湖高新区、光谷"),
    DemoUnit("fengjingqu", "东湖生态旅游风景区党工委统战部", "东湖风景区", "zone", aliases="东湖风景区"),
    DemoUnit("changjiang", "长江新区党工委统战部", "长江新区", "zone"),
    DemoUnit("minzongwei", "武汉市民族宗教事务委员会", "市民宗委", "municipal"),
    DemoUnit("gongshanglian", "武汉市工商业联合会", "市工商联", "organisation", aliases="市总商会"),
    DemoUnit("qiaolian", "武汉市归国华侨联合会", "市侨联", "organisation"),
    DemoUnit("taiban", "武汉市人民政府台湾事务办公室", "市台办", "municipal"),
    DemoUnit("sheyuan", "武汉市社会主义学院", "市社会主义学院", "municipal"),
]


@dataclass(frozen=True)
class DemoPerson:
    username: str
    display_name: str
    role: str
    unit: str | None  # "city", a unit key, or None for administrators
    phone: str = ""


PEOPLE: list[DemoPerson] = [
    DemoPerson("duban", "周敏", "supervisor", "city", "027-85000101"),
    DemoPerson("lingdao", "陈立华", "leader", "city", "027-85000001"),
    # One liaison per unit (江岸区's `jiangan` is the one the README walks through).
    *(DemoPerson(u.key, f"{u.short_name}联络员", "liaison", u.key) for u in UNITS),
    DemoPerson("sysadmin", "系统管理员", "sysadmin", None),
    DemoPerson("secadmin", "安全管理员", "secadmin", None),
    DemoPerson("auditor", "审计管理员", "auditor", None),
]

# Deadline words as written in plans, and the date they mean in the plan's year.
DEADLINES = {
    "3月底前": (3, 31),
    "上半年": (6, 30),
    "6月底前": (6, 30),
    "9月底前": (9, 30),
    "10月底前": (10, 31),
    "年底前": (12, 31),
}


@dataclass(frozen=True)
class DemoTask:
    """One node of the demo plan. `lead`/`co` are unit keys; `targets` are (metric, value, unit)."""

    title: str
    tier: str = "routine"
    weight: str = "1"
    deadline: str = "年底前"  # a key of DEADLINES, or "" for no deadline
    description: str = ""
    lead: tuple[str, ...] = ()
    co: tuple[str, ...] = ()
    targets: tuple[tuple[str, str, str], ...] = ()
    guidance: bool = False
    children: tuple[DemoTask, ...] = field(default_factory=tuple)


def T(title: str, *children: DemoTask, **kw) -> DemoTask:
    kw["lead"] = tuple(kw.get("lead", ()))
    kw["co"] = tuple(kw.get("co", ()))
    kw["targets"] = tuple(kw.get("targets", ()))
    return DemoTask(title=title, children=tuple(children), **kw)


def G(title: str, *children: DemoTask, description: str = "") -> DemoTask:
    """Guidance: a 工作要求 that frames the work; not assigned, not assessed."""
    return DemoTask(
        title=title, guidance=True, deadline="", description=description, children=tuple(children)
    )


PLAN_TITLE = "{year}年全市统一战线“四项工程”重点任务"
PLAN_SUMMARY = (
    "演示数据。依据全市统战部长会议的部署整理：以“四项工程”（凝心、聚力、固本、强基）为主线分解任务，"
    "“四个重点”“四个导向”作为工作要求。各任务的层级、权重、时限、量化指标和责任单位为演示所设。"
)

PLAN: list[DemoTask] = [
    T(
        "“凝心”工程：加强思想政治引领",
        T(
            "主题引领：组织统一战线成员开展主题学习教育",
            tier="key",
            weight="3",
            deadline="10月底前",
            description="面向党外代表人士和统战团体成员办好专题学习、分众宣讲。",
            lead=("sheyuan", "jiangan", "wuchang"),
            co=("hongshan",),
            targets=(("举办专题学习培训", "40", "期"), ("参训党外代表人士", "3000", "人次")),
        ),
        T(
            "文化引领：建设统战文化阵地与宣传品牌",
            deadline="年底前",
            description="盘活同心文化阵地，讲好本地统一战线故事。",
            lead=("jianghan", "hanyang"),
            co=("jiangan",),
        ),
        T(
            "实践引领：开展考察调研与同心实践活动",
            deadline="9月底前",
            lead=("jiangan", "qiaokou", "qingshan"),
            targets=(("组织同心实践活动", "60", "场"),),
        ),
        T(
            "服务引领：为统战成员办实事、解难题",
            tier="highlight",
            weight="2",
            deadline="年底前",
            description="建立联系交友台账，用真情换人心。",
            lead=("jiangan", "donghu", "gongshanglian"),
            targets=(("办结实事", "100", "件"),),
        ),
        tier="key",
        weight="3",
    ),
    T(
        "“聚力”工程：服务全市中心大局",
        T(
            "助力党委政府科学决策：组织专题调研和建言献策",
            tier="key",
            weight="2",
            deadline="10月底前",
            lead=("jiangan", "wuchang", "sheyuan"),
            co=("gongshanglian",),
            targets=(("形成调研报告", "30", "篇"),),
        ),
        T(
            "助力科技创新发展：引导党外知识分子投身创新",
            tier="key",
            weight="2",
            lead=("donghu", "hongshan"),
            co=("jiangxia",),
        ),
        T(
            "助力双循环重要枢纽建设：发挥海外和港澳台联谊优势",
            deadline="年底前",
            lead=("qiaolian", "taiban"),
            co=("jingkai", "changjiang"),
            targets=(("联络引荐项目", "20", "个"),),
        ),
        T(
            "助力民营经济高质量发展：走访服务民营企业",
            tier="highlight",
            weight="3",
            deadline="年底前",
            description="健全政企沟通机制，帮助企业纾困解难。",
            lead=("gongshanglian", "jiangan", "dongxihu", "jingkai"),
            targets=(("走访服务民营企业", "800", "家"), ("帮助解决问题", "300", "个")),
        ),
        T(
            "参与美好环境与幸福生活共同缔造",
            deadline="年底前",
            lead=("caidian", "huangpi", "xinzhou"),
            co=("jiangan",),
        ),
        tier="key",
        weight="3",
    ),
    T(
        "“固本”工程：防范化解统一战线领域风险",
        T(
            "把牢统一战线意识形态阵地",
            tier="key",
            weight="2",
            deadline="年底前",
            lead=("jiangan", "jianghan", "qiaokou", "hanyang", "wuchang"),
        ),
        T(
            "铸牢中华民族共同体意识，打造武汉样板",
            tier="highlight",
            weight="2",
            deadline="年底前",
            lead=("minzongwei", "hongshan"),
            co=("jiangan", "qingshan"),
            targets=(("创建民族团结进步示范单位", "15", "个"),),
        ),
        T(
            "探索宗教中国化方向的武汉路径",
            tier="key",
            weight="2",
            deadline="年底前",
            lead=("minzongwei",),
            co=("huangpi", "xinzhou"),
        ),
        T(
            "开展统战领域安全风险排查，守牢风险底线",
            deadline="6月底前",
            description="上半年完成一轮全面排查并建立台账。",
            lead=("jiangan", "jiangxia", "caidian", "fengjingqu"),
            targets=(("完成风险隐患排查", "4", "轮"),),
        ),
        weight="2",
    ),
    T(
        "“强基”工程：夯实统战工作基础",
        T(
            "完善制度机制",
            T("健全统战工作研究、部署、落实机制", deadline="3月底前", lead=("jiangan", "jianghan")),
            weight="1",
        ),
        T(
            "加强队伍建设",
            T(
                "分领域编制并实施党外代表人士队伍规划",
                tier="key",
                weight="2",
                deadline="6月底前",
                lead=("jiangan", "wuchang", "hongshan", "donghu"),
            ),
            T(
                "开展统战干部能力素质培训",
                deadline="年底前",
                lead=("sheyuan",),
                co=("jiangan", "qingshan"),
                targets=(("培训统战干部", "1200", "人次"),),
            ),
            weight="2",
        ),
        T(
            "夯实组织基础",
            T("支持民主党派自身建设", deadline="年底前", lead=("jianghan", "wuchang")),
            T(
                "规范统战社团管理",
                tier="key",
                deadline="9月底前",
                lead=("gongshanglian", "qiaolian", "jiangan"),
                targets=(("完成社团年度检查", "100", "%"),),
            ),
            T(
                "完善基层统战工作网络",
                deadline="年底前",
                lead=("jiangan", "huangpi", "jiangxia", "changjiang"),
            ),
            weight="2",
        ),
        T(
            "全面从严治党",
            T("压实“四责协同”责任", deadline="年底前", lead=("jiangan", "qiaokou")),
            T("建设“清廉机关”", deadline="年底前", lead=("hanyang", "dongxihu")),
            weight="1",
        ),
        weight="2",
    ),
    G(
        "“四个重点”：全面把握新时代统战工作的重要思想",
        G("“两个确立”与正确政治方向"),
        G("统一战线的历史方位与使命任务"),
        G("重要思想的核心要义与原则规律"),
        G("团结奋斗的时代主题与实践要求"),
    ),
    G(
        "“四个导向”：以高标准抓落实",
        G("目标导向：争先创品牌", description="例行工作做出特色，重点工作做出影响，亮点工作做成品牌。"),
        G("问题导向：推进理论和实践创新"),
        G("效果导向：上下联动、左右协同形成合力"),
        G("实干导向：转变作风、抓出成效"),
    ),
]

# The 江岸区 liaison's journey should show every state, so these are fixed rather than drawn at random:
# titles (prefix match) of assignments 江岸区 has not yet acknowledged, whose latest report is returned
# (once / twice in a row) or waits for review, that fell behind, or whose report for this month is still to
# be written. 江岸区's other assignments keep to schedule and are accepted.
JIANGAN_SCENES = {
    "unacknowledged": ["参与美好环境与幸福生活共同缔造"],
    "returned_once": ["服务引领"],
    "returned_twice": ["把牢统一战线意识形态阵地"],
    "submitted": ["助力民营经济高质量发展", "完善基层统战工作网络"],
    "behind": ["开展统战领域安全风险排查"],  # overdue (6月底前) and not finished: a red light
    "due": ["压实“四责协同”"],  # this month's report not yet written
}

NARRATIVES = [
    "{month}月，{unit}围绕“{task}”召开专题推进会，明确责任科室和时间节点，按计划推进。",
    "{month}月，{unit}结合本单位实际细化措施，开展调研走访，形成阶段性工作台账。",
    "{month}月，{unit}推动“{task}”落地，组织相关活动，收集佐证材料并及时报送。",
    "{month}月，{unit}对照任务要求查摆差距，对薄弱环节逐项整改，工作有序推进。",
]

RETURN_REASONS = [
    "进展描述过于笼统，请补充本月具体做法和数据，并上传佐证材料。",
    "与上月报送相比看不出新的进展，请写明本月新做的工作后重新报送。",
]
