from django.urls import path

from . import views

app_name = "verksemdsplan"

urlpatterns = [
    path("", views.index, name="index"),
]
