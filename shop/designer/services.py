"""Designer writes: uploads, saving designs, freezing them for the cart, previews,
adopting a session's work on login and the moderation verdict."""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from wagtail.images import get_image_model

from shop.core.exceptions import ShopError
from shop.designer import render
from shop.designer.assets import AssetRefused, upload_clean
from shop.designer.models import (
    Design,
    DesignerSettings,
    DesignReview,
    DesignSnapshot,
    DesignTemplate,
    FrozenAsset,
    Upload,
)
from shop.designer.schema import (
    ASSET_SRC,
    CLIPART_SRC,
    DesignDocument,
    ImageObject,
    document_parse,
)
from shop.designer.selectors import (
    VISITOR_KEY,
    ProductDesigner,
    designs_for_visitor,
    product_designer_get,
    uploads_for_visitor,
)
from shop.designer.validation import (
    Asset,
    DesignCheck,
    design_check,
    moderation_matches,
)

MAX_DESIGNS = 200
MAX_UPLOADS = 300
PREVIEW_MOCKUP_SPEC = "max-600x600|format-png"


class DesignerError(ShopError):
    code = "designer_error"
    http_status = 400


class PrintQualityError(DesignerError):
    code = "print_quality"


class DesignNotFound(DesignerError):
    code = "not_found"
    http_status = 404


def _session_key(request: HttpRequest) -> str:
    # A key of our own inside the session: Django's session key changes at login,
    # the session's data does not, so the login hook still finds the rows.
    key = request.session.get(VISITOR_KEY)
    if not key:
        key = request.session[VISITOR_KEY] = uuid.uuid4().hex
    return key


def _owner_fields(request: HttpRequest) -> dict:
    if request.user.is_authenticated:
        return {"owner": request.user, "session_key": ""}
    return {"owner": None, "session_key": _session_key(request)}


def upload_create(request: HttpRequest, *, data: bytes, name: str) -> Upload:
    """Store a shopper's image, cleaned; DesignerError says why it was refused."""
    limit = DesignerSettings.load().max_upload_megabytes * 1024 * 1024
    try:
        clean = upload_clean(data, max_bytes=limit)
    except AssetRefused as error:
        raise DesignerError(str(error), code="upload_refused") from None
    owner = _owner_fields(request)
    if uploads_for_visitor(request).count() >= MAX_UPLOADS:
        raise DesignerError(
            "You have uploaded too many images; delete a design first.",
            code="too_many_uploads",
        )
    upload = Upload(
        file_format=clean.file_format,
        width=clean.width,
        height=clean.height,
        original_name=" ".join(name.split())[:120],
        sha256=clean.sha256,
        **owner,
    )
    upload.file.save("upload", ContentFile(clean.data), save=False)
    upload.save()
    return upload


def _product(product_id: int) -> ProductDesigner:
    product = product_designer_get(product_id)
    if product is None or not product.areas:
        raise DesignerError("This product cannot be designed.", code="unknown_product")
    return product


def design_checked(
    request: HttpRequest, *, product_id: int, color: str, document: DesignDocument
) -> DesignCheck:
    product = _product(product_id)
    if color not in product.colors:
        raise DesignerError(
            f"{product.title} does not come in “{color}”.", code="unknown_color"
        )
    return design_check(
        document, product=product, visitor_uploads=uploads_for_visitor(request)
    )


def design_save(
    request: HttpRequest,
    *,
    token: str | None,
    name: str,
    product_id: int,
    color: str,
    document: DesignDocument,
) -> Design:
    """Create or update a visitor's design after checking it."""
    checked = design_checked(
        request, product_id=product_id, color=color, document=document
    )
    data = checked.document.as_data()
    if token is None:
        if designs_for_visitor(request).count() >= MAX_DESIGNS:
            raise DesignerError(
                f"You can keep at most {MAX_DESIGNS} designs; delete one first.",
                code="too_many_designs",
            )
        return Design.objects.create(
            name=name,
            product_id=product_id,
            color=color,
            document=data,
            **_owner_fields(request),
        )
    design = design_for_visitor(request, token=token)
    design.name, design.product_id, design.color, design.document = (
        name,
        product_id,
        color,
        data,
    )
    design.save()
    return design


def token_clean(token: str) -> str | None:
    """A design's or upload's token as 32 hex digits (dashes and case ignored), or
    None when it cannot be one."""
    token = token[:40].replace("-", "").lower()
    if len(token) != 32 or any(c not in "0123456789abcdef" for c in token):
        return None
    return token


def design_for_visitor(request: HttpRequest, *, token: str) -> Design:
    token = token_clean(token)
    design = designs_for_visitor(request).filter(token=token).first() if token else None
    if design is None:
        raise DesignNotFound("There is no such design.")
    return design


