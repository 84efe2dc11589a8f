"""The designer API (/api/v1/designer/): uploads, clipart search, checking a design
(print area, quality, what it prints) and the visitor's saved designs.

Same rules as the cart API: session authentication with the CSRF header for every
visitor, JSON bodies read by ``json_load`` and validated by pydantic models.
Adding a design to the cart is the cart's endpoint (``/api/v1/cart/designs/``).
"""

from __future__ import annotations

from typing import Annotated

from drf_spectacular.utils import OpenApiParameter, extend_schema
from pydantic import Field
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from shop.catalog.api.params import query_params_or_400
from shop.core.api import json_body
from shop.core.params import QueryForm, id_field, text_field
from shop.core.schema import Schema, safe_text
from shop.designer import services
from shop.designer.schema import MAX_BYTES, DesignDocument
from shop.designer.selectors import clipart_search, designs_for_visitor

ID_MAX = 2**31 - 1
BODY_MAX_DEPTH = 8
TOKEN_PATTERN = r"^[0-9a-f]{32}$"


class DesignIn(Schema):
    name: safe_text(80) = "My design"
    product: Annotated[int, Field(ge=1, le=ID_MAX)]
    color: safe_text(50)
    document: DesignDocument


class CheckIn(Schema):
    product: Annotated[int, Field(ge=1, le=ID_MAX)]
    color: safe_text(50)
    document: DesignDocument


class TemplateIn(Schema):
    name: safe_text(80)
    document: DesignDocument


class RenameIn(Schema):
    name: safe_text(80)


def body_read(request, model):
    """A body holding a design: its texts may span lines."""
    return json_body(
        request,
        model,
        max_bytes=MAX_BYTES + 4096,
        max_depth=BODY_MAX_DEPTH,
        multiline_keys=("text",),
    )


def design_data(design) -> dict:
    return {
        "token": design.token.hex,
        "name": design.name,
        "product": design.product_id,
        "color": design.color,
        "document": design.document,
        "updated": design.updated_at.isoformat(),
        "url": f"/design/{design.product_id}/?design={design.token.hex}",
    }


class DesignSerializer(serializers.Serializer):
    token = serializers.CharField()
    name = serializers.CharField()
    product = serializers.IntegerField(allow_null=True)
    color = serializers.CharField()
    document = serializers.JSONField()
    updated = serializers.CharField()
    url = serializers.CharField()


class QualitySerializer(serializers.Serializer):
    view = serializers.CharField()
    name = serializers.CharField()
    ppi = serializers.IntegerField()
    level = serializers.ChoiceField(choices=["good", "warning", "blocked"])
    maxWidthMm = serializers.IntegerField()
    maxHeightMm = serializers.IntegerField()
    message = serializers.CharField()


class CheckSerializer(serializers.Serializer):
    configuration = serializers.JSONField()
    quality = QualitySerializer(many=True)


class UploadSerializer(serializers.Serializer):
    src = serializers.CharField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    format = serializers.CharField()
    name = serializers.CharField()


class ClipartSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    src = serializers.CharField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    category = serializers.CharField()


class ClipartQuery(QueryForm):
    category = id_field()
    q = text_field(max_length=60)


class UploadsView(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="designer_upload",
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
            }
        },
        responses={201: UploadSerializer},
        summary="Upload a PNG, JPEG or SVG image to place in a design.",
    )
    def post(self, request):
        file = request.FILES.get("file")
        if file is None:
            raise services.DesignerError(
                "Choose an image file to upload.", code="no_file"
            )
        upload = services.upload_create(request, data=file.read(), name=file.name or "")
        return Response(
            {
                "src": f"/design/uploads/{upload.token.hex}/",
                "width": upload.width,
                "height": upload.height,
                "format": upload.file_format,
                "name": upload.original_name,
            },
            status=status.HTTP_201_CREATED,
        )


