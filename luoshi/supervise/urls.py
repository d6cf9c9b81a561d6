from django.urls import path

from . import chase_views, views

app_name = "supervise"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("assignments/<int:pk>/chase/", chase_views.chase, name="chase"),
    path("statistics/", chase_views.chase_statistics, name="statistics"),
    path("statistics/export/", chase_views.chase_statistics_export, name="statistics_export"),
    path("notices/<int:pk>/letter/", chase_views.notice_letter, name="letter"),
]
