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
