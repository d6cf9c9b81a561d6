"""The REST API: tokens (shown once, hashed, revocable, expiring), the same scope as the pages, report
submission through the same services, Chinese errors, and the OpenAPI document."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from luoshi.api import services
from luoshi.api.models import ApiToken, digest
from luoshi.audit.models import AuditEntry
from luoshi.audit.services import Actor
from luoshi.conftest import login
from luoshi.lib.errors import AccessDenied, ServiceError
from luoshi.plans.models import Plan
from luoshi.reports.models import Report
from luoshi.tests import factories as f


def key_for(user, days=30) -> str:
    return services.create_token(Actor(user), name="对接系统", days=days)[1]


def get(client, path, key, **params):
    return client.get(f"/api/{path}", params, HTTP_AUTHORIZATION=f"Bearer {key}")


def post(client, path, key, body):
    return client.post(
        f"/api/{path}", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}"
    )


# --- tokens -----------------------------------------------------------------------------------------------


def test_a_token_is_kept_only_as_a_hash_and_audited(liaison):
    token, raw = services.create_token(Actor(liaison), name=" 数据平台 ", days=30)
    assert raw.startswith("ls_") and len(raw) > 40
    assert token.key_hash == digest(raw) and raw not in token.key_hash
    assert token.name == "数据平台" and raw.startswith(token.prefix)
    entry = AuditEntry.objects.get(action="api_token_create")
    assert raw not in entry.payload and token.key_hash not in entry.payload


def test_administrators_get_no_token(sysadmin):
    with pytest.raises(AccessDenied, match="管理员账号不能创建接口令牌"):
        services.create_token(Actor(sysadmin), name="x", days=30)


@pytest.mark.parametrize(
    ("name", "days", "message"), [("", 30, "请填写令牌名称"), ("x", 0, "有效期"), ("x", 999, "有效期")]
)
def test_bad_token_requests_are_refused_in_chinese(liaison, name, days, message):
    with pytest.raises(ServiceError, match=message):
        services.create_token(Actor(liaison), name=name, days=days)
    assert not ApiToken.objects.exists()


def test_no_token_or_a_wrong_one_is_401_in_chinese(client, liaison):
    response = client.get("/api/plans")
    assert response.status_code == 401 and "接口令牌" in response.json()["detail"]
    assert get(client, "plans", "ls_not-a-real-key").status_code == 401


def test_a_session_is_not_a_token(client, liaison):
    """A signed-in browser cannot use the API by its cookie (no cross-site writes through it)."""
    login(client, liaison)
    assert client.get("/api/plans").status_code == 401


def test_revoked_expired_and_disabled_tokens_stop_working(client, liaison, own_assignment):
    key = key_for(liaison)
    assert get(client, "plans", key).status_code == 200
    token = ApiToken.objects.get()
    services.revoke_token(Actor(liaison), token)
    assert get(client, "plans", key).status_code == 401

    key = key_for(liaison)
    ApiToken.objects.filter(revoked_at__isnull=True).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert get(client, "plans", key).status_code == 401

    key = key_for(liaison)
    type(liaison).objects.filter(pk=liaison.pk).update(is_active=False)
    assert get(client, "plans", key).status_code == 401


def test_only_the_owner_revokes(liaison, other_liaison):
    token, _ = services.create_token(Actor(liaison), name="x", days=30)
    with pytest.raises(AccessDenied):
        services.revoke_token(Actor(other_liaison), token)


def test_the_token_page_shows_a_new_key_once(client, liaison):
    login(client, liaison)
    url = reverse("apitokens:list")
    page = client.post(url, {"name": "数据平台", "days": 30}).content.decode()
    raw = page.split('<code class="token-key">', 1)[1].split("</code>", 1)[0]
    assert raw.startswith("ls_")
    again = client.get(url).content.decode()
    assert raw not in again and "数据平台" in again


# --- scope: exactly the pages' --------------------------------------------------------------------------------


def test_a_liaison_sees_only_their_own_units_assignments(client, liaison, own_assignment, other_assignment):
    key = key_for(liaison)
    ids = [a["id"] for a in get(client, "assignments", key).json()["items"]]
    assert ids == [own_assignment.pk]
    assert get(client, f"assignments/{other_assignment.pk}", key).status_code == 404
    assert (
        get(client, f"assignments/{own_assignment.pk}", key).json()["task_code"] == own_assignment.task.code
    )


def test_a_supervisor_sees_the_plans_assignments_and_not_another_units_plan(
    client, supervisor, own_assignment, other_assignment, other_city
):
    foreign = f.PlanFactory(deploying_unit=other_city, title="另一单位的部署")
    key = key_for(supervisor)
    assert {a["id"] for a in get(client, "assignments", key).json()["items"]} == {
        own_assignment.pk,
        other_assignment.pk,
    }
    assert get(client, f"plans/{foreign.pk}", key).status_code == 404
    assert [p["id"] for p in get(client, "plans", key).json()["items"]] == [own_assignment.task.plan_id]


def test_report_drafts_stay_with_their_unit(client, supervisor, liaison, own_assignment):
    f.ReportFactory(assignment=own_assignment, status=Report.Status.DRAFT)
    assert get(client, "reports", key_for(supervisor)).json()["count"] == 0
    assert get(client, "reports", key_for(liaison)).json()["count"] == 1


def test_filters_narrow_the_list(client, supervisor, own_assignment, other_assignment):
    type(own_assignment).objects.filter(pk=own_assignment.pk).update(light="red", is_overdue=True)
    key = key_for(supervisor)
    assert [a["id"] for a in get(client, "assignments", key, light="red").json()["items"]] == [
        own_assignment.pk
    ]
    assert [a["id"] for a in get(client, "assignments", key, overdue="true").json()["items"]] == [
        own_assignment.pk
    ]


def test_lists_cost_a_constant_number_of_queries(client, liaison, plan, django_assert_max_num_queries):
    for _ in range(30):
        f.AssignmentFactory(task=f.TaskFactory(plan=plan), unit=liaison.unit)
    key = key_for(liaison)
    with django_assert_max_num_queries(6):
        assert get(client, "assignments", key).json()["count"] == 30


# --- writing --------------------------------------------------------------------------------------------------


def test_a_liaison_submits_a_report_through_the_services(client, liaison, own_assignment):
    key = key_for(liaison)
    response = post(
        client,
        f"assignments/{own_assignment.pk}/reports",
        key,
        {"period": "2025-03", "narrative": "已开展培训。", "percent": 40},
    )
    assert response.status_code == 201, response.content
    report = Report.objects.get()
    assert (report.status, report.percent, response.json()["id"]) == ("submitted", 40, report.pk)
    assert {"start_report", "save_draft", "submit_report"} <= set(
        AuditEntry.objects.values_list("action", flat=True)
    )


def test_an_unacknowledged_assignment_is_refused_with_the_pages_message(client, liaison, new_assignment):
    response = post(
        client,
        f"assignments/{new_assignment.pk}/reports",
        key_for(liaison),
        {"narrative": "x", "percent": 10},
    )
    assert response.status_code == 400 and "请先签收" in response.json()["detail"]
    assert not Report.objects.exists()


def test_another_unit_cannot_submit_and_the_refusal_is_audited(client, supervisor, own_assignment):
    response = post(
        client,
        f"assignments/{own_assignment.pk}/reports",
        key_for(supervisor),
        {"narrative": "x", "percent": 10},
    )
    assert response.status_code == 403 and "联络员" in response.json()["detail"]
    assert not Report.objects.exists()
    assert AuditEntry.objects.filter(action="access_denied", actor_id=supervisor.pk).exists()


@pytest.mark.parametrize(
    "body",
    [
        {"narrative": "x"},
        {"narrative": "x", "percent": "很多"},
        {"narrative": "x", "percent": 150},
        "不是对象",
    ],
)
def test_a_payload_of_the_wrong_shape_is_422_in_chinese(client, liaison, own_assignment, body):
    response = post(client, f"assignments/{own_assignment.pk}/reports", key_for(liaison), body)
    assert response.status_code in (400, 422)
    assert "请求数据不符合要求" in response.json()["detail"] or "JSON" in response.json()["detail"]
    assert not Report.objects.exists()


# --- the document ----------------------------------------------------------------------------------------------


def test_the_openapi_document_and_docs_are_served_without_a_cdn(client):
    document = client.get("/api/openapi.json").json()
    assert document["info"]["title"] == "落实 接口"
    assert "/api/assignments/{assignment_id}/reports" in document["paths"]
    docs = client.get("/api/docs").content.decode()
    assert "cdn" not in docs.lower() and "/static/ninja/" in docs


def test_plans_in_draft_are_not_shown_to_a_liaison(client, liaison, own_assignment):
    Plan.objects.filter(pk=own_assignment.task.plan_id).update(status=Plan.Status.DRAFT)
    assert get(client, "plans", key_for(liaison)).json()["count"] == 0


def test_an_id_out_of_range_is_not_a_server_error(client, liaison):
    key = key_for(liaison)
    for path in (
        "assignments/99999999999999999999999",
        "plans/99999999999999999999999/tasks",
        "assignments?plan=99999999999999999999999",
    ):
        response = get(client, path, key)
        assert response.status_code in (404, 422), (path, response.status_code)
        assert "detail" in response.json()
