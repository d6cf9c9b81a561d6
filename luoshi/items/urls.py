from django.urls import path

from . import views

app_name = "items"
urlpatterns = [
    path("", views.item_list, name="list"),
    path("new/", views.item_new, name="new"),
    path("meeting/", views.meeting_new, name="meeting"),
    path("<int:pk>/", views.item_detail, name="detail"),
    path("<int:pk>/review/", views.item_review, name="review"),
    path("<int:pk>/answer/", views.item_answer, name="answer"),
    path("<int:pk>/rate/", views.item_rate, name="rate"),
    path("tasks/<int:pk>/", views.task_page, name="task"),
    path("tasks/<int:pk>/<slug:op>/", views.task_act, name="act"),
    path("files/<int:pk>/", views.file_download, name="file"),
    path("<int:pk>/resubmit/", views.item_resubmit, name="resubmit"),
]
