from django.urls import path

from . import views

app_name = "registers"
urlpatterns = [
    path("risks/", views.risk_list, name="risks"),
    path("risks/new/", views.risk_new, name="risk_new"),
    path("risks/<int:pk>/", views.risk_detail, name="risk"),
    path("representatives/", views.representative_list, name="representatives"),
    path("representatives/new/", views.representative_new, name="representative_new"),
    path("representatives/import/", views.representative_import, name="representative_import"),
    path("representatives/<int:pk>/", views.representative_detail, name="representative"),
    path("representatives/<int:pk>/reveal/", views.representative_reveal, name="representative_reveal"),
    path("representatives/<int:pk>/stage/", views.representative_stage, name="representative_stage"),
]
