"""The public side, under /cong-thong-tin/phan-anh/ (no sign-in)."""

from django.urls import path

from cchc.feedback import views

app_name = "feedback"

urlpatterns = [
    path("", views.submit, name="submit"),
    path("da-gui/", views.submitted, name="submitted"),
    path("tra-cuu/", views.lookup, name="lookup"),
    path("tra-cuu/<str:code>/", views.status, name="status"),
    path("tra-loi/", views.answers, name="answers"),
    path("tra-loi/<int:pk>/", views.answer_detail, name="answer_detail"),
]
