from django.urls import path

from . import views

app_name = "checkout"

urlpatterns = [
    path("", views.checkout_details, name="details"),
    path("review/", views.checkout_review, name="review"),
    path("orders/<uuid:token>/", views.checkout_order, name="order"),
    path("orders/<uuid:token>/pay/", views.checkout_pay, name="pay"),
]
