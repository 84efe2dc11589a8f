"""The designer in the Wagtail admin: the library (clipart with bulk upload, fonts,
templates, text colors) for editors, and the review queue of flagged designs."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from shop.designer.admin_forms import ClipartBulkForm, ClipartForm, FontForm
from shop.designer.models import (
    Clipart,
    ClipartCategory,
    DesignReview,
    DesignTemplate,
    Font,
)
from shop.designer.services import review_decide
from shop.pricing.models import TextColor

REVIEW = "designer.review_design"
ADD_CLIPART = "designer.add_clipart"


class ClipartCategoryViewSet(SnippetViewSet):
    model = ClipartCategory
    icon = "folder-open-inverse"
    menu_label = "Clipart categories"
    list_display = ["name", "parent"]


class ClipartViewSet(SnippetViewSet):
    model = Clipart
    icon = "image"
    menu_label = "Clipart"
    list_display = ["name", "category", "is_active"]
    list_filter = ["category", "is_active"]
    search_fields = ["name", "keywords"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("name"), FieldPanel("category")]),
            FieldPanel("keywords"),
            FieldPanel(
                "svg",
                help_text="An SVG file; scripts, event handlers and "
                "external references are removed on upload.",
            ),
            FieldPanel("is_active"),
        ],
        base_form_class=ClipartForm,
    )


class FontViewSet(SnippetViewSet):
    model = Font
    icon = "italic"
    menu_label = "Fonts"
    list_display = ["name", "family", "licence", "is_active"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]),
            FieldPanel(
                "file", help_text="TrueType, OpenType, WOFF or WOFF2, at most 4 MB."
            ),
            FieldPanel("licence"),
            FieldPanel("is_active"),
        ],
        base_form_class=FontForm,
    )


class DesignTemplateViewSet(SnippetViewSet):
    model = DesignTemplate
    icon = "doc-empty"
    menu_label = "Design templates"
    list_display = ["name", "sort_order", "is_active"]


class TextColorViewSet(SnippetViewSet):
    model = TextColor
    icon = "pick"
    menu_label = "Text colors"
    list_display = ["name", "hex_code", "surcharge_amount", "active"]


class DesignerGroup(SnippetViewSetGroup):
    menu_label = "Designer"
    menu_icon = "image"
    menu_order = 260
    items = (
        ClipartViewSet,
        ClipartCategoryViewSet,
        FontViewSet,
        DesignTemplateViewSet,
        TextColorViewSet,
    )


register_snippet(DesignerGroup)


def clipart_bulk_upload(request):
    if not request.user.has_perm(ADD_CLIPART):
        raise PermissionDenied
    if request.method == "POST":
        form = ClipartBulkForm(
            request.POST, request.FILES, files_list=request.FILES.getlist("files")
        )
        if form.is_valid():
            category = form.cleaned_data["category"]
            with transaction.atomic():
                for name, clean in form.cleaned_data["files"]:
                    art = Clipart(
                        name=name.rsplit(".", 1)[0][:80] or "Clipart",
                        category=category,
                        width=clean.width,
                        height=clean.height,
                    )
                    art.svg.save("clipart.svg", ContentFile(clean.data), save=False)
                    art.save()
            count = len(form.cleaned_data["files"])
            messages.success(request, f"{count} clipart added to {category}.")
            return redirect(reverse("wagtailsnippets_designer_clipart:list"))
    else:
        form = ClipartBulkForm()
    return TemplateResponse(
        request,
        "designer/admin/clipart_bulk.html",
        {"form": form, "page_title": "Upload clipart", "header_icon": "upload"},
    )


def review_queue(request):
    if not request.user.has_perm(REVIEW):
        raise PermissionDenied
    status = request.GET.get("status", DesignReview.Status.PENDING)
    if status not in DesignReview.Status.values:
        status = DesignReview.Status.PENDING
    reviews = (
        DesignReview.objects.filter(status=status)
        .select_related("snapshot", "reviewed_by")
        .order_by("created_at")[:100]
    )
    return TemplateResponse(
        request,
        "designer/admin/review_queue.html",
        {
            "reviews": reviews,
            "status": status,
            "statuses": DesignReview.Status.choices,
            "page_title": "Design review",
            "header_icon": "warning",
        },
    )


def review_decision(request, pk: int):
    if not request.user.has_perm(REVIEW) or request.method != "POST":
        raise PermissionDenied
    review = get_object_or_404(DesignReview, pk=pk)
    approve = request.POST.get("decision") == "approve"
    message = request.POST.get("message", "").strip()[:1000]
    if not approve and not message:
        messages.error(request, "Tell the shopper why the design is rejected.")
        return redirect("designer_review_queue")
    review_decide(
        review_id=review.pk, approve=approve, message=message, user=request.user
    )
    messages.success(request, "Design approved." if approve else "Design rejected.")
    return redirect("designer_review_queue")


@hooks.register("register_admin_urls")
def designer_admin_urls():
    return [
        path(
            "designer/clipart/upload/",
            clipart_bulk_upload,
            name="designer_clipart_bulk",
        ),
        path("designer/review/", review_queue, name="designer_review_queue"),
        path(
            "designer/review/<int:pk>/decide/",
            review_decision,
            name="designer_review_decide",
        ),
    ]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_admin_menu_item")
def review_menu_item():
    return PermissionMenuItem(
        "Design review",
        reverse("designer_review_queue"),
        icon_name="warning",
        order=265,
        permission=REVIEW,
    )


@hooks.register("register_admin_menu_item")
def clipart_upload_menu_item():
    return PermissionMenuItem(
        "Upload clipart",
        reverse("designer_clipart_bulk"),
        icon_name="upload",
        order=262,
        permission=ADD_CLIPART,
    )
