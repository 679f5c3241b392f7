"""The back office's handling of citizens' feedback, under /xu-ly-phan-anh/."""

from django.urls import path

from cchc.feedback import admin_views

app_name = "feedback_admin"

urlpatterns = [
    path("", admin_views.feedback_list, name="list"),
    path("<int:pk>/", admin_views.feedback_detail, name="detail"),
    path("<int:pk>/chuyen-xu-ly/", admin_views.feedback_assign, name="assign"),
    path("<int:pk>/bat-dau-xu-ly/", admin_views.feedback_start, name="start"),
    path("<int:pk>/tra-loi/", admin_views.feedback_answer, name="answer"),
    path("<int:pk>/dong/", admin_views.feedback_close, name="close"),
    path("<int:pk>/tep/<int:attachment_pk>/", admin_views.feedback_attachment, name="attachment"),
]
