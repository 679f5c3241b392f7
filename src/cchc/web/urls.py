from django.urls import path

from cchc.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("tim-kiem/", views.search, name="search"),
]