def design_duplicate(request: HttpRequest, *, token: str) -> Design:
    design = design_for_visitor(request, token=token)
    if designs_for_visitor(request).count() >= MAX_DESIGNS:
        raise DesignerError(
            f"You can keep at most {MAX_DESIGNS} designs.", code="too_many_designs"
        )
    return Design.objects.create(
        name=f"{design.name} (copy)"[:80],
        product_id=design.product_id,
        color=design.color,
        document=design.document,
        owner=design.owner,
        session_key=design.session_key,
    )


def design_rename(request: HttpRequest, *, token: str, name: str) -> Design:
    design = design_for_visitor(request, token=token)
    design.name = name
    design.save(update_fields=["name", "updated_at"])
    return design


def design_delete(request: HttpRequest, *, token: str) -> None:
    design_for_visitor(request, token=token).delete()


def designs_adopt(request: HttpRequest, user, *, session_key: str) -> int:
    """Give a user the designs and uploads their anonymous session made."""
    if not session_key:
        return 0
    moved = Design.objects.filter(owner__isnull=True, session_key=session_key).update(
        owner=user, session_key=""
    )
    Upload.objects.filter(owner__isnull=True, session_key=session_key).update(
        owner=user, session_key=""
    )
    return moved


# --- freezing ----------------------------------------------------------------------


def _frozen_asset(name: str, file_format: str, width: int, height: int) -> FrozenAsset:
    with default_storage.open(name) as handle:
        data = handle.read()
    digest = hashlib.sha256(data).hexdigest()
    asset = FrozenAsset.objects.filter(pk=digest).first()
    if asset is not None:
        return asset
    asset = FrozenAsset(
        digest=digest, file_format=file_format, width=width, height=height
    )
    asset.file.save(
        f"designer/frozen/{digest}.{file_format}", ContentFile(data), save=False
    )
    try:
        with transaction.atomic():
            asset.save(force_insert=True)
    except IntegrityError:
        asset = FrozenAsset.objects.get(pk=digest)
    return asset


def _frozen_document(checked: DesignCheck) -> DesignDocument:
    """The document with every image source replaced by its frozen copy."""
    sources = {}
    for src, asset in checked.assets.items():
        if ASSET_SRC.match(src):
            sources[src] = src
            continue
        frozen = _frozen_asset(
            asset.file_name, asset.file_format, asset.width, asset.height
        )
        sources[src] = f"/design/assets/{frozen.digest}/"
    data = checked.document.as_data()
    for view in data["views"].values():
        for obj in view["objects"]:
            if obj["type"] == "Image":
                obj["src"] = sources[obj["src"]]
    return document_parse(data)


