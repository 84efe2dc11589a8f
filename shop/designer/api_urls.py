from django.urls import path

from shop.designer import api

urlpatterns = [
    path("uploads/", api.UploadsView.as_view(), name="uploads"),
    path("clipart/", api.ClipartView.as_view(), name="clipart"),
    path("check/", api.CheckView.as_view(), name="check"),
    path("templates/", api.TemplatesView.as_view(), name="templates"),
    path("designs/", api.DesignsView.as_view(), name="designs"),
    path("designs/<str:token>/", api.DesignView.as_view(), name="design"),
    path(
        "designs/<str:token>/duplicate/",
        api.DesignDuplicateView.as_view(),
        name="design-duplicate",
    ),
]
