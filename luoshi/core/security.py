"""Response headers every page needs beyond Django's SecurityMiddleware and django-csp."""

from __future__ import annotations

from django.http import HttpResponseBadRequest
from django.utils.cache import add_never_cache_headers
from django.utils.html import escape

from luoshi.lib.ids import BadNumber


class NoStoreMiddleware:
    """A signed-in person's pages and downloads hold business data: no browser or proxy keeps a copy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


class BadNumberMiddleware:
    """A number or id out of range in a request (luoshi.lib.ids) is the client's error: 400, in Chinese."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, BadNumber):
            return HttpResponseBadRequest(
                f'<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>请求有误</title>'
                f"<p>请求有误：{escape(exception.message)}</p></html>"
            )
        return None