def _digest(product_id: int, color: str, document: DesignDocument) -> str:
    canonical = json.dumps(
        {"product": product_id, "color": color, "document": document.as_data()},
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def design_freeze(
    request: HttpRequest, *, product_id: int, color: str, document: DesignDocument
) -> tuple[DesignSnapshot, DesignCheck]:
    """The immutable snapshot a cart line prints, with its preview and, when its
    text matches the word list, a pending review. Refused (PrintQualityError)
    when an image would print below the technique's minimum PPI."""
    checked = design_checked(
        request, product_id=product_id, color=color, document=document
    )
    if not checked.configuration.areas:
        raise DesignerError("Add something to the design first.", code="empty_design")
    if checked.blocked:
        raise PrintQualityError(" ".join(q.message() for q in checked.blocked))
    frozen = _frozen_document(checked)
    digest = _digest(product_id, color, frozen)
    snapshot = DesignSnapshot.objects.filter(pk=digest).first()
    if snapshot is not None:
        return snapshot, checked
    product = _product(product_id)
    snapshot = DesignSnapshot(
        digest=digest,
        product_id=product_id,
        product_title=product.title,
        color=color,
        document=frozen.as_data(),
        configuration=checked.configuration.as_data(),
        texts="\n".join(checked.texts()),
    )
    snapshot.preview.save(
        "preview.png", ContentFile(snapshot_preview(snapshot)), save=False
    )
    try:
        with transaction.atomic():
            snapshot.save(force_insert=True)
            words = moderation_matches(
                checked.texts(), DesignerSettings.load().moderation_words
            )
            if words:
                DesignReview.objects.create(
                    snapshot=snapshot, matched_words=", ".join(words)[:255]
                )
    except IntegrityError:
        snapshot = DesignSnapshot.objects.get(pk=digest)
    return snapshot, checked


def snapshot_preview(
    snapshot: DesignSnapshot, *, width: int = render.PREVIEW_SIZE
) -> bytes:
    """The PNG of a frozen design's first printed view on its color's mockup."""
    document = document_parse(snapshot.document)
    product = product_designer_get(snapshot.product_id) if snapshot.product_id else None
    view = document.used_views()[0]
    assets = {
        o.src: _asset_of(o)
        for v in document.views.values()
        for o in v.objects
        if isinstance(o, ImageObject)
    }
    area = product.areas[view] if product else None
    if area is None:
        raise DesignerError(
            "The product of this design is gone.", code="unknown_product"
        )
    mockup = _mockup(product, snapshot.color, view)
    svg, fonts = render.view_svg(
        document, view, area=area, assets=assets, mockup=mockup
    )
    return render.svg_to_png(svg, fonts, width=width)


def _asset_of(obj: ImageObject) -> Asset:
    digest = ASSET_SRC.match(obj.src).group(1)
    frozen = FrozenAsset.objects.get(pk=digest)
    return Asset(
        obj.src,
        "frozen",
        frozen.file_format,
        frozen.width,
        frozen.height,
        "",
        frozen.file.name,
    )


def _mockup(product: ProductDesigner, color: str, view: str):
    spec = product.colors.get(color)
    if spec is None or view not in spec.mockups:
        return None
    image = get_image_model().objects.filter(pk=spec.mockups[view][0]).first()
    if image is None:
        return None
    rendition = image.get_rendition(PREVIEW_MOCKUP_SPEC)
    return rendition.file.name, rendition.width, rendition.height


def design_preview(design: Design) -> bytes:
    """The PNG of a saved design's first printed side on its mockup, kept in media
    storage under the hash of what it shows (a changed design gets a new one)."""
    product = _product(design.product_id or 0)
    document = document_parse(design.document)
    if not document.used_views():
        raise DesignerError("This design is empty.", code="empty_design")
    digest = _digest(product.product_id, design.color, document)
    name = f"designer/previews/saved-{digest}.png"
    if default_storage.exists(name):
        with default_storage.open(name) as handle:
            return handle.read()
    view = document.used_views()[0]
    assets = design_check(
        document, product=product, visitor_uploads=_owner_uploads(design)
    ).assets
    svg, fonts = render.view_svg(
        document,
        view,
        area=product.areas[view],
        assets=assets,
        mockup=_mockup(product, design.color, view),
    )
    data = render.svg_to_png(svg, fonts, width=320)
    default_storage.save(name, ContentFile(data))
    return data


def _owner_uploads(design: Design):
    if design.owner_id:
        return Upload.objects.filter(owner_id=design.owner_id)
    return Upload.objects.filter(owner__isnull=True, session_key=design.session_key)


def template_save(*, name: str, document: DesignDocument) -> DesignTemplate:
    """A staff member's design as a template for everyone: only clipart and text
    (a shopper's upload is theirs alone)."""
    uploads = [
        o.src
        for view in document.views.values()
        for o in view.objects
        if isinstance(o, ImageObject) and not CLIPART_SRC.match(o.src)
    ]
    if uploads:
        raise DesignerError(
            "A template may hold text and clipart only; remove the uploaded images.",
            code="template_uploads",
        )
    template, _ = DesignTemplate.objects.update_or_create(
        name=name, defaults={"document": document.as_data()}
    )
    return template


def designs_remove_abandoned(*, now=None) -> dict[str, int]:
    """Delete anonymous designs and uploads older than a session can live (their
    session is gone, so nobody can open them again), with their files. Frozen
    designs keep their own copies; nothing a cart or order uses is touched."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.SESSION_COOKIE_AGE)
    designs, _ = Design.objects.filter(
        owner__isnull=True, updated_at__lt=cutoff
    ).delete()
    uploads = Upload.objects.filter(owner__isnull=True, created_at__lt=cutoff)
    names = list(uploads.values_list("file", flat=True))
    removed, _ = uploads.delete()
    for name in names:
        default_storage.delete(name)
    return {"designs": designs, "uploads": removed}


# --- moderation --------------------------------------------------------------------


def review_decide(*, review_id: int, approve: bool, message: str, user) -> DesignReview:
    with transaction.atomic():
        review = DesignReview.objects.select_for_update().get(pk=review_id)
        review.status = (
            DesignReview.Status.APPROVED if approve else DesignReview.Status.REJECTED
        )
        review.message = message
        review.reviewed_by = user
        review.reviewed_at = timezone.now()
        review.save()
    return review


def snapshot_may_be_produced(digest: str) -> bool:
    """False while a flagged design waits for review or after it was rejected."""
    review = DesignReview.objects.filter(snapshot_id=digest).first()
    return review is None or review.status == DesignReview.Status.APPROVED
