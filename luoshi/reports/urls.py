"""The liaison's work (/work/) and the supervisor's review queue."""

from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.my_tasks, name="my_tasks"),
    path("assignments/<int:pk>/", views.assignment_detail, name="assignment"),
    path("assignments/<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("assignments/<int:pk>/report/", views.report_start, name="report_start"),
    path("reports/<int:pk>/", views.report_review, name="report_review"),
    path("reports/<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("reports/<int:pk>/accept/", views.report_accept, name="report_accept"),
    path("reports/<int:pk>/return/", views.report_return, name="report_return"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/remove/", views.evidence_remove, name="evidence_remove"),
    path("review/", views.review_queue, name="review_queue"),
    path("reviewed/", views.reviewed_list, name="reviewed"),
    path("assignments/<int:pk>/ask/", views.input_ask, name="input_ask"),
    path("requests/<int:pk>/answer/", views.input_answer, name="input_answer"),
]
