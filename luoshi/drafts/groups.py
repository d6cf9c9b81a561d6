"""Group names a document uses for many units at once (各区委统战部, 各成员单位, 市直各有关单位).

A group name is not a unit, so the register does not match it and the draft flags it as an unmatched
name. The editor then proposes the units of the matching kinds under the deploying unit, in official order,
and the person confirms (or unticks some) before they are assigned: proposed, never guessed silently.
"""

from __future__ import annotations

from django.db.models import QuerySet

from luoshi.org.models import Unit

from .units import normalise

K = Unit.Kind
DISTRICTS = (K.DISTRICT,)
CITY_BODIES = (K.DEPARTMENT, K.MUNICIPAL)
MEMBERS = (K.DEPARTMENT, K.MUNICIPAL, K.PARTY, K.ORGANISATION)

# Normalised group name → the unit kinds it stands for.
GROUPS: dict[str, tuple[str, ...]] = {
    "各区": DISTRICTS,
    "各区委统战部": DISTRICTS,
    "各区统战部": DISTRICTS,
    "各区委": DISTRICTS,
    "各县": DISTRICTS,  # 各县（市、区）: the bracket is dropped when names are normalised
    "各功能区": (K.ZONE,),
    "各区各功能区": (K.DISTRICT, K.ZONE),
    "各区、功能区": (K.DISTRICT, K.ZONE),
    "各成员单位": MEMBERS,
    "各有关单位": MEMBERS,
    "市直各有关单位": CITY_BODIES,
    "市直各单位": CITY_BODIES,
    "各市直单位": CITY_BODIES,
    "各民主党派": (K.PARTY,),
    "各人民团体": (K.ORGANISATION,),
    "各街道": (K.STREET,),
    "各乡镇街道": (K.STREET,),
}


def kinds_of(name: str) -> tuple[str, ...] | None:
    """The unit kinds a group name stands for; None when the name is not a group name."""
    return GROUPS.get(normalise(name))


def proposed_units(name: str, deploying_unit: Unit) -> QuerySet | None:
    """The units a group name proposes: of its kinds, under the deploying unit, in official order."""
    kinds = kinds_of(name)
    if kinds is None:
        return None
    return (
        Unit.objects.subtree(deploying_unit)
        .exclude(pk=deploying_unit.pk)
        .filter(kind__in=kinds)
        .official_order()
    )
