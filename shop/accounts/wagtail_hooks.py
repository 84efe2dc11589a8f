import django_filters
from django.contrib.auth import get_permission_codename
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.admin_url_finder import NullAdminURLFinder
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from shop.accounts.models import LoginEvent, User
from shop.accounts.services.profiles import profile_ensure

VIEW = "view"


class LoginEventPermissionPolicy(ModelPermissionPolicy):
    """The log is written by the login code only: staff may read it, nobody edits it.

    Only "view" is ever granted (to holders of accounts.view_loginevent, which
    superusers have), so not even a superuser gets add, change or delete.
    """

    def user_has_permission(self, user, action: str) -> bool:
        return action == VIEW and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        if VIEW not in actions:
            return User.objects.none()
        return super().users_with_any_permission([VIEW])


# Before anything asks the registry, or Wagtail creates a default policy instead.
register_permission_policy(LoginEvent, LoginEventPermissionPolicy(LoginEvent))


class LoginEventFilterSet(WagtailFilterSet):
    created_at = django_filters.DateFromToRangeFilter(
        label=_("Time"), widget=DateRangePickerWidget
    )

    class Meta:
        model = LoginEvent
        fields = ["outcome", "created_at"]


class LoginEventIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user")


class LoginEventViewSet(ModelViewSet):
    model = LoginEvent
    icon = "key"
    menu_label = _("Login activity")
    add_to_settings_menu = True
    # An audit row references nothing worth indexing; skip the per-save work.
    add_to_reference_index = False
    index_view_class = LoginEventIndexView
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = [
        "created_at",
        "outcome",
        "email",
        "user",
        "ip_address",
        "user_agent",
        "path",
    ]
    filterset_class = LoginEventFilterSet
    search_fields = ["email", "ip_address"]
    ordering = ["-created_at", "-pk"]
    list_per_page = 50

    @property
    def url_finder_class(self):
        return NullAdminURLFinder

    def get_urlpatterns(self):
        # Only the reading views are routed: add, edit and delete do not exist (and
        # the parent's list would build their forms, which this model has none of).
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
        ]

    def get_permissions_to_register(self):
        # Groups can be given "view" only; the other permissions would mean nothing.
        return Permission.objects.filter(
            content_type=ContentType.objects.get_for_model(LoginEvent),
            codename=get_permission_codename(VIEW, LoginEvent._meta),
        )


login_event_viewset = LoginEventViewSet("login-activity")


@hooks.register("register_admin_viewset")
def register_login_event_viewset():
    return login_event_viewset


@hooks.register("after_create_user")
def profile_for_admin_created_user(request, user: User) -> None:
    # Wagtail's user form saves the row itself, past UserManager.create_user.
    profile_ensure(user=user)
