"""The designer page, the visitor's design list, and the files designs place
(uploads for their owner only, clipart and frozen assets with a strict CSP)."""

from __future__ import annotations

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from shop.core.params import ID_MAX, QueryForm, id_field, params_clean, text_field
from shop.core.schema import SchemaError
from shop.designer import services
from shop.designer.assets import CLIPART_CSP, MIME_TYPES
from shop.designer.fonts import fonts_get
from shop.designer.forms import RenameForm
from shop.designer.models import Clipart, DesignSnapshot, FrozenAsset
from shop.designer.selectors import (
    clipart_categories_get,
    default_product_id,
    designs_for_visitor,
    product_designer_get,
    templates_get,
    text_colors,
    uploads_for_visitor,
)
from shop.pricing.selectors import default_technique_slug, print_quality_get


class DesignerQuery(QueryForm):
    color = text_field(max_length=50)
    design = text_field(max_length=40)
    template = id_field()
    lenient_fields = frozenset({"color", "template"})


@require_GET
def designer_start(request: HttpRequest) -> HttpResponse:
    product_id = default_product_id()
    if product_id is None:
        raise Http404("There is nothing to design yet.")
    return redirect("designer:page", product_id=product_id)


def _document_to_open(request, params, product) -> tuple[dict | None, dict | None]:
    """(the saved design, the template document) the page opens with."""
    if params["design"]:
        token = services.token_clean(params["design"])
        design = (
            designs_for_visitor(request).filter(token=token).first() if token else None
        )
        if design is not None and design.product_id == product.product_id:
            return {
                "token": design.token.hex,
                "name": design.name,
                "color": design.color,
                "document": design.document,
            }, None
        messages.warning(
            request, "That design is not yours or belongs to another product."
        )
    if params["template"]:
        template = next(
            (t for t in templates_get() if t[0] == params["template"]), None
        )
        if template is not None:
            return None, template[2]
    return None, None


@never_cache
@require_GET
def designer_page(request: HttpRequest, product_id: int) -> HttpResponse:
    if product_id > ID_MAX:
        raise Http404("This product cannot be designed.")
    product = product_designer_get(product_id)
    if product is None or not product.areas or not product.colors:
        raise Http404("This product cannot be designed.")
    params = params_clean(DesignerQuery, request.GET)
    for message in params.messages:
        messages.error(request, message)
    design, template = _document_to_open(request, params, product)
    color = (design or {}).get("color") or params["color"]
    if color not in product.colors:
        color = next(iter(product.colors))
    quality = print_quality_get(default_technique_slug())
    config = {
        "product": product.as_data(),
        "color": color,
        "design": design,
        "template": template,
        "fonts": [
            {"slug": f.slug, "name": f.name, "url": f.url, "format": f.css_format}
            for f in fonts_get().values()
        ],
        "textColors": [
            {"name": c.name, "hex": c.hex_code, "surcharge": str(c.surcharge.amount)}
            for c in text_colors()
        ],
        "templates": [{"id": pk, "name": name} for pk, name, _ in templates_get()],
        "clipartCategories": [
            {"id": pk, "name": name, "label": "- " * depth + name}
            for pk, name, depth in clipart_categories_get()
        ],
        "quality": {"warning": quality.warning, "minimum": quality.minimum},
        "loggedIn": request.user.is_authenticated,
        "canSaveTemplate": request.user.has_perm("designer.add_designtemplate"),
    }
    return render(
        request,
        "designer/designer.html",
        {"product": product, "config": config, "fonts": config["fonts"]},
    )


@never_cache
@require_GET
def design_list(request: HttpRequest) -> HttpResponse:
    designs = designs_for_visitor(request).select_related("product")[:200]
    return render(request, "designer/design_list.html", {"designs": designs})


def _design_change(request: HttpRequest, change, done: str) -> HttpResponse:
    """Run a change of the list page and go back to it with what happened."""
    try:
        change()
    except services.DesignNotFound as error:
        raise Http404(error.message) from None
    except services.DesignerError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("designer:list")


@require_POST
def design_rename(request: HttpRequest, token: str) -> HttpResponse:
    form = RenameForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["name"][0])
        return redirect("designer:list")
    name = form.cleaned_data["name"]
    return _design_change(
        request,
        lambda: services.design_rename(request, token=token, name=name),
        "Design renamed.",
    )


@require_POST
def design_duplicate(request: HttpRequest, token: str) -> HttpResponse:
    return _design_change(
        request,
        lambda: services.design_duplicate(request, token=token),
        "Design copied.",
    )


@require_POST
def design_delete(request: HttpRequest, token: str) -> HttpResponse:
    return _design_change(
        request,
        lambda: services.design_delete(request, token=token),
        "Design deleted.",
    )


@require_GET
def design_preview(request: HttpRequest, token: str) -> HttpResponse:
    """A saved design's preview, for the visitor who owns it."""
    try:
        design = services.design_for_visitor(request, token=token)
        data = services.design_preview(design)
    except (services.DesignerError, SchemaError) as error:
        raise Http404(str(error)) from None
    response = HttpResponse(data, content_type="image/png")
    response["Cache-Control"] = "private, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _file_response(name: str, file_format: str, *, private: bool) -> FileResponse:
    try:
        handle = default_storage.open(name)
    except (FileNotFoundError, OSError):
        raise Http404("There is no such file.") from None
    response = FileResponse(handle, content_type=MIME_TYPES[file_format])
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = CLIPART_CSP
    response["Cache-Control"] = (
        "private, max-age=3600" if private else "public, max-age=31536000, immutable"
    )
    return response


@require_GET
def upload_file(request: HttpRequest, token: str) -> FileResponse:
    """An upload, for the visitor who owns it only."""
    token = services.token_clean(token)
    upload = uploads_for_visitor(request).filter(token=token).first() if token else None
    if upload is None:
        raise Http404("There is no such upload.")
    return _file_response(upload.file.name, upload.file_format, private=True)


@require_GET
def clipart_file(request: HttpRequest, pk: int) -> FileResponse:
    art = (
        Clipart.objects.filter(pk=pk, is_active=True).first() if pk <= ID_MAX else None
    )
    if art is None:
        raise Http404("There is no such clipart.")
    return _file_response(art.svg.name, "svg", private=False)


@require_GET
def snapshot_preview_file(request: HttpRequest, digest: str) -> FileResponse:
    """A frozen design's preview: immutable, so its address never expires (a signed
    media URL would, inside a cart or an order)."""
    snapshot = DesignSnapshot.objects.filter(pk=digest.lower()).first()
    if snapshot is None or not snapshot.preview:
        raise Http404("There is no such preview.")
    return _file_response(snapshot.preview.name, "png", private=False)


@require_GET
def frozen_file(request: HttpRequest, digest: str) -> FileResponse:
    asset = FrozenAsset.objects.filter(pk=digest.lower()).first()
    if asset is None:
        raise Http404("There is no such file.")
    return _file_response(asset.file.name, asset.file_format, private=False)
