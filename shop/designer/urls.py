from django.urls import path, re_path

from shop.designer import views

app_name = "designer"

urlpatterns = [
    path("", views.designer_start, name="start"),
    path("<int:product_id>/", views.designer_page, name="page"),
    path("mine/", views.design_list, name="list"),
    path("mine/<str:token>/rename/", views.design_rename, name="rename"),
    path("mine/<str:token>/duplicate/", views.design_duplicate, name="duplicate"),
    path("mine/<str:token>/delete/", views.design_delete, name="delete"),
    path("mine/<str:token>/preview.png", views.design_preview, name="preview"),
    path("uploads/<str:token>/", views.upload_file, name="upload"),
    path("clipart/<int:pk>/svg/", views.clipart_file, name="clipart"),
    re_path(r"^assets/(?P<digest>[0-9a-f]{64})/$", views.frozen_file, name="asset"),
    re_path(
        r"^previews/(?P<digest>[0-9a-f]{64})\.png$",
        views.snapshot_preview_file,
        name="snapshot_preview",
    ),
]
