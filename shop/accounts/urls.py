from django.urls import path

from .views import account, auth

app_name = "accounts"

urlpatterns = [
    # Signing in and out, registration, password and e-mail changes.
    path("login/", auth.login_view, name="login"),
    path("logout/", auth.logout_view, name="logout"),
    path("register/", auth.register, name="register"),
    path("register/sent/", auth.register_sent, name="register_sent"),
    path("verify/<str:token>/", auth.register_verify, name="verify"),
    path("verify/<str:token>/decline/", auth.register_decline, name="verify_decline"),
    path("password/reset/", auth.password_reset, name="password_reset"),
    path("password/reset/sent/", auth.password_reset_sent, name="password_reset_sent"),
    path(
        "password/reset/<uidb64>/<token>/",
        auth.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("password/", auth.password_change, name="password_change"),
    path("email/", auth.email_change, name="email_change"),
    path(
        "email/confirm/<str:token>/",
        auth.email_change_confirm,
        name="email_change_confirm",
    ),
    path(
        "email/confirm/<str:token>/decline/",
        auth.email_change_decline,
        name="email_change_decline",
    ),
    # The buyer's own pages.
    path("", account.overview, name="overview"),
    path("profile/", account.profile_edit, name="profile"),
    path("addresses/", account.address_list, name="addresses"),
    path("addresses/new/", account.address_create, name="address_create"),
    path("addresses/<int:pk>/edit/", account.address_edit, name="address_edit"),
    path("addresses/<int:pk>/delete/", account.address_delete, name="address_delete"),
    path(
        "addresses/<int:pk>/default/<str:kind>/",
        account.address_set_default,
        name="address_set_default",
    ),
]
