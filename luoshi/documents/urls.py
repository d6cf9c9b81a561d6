from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("plans/<int:pk>/bulletin/", views.bulletin, name="bulletin"),
    path("plans/<int:pk>/ledger/", views.ledger_download, name="ledger"),
    path("returns/", views.returns, name="returns"),
    path("returns/sheet/", views.return_sheet_download, name="return_sheet"),
    path("plans/<int:pk>/scores/", views.scores_download, name="scores"),
]
