"""Backoffice roles: the migrated groups, who reaches the admin, and the header link."""

import importlib
import re

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import GroupCollectionPermission, GroupPagePermission

from shop.accounts.models import User
from shop.accounts.roles import ROLES, group_grant_permissions
from tests.factories.accounts import user_create
from tests.factories.catalog import home_page
from tests.html_checks import assert_accessible_basics, content, elements

pytestmark = pytest.mark.django_db

ADMIN_HOME = reverse("wagtailadmin_home")
ADMIN_LOGIN = reverse("wagtailadmin_login")
STOCK = reverse("stock:index")

backoffice_migration = importlib.import_module(
    "shop.accounts.migrations.0004_backoffice_groups"
)


def group_permissions(name: str) -> dict[str, set[str]]:
    """Everything a group holds, as "app_label.codename" names.

    Page and collection grants are listed with the depth of the node they sit on,
    so a grant on the root reads "1 wagtailcore.add_page".
    """
    group = Group.objects.get(name=name)

    def label(permission: Permission) -> str:
        return f"{permission.content_type.app_label}.{permission.codename}"

    return {
        "permissions": {label(p) for p in group.permissions.all()},
        "page_permissions": {
            f"{grant.page.depth} {label(grant.permission)}"
            for grant in GroupPagePermission.objects.filter(group=group)
        },
        "collection_permissions": {
            f"{grant.collection.depth} {label(grant.permission)}"
            for grant in GroupCollectionPermission.objects.filter(group=group)
        },
    }


def logged_in(client, *, groups: tuple[str, ...] = (), **fields):
    client.force_login(user_create(groups=groups, **fields))
    return client


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


DESIGN_REVIEW = (
    "designer.view_designreview",
    "designer.change_designreview",
    "designer.review_design",
)


# --- The groups ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "Editors",
            {
                "permissions": {
                    "wagtailadmin.access_admin",
                    "wagtailredirects.add_redirect",
                    "wagtailredirects.change_redirect",
                    "wagtailredirects.delete_redirect",
                    "catalog.view_stocklevel",
                    "catalog.change_stocklevel",
                    *(
                        f"designer.{action}_{model}"
                        for model in (
                            "clipart",
                            "clipartcategory",
                            "font",
                            "designtemplate",
                        )
                        for action in ("add", "change", "delete", "view")
                    ),
                    *(
                        f"pricing.{action}_textcolor"
                        for action in ("add", "change", "delete", "view")
                    ),
                    "designer.change_designersettings",
                    *DESIGN_REVIEW,
                },
                "page_permissions": {
                    "1 wagtailcore.add_page",
                    "1 wagtailcore.change_page",
                    "1 wagtailcore.publish_page",
                    "1 wagtailcore.lock_page",
                    "1 wagtailcore.unlock_page",
                },
                "collection_permissions": {
                    "1 wagtailimages.add_image",
                    "1 wagtailimages.change_image",
                    "1 wagtailimages.choose_image",
                    "1 wagtailimages.delete_image",
                    "1 wagtaildocs.add_document",
                    "1 wagtaildocs.change_document",
                    "1 wagtaildocs.choose_document",
                    "1 wagtaildocs.delete_document",
                },
            },
        ),
        (
            "Marketing",
            {
                "permissions": {
                    "wagtailadmin.access_admin",
                    *(
                        f"pricing.{action}_{model}"
                        for model in (
                            "specialoffer",
                            "discountcode",
                            "volumetiertable",
                            "multibuyrule",
                            "printtechnique",
                        )
                        for action in ("add", "change", "delete", "view")
                    ),
                    "pricing.publish_specialoffer",
                    "pricing.view_coderedemption",
                    *(
                        f"checkout.{action}_shippingmethod"
                        for action in ("add", "change", "delete", "view")
                    ),
                },
                "page_permissions": set(),
                "collection_permissions": {
                    "1 wagtailimages.add_image",
                    "1 wagtailimages.choose_image",
                },
            },
        ),
        (
            "Fulfilment",
            {
                "permissions": {
                    "wagtailadmin.access_admin",
                    "catalog.view_stocklevel",
                    "catalog.change_stocklevel",
                    *DESIGN_REVIEW,
                    "orders.view_order",
                    "orders.fulfil_order",
                    "payments.view_payment",
                    "payments.add_refund",
                },
                "page_permissions": set(),
                "collection_permissions": set(),
            },
        ),
    ],
)
def test_migrate_creates_each_backoffice_group_with_exactly_its_permissions(
    name, expected
):
    # given a database built by the migrations

    # when reading the group
    held = group_permissions(name)

    # then it holds exactly the role's grants, on the root page and collection
    assert held == expected