class ClipartView(APIView):
    @extend_schema(
        operation_id="designer_clipart",
        parameters=[
            OpenApiParameter(
                "category",
                {"type": "integer", "minimum": 1, "maximum": ID_MAX},
                required=False,
                description="Clipart of this category and its sub-categories.",
            ),
            OpenApiParameter(
                "q",
                {"type": "string", "minLength": 1, "maxLength": 60},
                required=False,
                description="Words in the name or keywords.",
            ),
        ],
        responses=ClipartSerializer(many=True),
        summary="Clipart of the library, by category and search words.",
    )
    def get(self, request):
        params = query_params_or_400(ClipartQuery, request)
        items = clipart_search(category_id=params["category"], query=params["q"])
        return Response(
            [
                {
                    "id": c.pk,
                    "name": c.name,
                    "src": f"/design/clipart/{c.pk}/svg/",
                    "width": c.width,
                    "height": c.height,
                    "category": c.category.name,
                }
                for c in items
            ]
        )


class CheckView(APIView):
    @extend_schema(
        operation_id="designer_check",
        request=CheckIn,
        responses=CheckSerializer,
        summary="Check a design: what it prints (the configuration to quote) and "
        "the print quality of each placed image.",
    )
    def post(self, request):
        body = body_read(request, CheckIn)
        checked = services.design_checked(
            request, product_id=body.product, color=body.color, document=body.document
        )
        return Response(
            {
                "configuration": checked.configuration.as_data(),
                "quality": [q.as_data() for q in checked.quality],
            }
        )


class DesignsView(APIView):
    @extend_schema(
        operation_id="designer_designs",
        responses=DesignSerializer(many=True),
        summary="The visitor's saved designs, newest first.",
    )
    def get(self, request):
        return Response([design_data(d) for d in designs_for_visitor(request)[:200]])

    @extend_schema(
        operation_id="designer_design_create",
        request=DesignIn,
        responses={201: DesignSerializer},
        summary="Save a new design.",
    )
    def post(self, request):
        body = body_read(request, DesignIn)
        design = services.design_save(
            request,
            token=None,
            name=body.name,
            product_id=body.product,
            color=body.color,
            document=body.document,
        )
        return Response(design_data(design), status=status.HTTP_201_CREATED)


class DesignView(APIView):
    @extend_schema(operation_id="designer_design_read", responses=DesignSerializer)
    def get(self, request, token: str):
        return Response(design_data(services.design_for_visitor(request, token=token)))

    @extend_schema(
        operation_id="designer_design_update",
        request=DesignIn,
        responses=DesignSerializer,
        summary="Replace a saved design.",
    )
    def put(self, request, token: str):
        body = body_read(request, DesignIn)
        design = services.design_save(
            request,
            token=token,
            name=body.name,
            product_id=body.product,
            color=body.color,
            document=body.document,
        )
        return Response(design_data(design))

    @extend_schema(
        operation_id="designer_design_rename",
        request=RenameIn,
        responses=DesignSerializer,
        summary="Rename a saved design.",
    )
    def patch(self, request, token: str):
        body = body_read(request, RenameIn)
        design = services.design_rename(request, token=token, name=body.name)
        return Response(design_data(design))

    @extend_schema(
        operation_id="designer_design_delete", request=None, responses={204: None}
    )
    def delete(self, request, token: str):
        services.design_delete(request, token=token)
        return Response(status=status.HTTP_204_NO_CONTENT)


class DesignDuplicateView(APIView):
    @extend_schema(
        operation_id="designer_design_duplicate",
        request=None,
        responses={201: DesignSerializer},
        summary="Copy a saved design.",
    )
    def post(self, request, token: str):
        design = services.design_duplicate(request, token=token)
        return Response(design_data(design), status=status.HTTP_201_CREATED)


class TemplatesView(APIView):
    @extend_schema(
        operation_id="designer_template_save",
        request=TemplateIn,
        responses={201: None},
        summary="Staff: save the design on screen as a template for every shopper "
        "(text and clipart only; the same name replaces it).",
    )
    def post(self, request):
        if not request.user.has_perm("designer.add_designtemplate"):
            raise PermissionDenied("Only the shop's editors save templates.")
        body = body_read(request, TemplateIn)
        template = services.template_save(name=body.name, document=body.document)
        return Response(
            {"id": template.pk, "name": template.name}, status=status.HTTP_201_CREATED
        )
