"""各区委统战部 and other group names propose their units; the person confirms them in one step."""

from __future__ import annotations

import pytest
from django.urls import reverse

from luoshi.drafts import services
from luoshi.drafts import tree as T
from luoshi.drafts.groups import kinds_of, proposed_units
from luoshi.org.models import Unit
from luoshi.tests import factories as f

TEXT = "一、加强基层建设\n（一）建强队伍。各区委统战部牵头，市直各有关单位配合。年底前完成。\n"


@pytest.fixture
def districts(city, own_unit, other_unit):
    extra = [f.UnitFactory(name=f"第{i}区委统战部", parent=city, kind=Unit.Kind.DISTRICT, order=100 + i) for i in range(3)]  # fmt: skip
    return [own_unit, other_unit, *extra]


@pytest.fixture
def grouped(actor, city, districts, mzw):
    mzw.kind = Unit.Kind.MUNICIPAL  # a city body, not a district
    mzw.save()
    return services.create_draft_from_text(actor, deploying_unit=city, title="", year=2025, text=TEXT)


def test_group_names_are_known_in_the_forms_documents_write_them():
    assert kinds_of("各区委统战部") == (Unit.Kind.DISTRICT,)
    assert kinds_of("各县（市、区）") == (Unit.Kind.DISTRICT,)
    assert kinds_of("“市直各有关单位”等") is not None
    assert kinds_of("江岸区委统战部") is None


def test_a_group_proposes_its_kind_under_the_deploying_unit_in_official_order(city, other_city, districts):
    f.UnitFactory(name="外市某区委统战部", parent=other_city, kind=Unit.Kind.DISTRICT)
    proposed = list(proposed_units("各区委统战部", city))
    assert [u.pk for u in proposed] == [u.pk for u in sorted(districts, key=lambda u: (u.order, u.pk))]


def _leaf(draft):
    return next(n for n, *_ in T.walk(draft.tree) if not n.get("children"))


def test_the_group_stays_flagged_until_confirmed_then_all_its_units_lead(actor, grouped, districts):
    node = _leaf(grouped)
    assert "各区委统战部" in node["unknown_lead"]
    draft = services.resolve_unknown_units(
        actor, grouped, node["id"], "各区委统战部", [u.pk for u in districts[:4]]
    )
    node = _leaf(draft)
    assert node["lead"][:4] == [u.pk for u in districts[:4]] and "各区委统战部" not in node["unknown_lead"]


def test_a_unit_outside_the_deploying_units_tree_is_refused(actor, grouped, other_city):
    from luoshi.drafts.errors import DraftError

    stranger = f.UnitFactory(parent=other_city, kind=Unit.Kind.DISTRICT)
    with pytest.raises(DraftError):
        services.resolve_unknown_units(actor, grouped, _leaf(grouped)["id"], "各区委统战部", [stranger.pk])


def test_the_units_editor_offers_the_group_ticked_and_confirming_assigns_them(
    client, supervisor, grouped, districts
):
    client.force_login(supervisor)
    node = _leaf(grouped)
    page = client.get(reverse("drafts:editor", args=[grouped.pk, node["id"], "units"])).content.decode()
    assert "建议对应为下列 5 个单位" in page
    assert page.count('type="checkbox" name="unit"') >= 5
    client.post(
        reverse("drafts:node", args=[grouped.pk, node["id"], "expand"]),
        {"name": "各区委统战部", "unit": [u.pk for u in districts], "revision": grouped.revision},
    )
    grouped.refresh_from_db()
    assert set(_leaf(grouped)["lead"]) >= {u.pk for u in districts}
