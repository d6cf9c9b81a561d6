from django.urls import path

from . import views

app_name = "assess"
urlpatterns = [
    path("", views.index, name="index"),
    path("schemes/new/", views.scheme_create, name="scheme_create"),
    path("schemes/<int:pk>/", views.scheme, name="scheme"),
    path("schemes/<int:pk>/ranking/", views.ranking, name="ranking"),
    path("schemes/<int:pk>/<slug:op>/", views.scheme_edit, name="scheme_edit"),
    path("schemes/<int:pk>/register/<slug:what>/", views.register, name="register"),
    path("units/<int:pk>/", views.unit, name="unit"),
    path("units/<int:pk>/self/", views.self_assess, name="self_assess"),
    path("lines/<int:pk>/review/", views.review, name="review"),
    path("lines/<int:pk>/appeal/", views.appeal, name="appeal"),
    path("appeals/<int:pk>/answer/", views.answer, name="answer"),
    path("brands/", views.brands, name="brands"),
    path("brands/nominate/<int:pk>/", views.brand_nominate, name="brand_nominate"),
    path("brands/<int:pk>/<slug:op>/", views.brand_act, name="brand_act"),
]
