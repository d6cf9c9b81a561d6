from django.urls import path

from . import views

app_name = "supervise"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
