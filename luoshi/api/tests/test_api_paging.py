"""Page numbers and sizes the database cannot hold as an offset are refused as invalid (422, in Chinese),
never a 500. Found by schemathesis (test_schemathesis): ?page=36204856435300827136 on /api/assignments."""

import pytest

from .test_api import get, key_for

HUGE = "36204856435300827136"


@pytest.mark.parametrize("path", ["assignments", "plans", "reports", "units", "risks"])
@pytest.mark.parametrize("params", [{"page": HUGE}, {"page": "2", "page_size": HUGE}, {"page": "100001"}])
def test_an_impossible_page_is_refused_as_invalid(client, liaison, path, params):
    response = get(client, path, key_for(liaison), **params)
    assert response.status_code == 422, response.content[:200]
    assert response.json()["code"] == "invalid" and "数值太大" in response.json()["detail"]


def test_the_last_page_allowed_answers_an_empty_page(client, liaison):
    response = get(client, "assignments", key_for(liaison), page="100000")
    assert response.status_code == 200 and response.json()["items"] == []
