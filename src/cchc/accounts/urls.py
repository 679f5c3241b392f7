from django.urls import path

from cchc.accounts import views, views_api_tokens

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", views.SignInView.as_view(), name="login"),
    path("dang-xuat/", views.SignOutView.as_view(), name="logout"),
    path("doi-mat-khau/", views.AuditedPasswordChangeView.as_view(), name="password_change"),
    path("doi-mat-khau/xong/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("ca-nhan/", views.profile, name="profile"),
    path("ca-nhan/khoa-api/", views_api_tokens.api_tokens, name="api_tokens"),
    path("ca-nhan/khoa-api/tao/", views_api_tokens.api_token_create, name="api_token_create"),
    path("ca-nhan/khoa-api/<int:pk>/thu-hoi/", views_api_tokens.api_token_revoke, name="api_token_revoke"),
    path("nguoi-dung/", views.user_list, name="user_list"),
    path("nguoi-dung/them/", views.user_create, name="user_create"),
    path("nguoi-dung/<int:pk>/", views.user_edit, name="user_edit"),
    path("nguoi-dung/<int:pk>/khoa/", views.user_deactivate, name="user_deactivate"),
    path("nguoi-dung/<int:pk>/mo-khoa/", views.user_reactivate, name="user_reactivate"),
]
