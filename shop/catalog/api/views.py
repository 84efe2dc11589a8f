from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from shop.catalog.api.converters import SkuConverter
from shop.catalog.api.params import (
    ProductQueryForm,
    VariantQueryForm,
    query_form_parameters,
    query_params_or_400,
)
from shop.catalog.api.serializers import (
    CategorySerializer,
    ProductSerializer,
    VariantSerializer,
)
from shop.catalog.selectors import (
    categories_for_api,
    parent_ids_get,
    products_for_api,
    variant_rows_build,
    variants_for_api,
)
from shop.core.content_cache import content_key, content_memo, content_version
from shop.core.params import ID_MAX, QueryForm, QueryParams, params_clean


class QueryFormMixin:
    """Reads the query string through ``query_form_class`` (shop.core.params)."""

    query_form_class: type[QueryForm] | None = None

    def query_params_clean(self) -> QueryParams:
        if getattr(self, "swagger_fake_view", False):
            # drf-spectacular builds the schema from a view without a real request.
            return params_clean(self.query_form_class, {})
        if getattr(self, "_query_params", None) is None:
            self._query_params = query_params_or_400(
                self.query_form_class, self.request
            )
        return self._query_params


def _id_path_parameter(name: str) -> OpenApiParameter:
    return OpenApiParameter(
        name,
        {"type": "integer", "minimum": 1, "maximum": ID_MAX},
        OpenApiParameter.PATH,
    )


@extend_schema_view(retrieve=extend_schema(parameters=[_id_path_parameter("id")]))
class CategoryViewSet(viewsets.ReadOnlyModelViewSet):
    """Live catalog categories, in tree order."""

    serializer_class = CategorySerializer
    lookup_value_converter = "page_id"

    def get_queryset(self):
        return categories_for_api()

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["category_parents"] = parent_ids_get(pages=self.get_queryset())
        return context


@extend_schema(parameters=query_form_parameters(ProductQueryForm))
@extend_schema_view(retrieve=extend_schema(parameters=[_id_path_parameter("id")]))
class ProductViewSet(QueryFormMixin, viewsets.ReadOnlyModelViewSet):
    """Live products with colors, sizes, variants (price incl. VAT, stock) and print areas."""

    serializer_class = ProductSerializer
    lookup_value_converter = "page_id"
    query_form_class = ProductQueryForm

    def get_queryset(self):
        category_id = self.query_params_clean()["category"]
        category = None
        if category_id is not None:
            category = get_object_or_404(categories_for_api(), pk=category_id)
        return products_for_api(category=category)

    def _context_for(self, products) -> dict:
        products = list(products)
        return {
            **self.get_serializer_context(),
            "product_parents": parent_ids_get(pages=products),
            "variants_by_product": _group_variants(
                variant_rows_build(
                    variants=variants_for_api(product_ids=[p.pk for p in products])
                )
            ),
        }

    def list(self, request, *args, **kwargs):
        self.query_params_clean()  # a bad query is a 400, never cached

        def build():
            page = self.paginate_queryset(self.get_queryset())
            serializer = ProductSerializer(
                page, many=True, context=self._context_for(page)
            )
            return self.get_paginated_response(serializer.data).data

        # The same for every client: kept per content version (links are absolute).
        key = content_key(
            request.get_host(), request.scheme, sorted(request.GET.lists())
        )
        data = content_memo(
            f"api-products:{key}",
            content_version(),
            build,
            timeout=settings.CONTENT_FRAGMENT_SECONDS,
        )
        return Response(data)

    def retrieve(self, request, *args, **kwargs):
        product = self.get_object()
        serializer = ProductSerializer(product, context=self._context_for([product]))
        return Response(serializer.data)


def _group_variants(rows: list[dict]) -> dict[int, list[dict]]:
    grouped: dict[int, list[dict]] = {}
    for row in rows:
        grouped.setdefault(row["product_id"], []).append(row)
    return grouped


@extend_schema(parameters=query_form_parameters(VariantQueryForm))
@extend_schema_view(
    retrieve=extend_schema(
        parameters=[
            OpenApiParameter(
                "sku",
                {
                    "type": "string",
                    "pattern": f"^{SkuConverter.regex}$",
                    "maxLength": 63,
                },
                OpenApiParameter.PATH,
            )
        ]
    )
)
class VariantViewSet(QueryFormMixin, viewsets.GenericViewSet):
    """Sellable variants by SKU, with price incl. VAT and units in stock."""

    serializer_class = VariantSerializer
    lookup_field = "sku"
    lookup_value_converter = "sku"
    query_form_class = VariantQueryForm

    def get_queryset(self):
        product_id = self.query_params_clean()["product"]
        return variants_for_api(
            product_ids=None if product_id is None else [product_id]
        )

    def _rows(self, variants) -> list[dict]:
        return variant_rows_build(variants=variants)

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(
            VariantSerializer(self._rows(page), many=True).data
        )

    def retrieve(self, request, sku: str | None = None):
        rows = self._rows(self.get_queryset().filter(sku=sku))
        if not rows:
            raise NotFound(_("No variant has this SKU."))
        return Response(VariantSerializer(rows[0]).data)
