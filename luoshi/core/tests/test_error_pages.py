"""Error pages speak Chinese and offer a way on: 404, 500, CSRF failure, and the 403 after a login."""

import re

from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from luoshi.conftest import login


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"&[a-z]+;|&#\d+;", " ", text)


def english_words(html: str) -> list[str]:
    """Latin words of three letters or more in the page's own content (the header shows account names,
    which are the person's own login, not the page's words)."""
    main = html.split('<main class="page">', 1)[-1]
    return re.findall(r"[A-Za-z]{3,}", visible_text(main))


def test_not_found_is_chinese_with_navigation(client, supervisor):
    login(client, supervisor)
    response = client.get(reverse("plans:task", args=[999999]))
    html = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in html and "返回首页" in html
    assert 'class="mainnav"' in html  # the signed-in person's navigation stays
    assert english_words(html) == []


def test_not_found_for_a_visitor_is_chinese_too(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()
    assert english_words(response.content.decode()) == []


def test_server_error_is_chinese(db):
    response = server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "系统出错" in html and "返回首页" in html
    assert english_words(html) == []


def test_a_form_from_an_expired_page_is_refused_in_chinese(db, supervisor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(supervisor)
    response = client.post(reverse("logout"))
    html = response.content.decode()
    assert response.status_code == 403
    assert "表单已失效" in html and "返回首页" in html
    assert 'class="mainnav"' in html
    assert english_words(html) == []


def test_signing_in_to_a_page_of_another_role_explains_and_offers_the_way_on(client, liaison):
    login(client, liaison)
    response = client.get(reverse("supervise:dashboard"))
    html = response.content.decode()
    assert response.status_code == 403
    assert "联络员" in html and "领导" in html  # which role the page needs, in words
    assert "返回我的首页" in html and "换其他账号登录" in html
    assert english_words(html) == []
