from django.urls import path

from . import views

app_name = "drafts"
urlpatterns = [
    path("", views.draft_list, name="list"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.edit, name="edit"),
    path("<int:pk>/details/", views.update_details, name="details"),
    path("<int:pk>/nodes/<int:node_id>/<slug:op>/", views.node_op, name="node"),
    path("<int:pk>/nodes/<int:node_id>/editor/<slug:what>/", views.node_editor, name="editor"),
    path("<int:pk>/branches/<int:node_id>/", views.branch, name="branch"),
    path("<int:pk>/undo/", views.undo, name="undo"),
    path("<int:pk>/export.xlsx", views.export, name="export"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/discard/", views.discard, name="discard"),
]
