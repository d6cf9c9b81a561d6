from django.urls import path

app_name = "supervise"
urlpatterns: list = []
