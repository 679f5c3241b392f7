from django.urls import path

from cchc.tracking import views

app_name = "tracking"

urlpatterns = [
    path("", views.my_tasks, name="my_tasks"),
    path("<int:pk>/", views.assignment_detail, name="assignment_detail"),
    path("<int:pk>/tien-do/", views.progress_edit, name="progress_edit"),
    path("minh-chung/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("minh-chung/<int:pk>/xoa/", views.evidence_delete, name="evidence_delete"),
    path("ke-hoach/<int:pk>/", views.plan_progress, name="plan_progress"),
    path("ke-hoach/<int:pk>/giao-viec/", views.generate, name="generate"),
    path("thong-bao/", views.notifications, name="notifications"),
    path("thong-bao/da-doc/", views.notifications_read, name="notifications_read"),
]