def test_the_roles_describe_what_the_migrated_groups_hold():
    # given the role descriptions in shop.accounts.roles
    described = {
        role.group_name: {
            "permissions": set(role.permissions),
            "page_permissions": {f"1 {name}" for name in role.page_permissions},
            "collection_permissions": {
                f"1 {name}" for name in role.collection_permissions
            },
        }
        for role in ROLES
    }

    # when reading the migrated groups
    held = {name: group_permissions(name) for name in described}

    # then the description and the database agree
    assert sorted(described) == ["Editors", "Fulfilment", "Marketing"]
    assert held == described


def test_running_the_migration_again_changes_nothing():
    before = {role.group_name: group_permissions(role.group_name) for role in ROLES}
    group_ids = sorted(Group.objects.values_list("pk", flat=True))

    backoffice_migration.create_groups(django_apps, None)

    assert {
        role.group_name: group_permissions(role.group_name) for role in ROLES
    } == before
    assert sorted(Group.objects.values_list("pk", flat=True)) == group_ids


def test_the_migration_fills_an_existing_group_and_keeps_its_members():
    # given a bare "Marketing" group that someone made before, with a member
    Group.objects.filter(name="Marketing").delete()
    existing = Group.objects.create(name="Marketing")
    member = user_create(groups=("Marketing",))

    # when the migration runs
    backoffice_migration.create_groups(django_apps, None)

    # then the same group got the role's permissions, and the member stayed
    assert Group.objects.get(name="Marketing").pk == existing.pk
    assert group_permissions("Marketing")["permissions"] == {
        "wagtailadmin.access_admin"
    }
    assert list(member.groups.values_list("name", flat=True)) == ["Marketing"]


def test_reversing_the_migration_removes_only_the_three_groups():
    editor = user_create(groups=("Editors",))

    backoffice_migration.remove_groups(django_apps, None)

    # Wagtail's own Moderators group stays.
    assert list(Group.objects.values_list("name", flat=True)) == ["Moderators"]
    assert list(editor.groups.all()) == []
    assert not GroupPagePermission.objects.filter(group__name="Editors").exists()


def test_group_grant_permissions_creates_the_permission_and_grants_it_once():
    # given a permission that does not exist yet (as on a fresh database)
    Permission.objects.filter(
        content_type__app_label="catalog", codename="delete_stocklevel"
    ).delete()

    # when granting it twice to a group that does not exist yet
    for _ in range(2):
        group_grant_permissions(
            django_apps,
            group_name="Stock auditors",
            permissions=["catalog.delete_stocklevel"],
        )

    # then the permission exists once and the new group holds it once
    assert (
        Permission.objects.filter(
            content_type__app_label="catalog", codename="delete_stocklevel"
        ).count()
        == 1
    )
    group = Group.objects.get(name="Stock auditors")
    assert list(group.permissions.values_list("codename", flat=True)) == [
        "delete_stocklevel"
    ]


def test_group_grant_permissions_names_a_permission_that_does_not_exist():
    with pytest.raises(LookupError, match=r"There is no permission 'catalog\.fly'\."):
        group_grant_permissions(
            django_apps, group_name="Editors", permissions=["catalog.fly"]
        )


# --- Backoffice users in the admin --------------------------------------------------


def test_an_editor_opens_the_admin_the_page_explorer_a_page_editor_and_stock(
    client, catalog_tree
):
    # given an editor and a product page
    logged_in(client, groups=("Editors",))
    product = catalog_tree["products"][0]

    # when opening the admin's main screens
    urls = [
        ADMIN_HOME,
        reverse("wagtailadmin_explore_root"),
        reverse("wagtailadmin_explore", args=(home_page().pk,)),
        edit_url(product),
        STOCK,
        reverse("wagtailimages:index"),
        reverse("wagtaildocs:index"),
        reverse("wagtailredirects:index"),
    ]
    statuses = {url: client.get(url).status_code for url in urls}

    # then every one of them opens
    assert statuses == dict.fromkeys(urls, 200)


def test_marketing_opens_the_admin_and_images_but_cannot_edit_pages_or_stock(
    client, catalog_tree
):
    logged_in(client, groups=("Marketing",))
    product = catalog_tree["products"][0]

    home = client.get(ADMIN_HOME)
    images = client.get(reverse("wagtailimages:index"))
    edit = client.get(edit_url(product))
    stock = client.get(STOCK)

    assert home.status_code == 200
    assert images.status_code == 200
    # Wagtail sends staff without a permission back to the dashboard.
    assert (edit.status_code, edit["Location"]) == (302, ADMIN_HOME)
    assert (stock.status_code, stock["Location"]) == (302, ADMIN_HOME)


