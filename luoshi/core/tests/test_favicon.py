"""Every page names its icon, served from static (a browser asking /favicon.ico got a 404 on each page)."""

from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse


def test_pages_link_the_icon_and_it_is_a_static_file(client, db):
    page = client.get(reverse("login")).content.decode()
    assert f'<link rel="icon" href="{static("luoshi/favicon.svg")}" type="image/svg+xml">' in page
    found = finders.find("luoshi/favicon.svg")
    assert found and open(found, encoding="utf-8").read().startswith("<svg")


def test_the_server_error_page_links_it_too(rf):
    from django.template.loader import render_to_string

    assert static("luoshi/favicon.svg") in render_to_string("500.html")
