from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("new/", views.plan_create, name="create"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/edit/", views.plan_edit, name="edit"),
    path("<int:pk>/export/", views.plan_export, name="export"),
    path("<int:pk>/publish/", views.plan_publish, name="publish"),
    path("<int:pk>/archive/", views.plan_archive, name="archive"),
    path("<int:pk>/publish/confirm/", views.plan_publish_confirm, name="publish_confirm"),
    path("<int:pk>/archive/confirm/", views.plan_archive_confirm, name="archive_confirm"),
    path("<int:pk>/tasks/new/", views.task_add, name="task_add"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="task_edit"),
    path("tasks/<int:pk>/assign/", views.task_assign, name="task_assign"),
    path("tasks/<int:pk>/override/", views.task_override, name="task_override"),
    path("tasks/<int:pk>/delete/", views.task_delete, name="task_delete"),
    path("tasks/<int:pk>/cancel/", views.task_cancel, name="task_cancel"),
    path("tasks/<int:pk>/chain/", views.task_chain, name="task_chain"),
    path("assignments/<int:pk>/cascade/", views.assignment_cascade, name="assignment_cascade"),
    path("assignments/<int:pk>/override/", views.assignment_override, name="assignment_override"),
    path("tasks/<int:pk>/duties/", views.task_duties, name="task_duties"),
    path("<int:pk>/gantt/", views.plan_gantt, name="gantt"),
]
