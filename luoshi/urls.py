from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from luoshi.api.routes import api
from luoshi.org import twofactor_views
from luoshi.org import views as org_views

# Refusals anywhere (the admin site included) render the 403 page and go into the audit record.
handler403 = "luoshi.org.permissions.permission_denied"

admin.site.site_header = admin.site.site_title = "落实 系统管理"
admin.site.index_title = "管理"

urlpatterns = [
    path("", org_views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(template_name="org/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", org_views.password_change, name="password_change"),
    path("login/verify/", twofactor_views.verify, name="second_factor_verify"),
    path("account/2fa/", twofactor_views.manage, name="second_factor"),
    path("plans/", include("luoshi.plans.urls")),
    path("drafts/", include("luoshi.drafts.urls")),
    path("work/", include("luoshi.reports.urls")),
    path("supervise/", include("luoshi.supervise.urls")),
    path("items/", include("luoshi.items.urls")),
    path("notices/", include("luoshi.notify.urls")),
    path("assess/", include("luoshi.assess.urls")),
    path("documents/", include("luoshi.documents.urls")),
    path("search/", include("luoshi.search.urls")),
    path("api/", api.urls),
    path("account/tokens/", include("luoshi.api.urls")),
    path("admin/", admin.site.urls),
    path("registers/", include("luoshi.registers.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
