from django.urls import path

from shop.cart import views

app_name = "cart"

urlpatterns = [
    path("", views.cart_detail, name="detail"),
    path("add/", views.cart_add, name="add"),
    path("add/confirm/", views.cart_add_confirm, name="add_confirm"),
    path("lines/<str:line_id>/", views.cart_line_update, name="line_update"),
    path("lines/<str:line_id>/remove/", views.cart_line_remove, name="line_remove"),
    path("lines/<str:line_id>/roster/", views.cart_roster, name="roster"),
    path("code/", views.cart_code_apply, name="code_apply"),
    path("code/remove/", views.cart_code_remove, name="code_remove"),
]
