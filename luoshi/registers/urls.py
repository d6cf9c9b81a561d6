from django.urls import path

from . import views

app_name = "registers"
urlpatterns = [
    path("risks/", views.risk_list, name="risks"),
    path("risks/new/", views.risk_new, name="risk_new"),
    path("risks/<int:pk>/", views.risk_detail, name="risk"),
]