def test_fulfilment_opens_stock_but_cannot_edit_pages(client, catalog_tree):
    logged_in(client, groups=("Fulfilment",))
    product = catalog_tree["products"][0]

    stock = client.get(STOCK)
    edit = client.get(edit_url(product))

    assert stock.status_code == 200
    assert (edit.status_code, edit["Location"]) == (302, ADMIN_HOME)


def test_a_superuser_without_groups_opens_the_admin(client):
    client.force_login(
        User.objects.create_superuser(email="owner@atelier.test", password="pw")
    )

    response = client.get(ADMIN_HOME)

    assert response.status_code == 200


# --- Buyers and visitors --------------------------------------------------------------


@pytest.mark.parametrize(
    "url", [ADMIN_HOME, reverse("wagtailadmin_explore_root"), ADMIN_LOGIN]
)
def test_a_buyer_gets_a_storefront_403_on_the_admin(client, url):
    # given a logged-in buyer
    logged_in(client, email="anna@example.com")

    # when asking for the admin
    response = client.get(url)

    # then the storefront explains it, links to the account and offers to log out
    html = content(response)
    assert response.status_code == 403
    assert [t.name for t in response.templates][:2] == [
        "accounts/admin_forbidden.html",
        "base.html",
    ]
    assert "This area is for shop staff." in html
    assert "log out here first and then log in with your staff account" in html
    assert "anna@example.com" in html
    assert reverse("accounts:overview") in [a["href"] for a in elements(html, "a")]
    logout_forms = [
        form
        for form in elements(html, "form")
        if form.get("action") == reverse("accounts:logout")
    ]
    assert [form["method"] for form in logout_forms] == ["post"]
    assert any(
        field.get("name") == "csrfmiddlewaretoken" for field in elements(html, "input")
    )
    assert "no-cache" in response["Cache-Control"]
    assert response["X-Frame-Options"] == "DENY"
    assert_accessible_basics(html)


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", STOCK),
        ("get", reverse("wagtailimages:index")),
        ("get", reverse("wagtaildocs:index")),
        ("get", reverse("wagtailredirects:index")),
        ("get", reverse("wagtailusers_users:index")),
        ("get", reverse("wagtailadmin_pages:edit", args=(1,))),
        ("get", "/admin/no-such-screen/"),
        ("post", reverse("wagtailadmin_pages:add_subpage", args=(1,))),
        ("post", reverse("wagtailadmin_logout")),
    ],
)
def test_nothing_else_under_the_admin_works_for_a_buyer(client, method, url):
    logged_in(client)

    response = getattr(client, method)(url)

    assert response.status_code == 403
    assert "This area is for shop staff." in content(response)


def test_an_anonymous_visitor_is_sent_to_the_admin_login_which_opens(client):
    admin = client.get(ADMIN_HOME)
    login = client.get(ADMIN_LOGIN)

    assert admin.status_code == 302
    assert admin["Location"] == f"{ADMIN_LOGIN}?next={ADMIN_HOME}"
    assert login.status_code == 200
    assert "This area is for shop staff." not in content(login)


def test_a_buyer_who_logs_out_reaches_the_staff_login(client):
    logged_in(client)
    client.post(reverse("accounts:logout"))

    response = client.get(ADMIN_LOGIN)

    assert response.status_code == 200


# --- The storefront header --------------------------------------------------------


def header_links(client) -> list[tuple[str, str]]:
    html = content(client.get(home_page().url))
    return re.findall(r'<a class="header-link" href="([^"]+)">([^<]+)</a>', html)


@pytest.mark.parametrize("groups", [("Editors",), ("Marketing",), ("Fulfilment",)])
def test_the_storefront_header_links_backoffice_users_to_the_admin(client, groups):
    logged_in(client, groups=groups)

    assert header_links(client) == [
        (ADMIN_HOME, "Admin"),
        (reverse("accounts:overview"), "Account"),
    ]


def test_the_storefront_header_links_a_superuser_to_the_admin(client):
    client.force_login(
        User.objects.create_superuser(email="owner@atelier.test", password="pw")
    )

    assert header_links(client) == [
        (ADMIN_HOME, "Admin"),
        (reverse("accounts:overview"), "Account"),
    ]


def test_the_storefront_header_has_no_admin_link_for_buyers_or_visitors(client):
    anonymous = header_links(client)
    logged_in(client)
    buyer = header_links(client)

    assert anonymous == [(reverse("accounts:login"), "Log in")]
    assert buyer == [(reverse("accounts:overview"), "Account")]
