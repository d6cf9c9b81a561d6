"""luoshi's URLs and `/bench/bare/`: a view that does no work, so its throughput is the framework's and the
server's own limit (sessions and the middleware still run)."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), path("", include("luoshi.urls"))]
