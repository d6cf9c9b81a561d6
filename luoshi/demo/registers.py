"""The registers in the demo: a handful of risks registered by 督办员 `duban` through the services, each a
task of this year's risk plan led by its owner unit — one with a review date already missed (red), one
handled and closed out with evidence (已化解), the rest 在控. Everything is marked as demo data."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from luoshi.audit.services import Actor
from luoshi.items import services as items
from luoshi.org.models import User
from luoshi.plans.models import Plan
from luoshi.registers import services
from luoshi.registers.models import Risk

# owner unit key, title, area, level, measures, days to resolve, review days (negative: already passed)
RISKS = [
    (
        "minzongwei",
        "个别宗教活动场所大型活动消防和踩踏安全隐患",
        Risk.Area.RELIGION,
        Risk.Level.SERIOUS,
        "节假日前开展宗教活动场所安全大检查；大型活动实行报备和人流管控；督促场所落实消防主体责任。",
        120,
        (-5, 45),
    ),
    (
        "gongshanglian",
        "部分民营企业资金链紧张引发欠薪和群体性信访风险",
        Risk.Area.PRIVATE_ECONOMY,
        Risk.Level.SERIOUS,
        "建立重点企业运行监测清单，按月研判；协调金融机构纾困；商会调解组织前移化解劳资纠纷。",
        150,
        (30, 90),
    ),
    (
        "taiban",
        "涉台网络谣言在统战对象中传播",
        Risk.Area.NETWORK,
        Risk.Level.MAJOR,
        "建立涉台舆情日监测、周研判机制；及时发布权威信息；做好重点人士思想引导。",
        90,
        (20, 60),
    ),
    (
        "qiaolian",
        "海外侨团活动中出现不当政治言论",
        Risk.Area.OVERSEAS,
        Risk.Level.GENERAL,
        "加强与重点侨团的日常联系，活动前沟通提示，建立情况报告制度。",
        180,
        (60,),
    ),
    (
        "jiangan",
        "少数民族流动人口聚居区矛盾纠纷",
        Risk.Area.ETHNIC,
        Risk.Level.GENERAL,
        "依托社区民族团结进步服务站开展排查调解，建立矛盾纠纷台账，落实一案一专人。",
        60,
        (15,),
    ),
]
RESOLVED = "jiangan"  # this one's owner has handled it: closed out with evidence, 已化解


def load_registers(demo, today: date) -> list[str]:
    duban = Actor(demo.people["duban"])
    liaison = {p.unit_id: Actor(p) for p in demo.people.values() if p.role == User.Role.LIAISON}
    notes = []
    for key, title, area, level, measures, days, reviews in RISKS:
        owner = demo.units[key]
        risk = services.register_risk(
            duban,
            deploying_unit=demo.city,
            title=title,
            area=area,
            level=level,
            owner_unit=owner,
            measures=measures,
            resolve_by=today + timedelta(days=days),
            review_dates=[today + timedelta(days=d) for d in reviews],
            today=today,
            is_demo=True,
        )
        if key == RESOLVED:
            lead = risk.task.assignments.get()
            asked = items.request_close_out(
                liaison[owner.pk],
                lead,
                summary="已完成聚居区矛盾纠纷全面排查，3起纠纷全部调解到位，长效机制已建立。",
                files=[_file("矛盾纠纷排查化解情况.txt", "排查情况：共排查纠纷3起，均已调解。")],
            )
            items.verify_close_out(
                duban, asked, approve=True, method="documents", verification="材料齐全，调解协议已核对。"
            )
        notes.append(f"风险：{title}（{risk.get_level_display()}，{owner.short_name}）")
    Plan.objects.filter(kind=Plan.Kind.RISK, deploying_unit=demo.city).update(is_demo=True)
    return notes


def _file(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/plain")


# name, workplace, sector, category, stage, recommending unit key, 17 digits of the ID number, phone, positions
PEOPLE = [
    ("林晓雯", "华中某高校化学学院教授、博士生导师", "education", "democratic_party", "use", "hongshan",
     "42010619780312042", "13907150011", "民盟市委副主委，市政协委员"),
    ("周建国", "市第三医院心内科主任医师", "health", "non_partisan", "cultivate", "jianghan",
     "42010319720825081", "13807160022", "区政协常委"),
    ("吴海峰", "光谷某科技公司创始人、董事长", "economy", "private_economy", "reserve", "donghu",
     "42011119850107103", "18607170033", ""),
    ("马丽娜", "江岸区某律师事务所合伙人", "law", "new_class", "reserve", "jiangan",
     "42010219900618204", "13507180044", ""),
    ("陈思远", "市社会科学院研究员", "culture", "intellectual", "cultivate", "sheyuan",
     "42010519830921305", "15807190055", "市社会主义学院兼职教授"),
]  # fmt: skip
TRAINING = "市社会主义学院党外代表人士专题培训班（5天）"


def load_representatives(demo, today: date) -> list[str]:
    from luoshi.registers.personal import ID_CHECK, ID_WEIGHTS

    duban = Actor(demo.people["duban"])
    notes = []
    for name, workplace, sector, category, stage, unit_key, body, phone, positions in PEOPLE:
        check = ID_CHECK[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True)) % 11]
        person = services.add_representative(
            duban,
            deploying_unit=demo.city,
            name=name,
            workplace=workplace,
            sector=sector,
            category=category,
            stage="reserve",
            unit=demo.units.get(unit_key),
            id_number=body + check,
            phone=phone,
            positions=positions,
            training=TRAINING if stage != "reserve" else "",
            today=today - timedelta(days=300),
            is_demo=True,
        )
        # The pipeline as it went: 储备 last year, 培养 after the training, 使用 once given a post.
        if stage in ("cultivate", "use"):
            services.change_stage(duban, person, stage="cultivate", on=today - timedelta(days=200),
                                  note="参加专题培训班", today=today)  # fmt: skip
        if stage == "use":
            services.change_stage(duban, person, stage="use", on=today - timedelta(days=60),
                                  note="作出政治安排", today=today)  # fmt: skip
        notes.append(f"党外代表人士：{name}（{person.get_sector_display()}）")
    return notes
