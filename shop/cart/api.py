"""The cart API (/api/v1/cart/): read the cart, change lines and codes, quote.

Session authentication with CSRF for every visitor
(``shop.core.api_auth.CsrfSessionAuthentication``: anonymous carts live in the
session too): an unsafe request needs the ``X-CSRFToken`` header. Bodies are JSON
read by ``shop.core.schema.json_load`` and validated by the pydantic models below
(which the OpenAPI schema shows as they are); prices are never read from a client.
"""

from __future__ import annotations

from typing import Annotated

from django.utils.decorators import method_decorator
from django.views.decorators.csrf import ensure_csrf_cookie
from drf_spectacular.utils import extend_schema, extend_schema_field
from pydantic import Field
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from shop.cart import services
from shop.cart.exceptions import CartError
from shop.core.api import MoneyField, json_body
from shop.core.schema import Schema, safe_text
from shop.core.selectors import shop_context_for_request
from shop.designer.api import body_read
from shop.designer.schema import DesignDocument
from shop.pricing.schema import MAX_ROSTER, NUMBER_PATTERN, Configuration, RosterPiece
from shop.pricing.selectors import products_pricing_get
from shop.pricing.services import LineRequest, quote

ID_MAX = 2**31 - 1
# The schema's bound; CART_LINE_MAX (999 unless configured lower) is checked too.
QUANTITY_MAX = 999
BODY_MAX_BYTES = 256 * 1024
BODY_MAX_DEPTH = 8


# --- request bodies ----------------------------------------------------------------

ProductId = Annotated[int, Field(ge=1, le=ID_MAX)]
Quantity = Annotated[int, Field(ge=1, le=QUANTITY_MAX)]


class LineAdd(Schema):
    """A variant by ``sku``, or by ``color`` and ``size``."""

    product: ProductId
    sku: safe_text(63, blank=True) = ""
    color: safe_text(50, blank=True) = ""
    size: safe_text(20, blank=True) = ""
    quantity: Quantity = 1
    configuration: Configuration = Configuration()


class DesignLineAdd(Schema):
    """A design from the designer, frozen on the way in. With ``roster`` the
    pieces (size, name, number) set the sizes and quantity."""

    product: ProductId
    color: safe_text(50)
    size: safe_text(20, blank=True) = ""
    quantity: Quantity = 1
    document: DesignDocument
    roster: Annotated[list[RosterPiece], Field(max_length=MAX_ROSTER)] = []


class LineChange(Schema):
    quantity: Quantity


class RosterSet(Schema):
    pieces: Annotated[list[RosterPiece], Field(min_length=1, max_length=MAX_ROSTER)]


class CodeApply(Schema):
    code: safe_text(32)


class NameAndNumber(Schema):
    name: safe_text(24, blank=True) = ""
    number: Annotated[str, Field(pattern=NUMBER_PATTERN)] = ""


class QuoteLineIn(Schema):
    product: ProductId
    sku: safe_text(63, blank=True) = ""
    color: safe_text(50, blank=True) = ""
    size: safe_text(20, blank=True) = ""
    quantity: Quantity = 1
    configuration: Configuration = Configuration()
    roster: Annotated[list[NameAndNumber], Field(max_length=QUANTITY_MAX)] = []


class QuoteRequest(Schema):
    lines: Annotated[list[QuoteLineIn], Field(min_length=1, max_length=50)]
    codes: Annotated[list[safe_text(32)], Field(max_length=5)] = []


def _body(request, model):
    return json_body(request, model, max_bytes=BODY_MAX_BYTES, max_depth=BODY_MAX_DEPTH)


# --- responses ------------------------------------------------------------------------


class AmountsSerializer(serializers.Serializer):
    net = MoneyField()
    vat = MoneyField()
    gross = MoneyField()


class AdjustmentSerializer(serializers.Serializer):
    kind = serializers.CharField(read_only=True)
    label = serializers.CharField(read_only=True)
    amount = MoneyField()


class ChargeSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=["multibuy", "code", "shipping"], read_only=True
    )
    label = serializers.CharField(read_only=True)
    code = serializers.CharField(read_only=True)
    amounts = AmountsSerializer(read_only=True)


class CodeProblemSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True)
    problem = serializers.CharField(read_only=True)
    message = serializers.CharField(read_only=True)


class BreakdownSerializer(serializers.Serializer):
    label = serializers.CharField(read_only=True)
    amount = MoneyField()


class QuoteLineSerializer(serializers.Serializer):
    key = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    sku = serializers.CharField(read_only=True)
    quantity = serializers.IntegerField(read_only=True)
    unit_list = MoneyField(help_text="One piece before reductions.")
    unit_price = MoneyField(help_text="One piece after the offer or volume tier.")
    breakdown = serializers.SerializerMethodField()
    personalisation = MoneyField(help_text="Printed names and numbers of the line.")
    amounts = AmountsSerializer(read_only=True)
    adjustments = AdjustmentSerializer(many=True, read_only=True)

    @extend_schema_field(BreakdownSerializer(many=True))
    def get_breakdown(self, line) -> list[dict]:
        return [
            {"label": label, "amount": MoneyField().to_representation(amount)}
            for label, amount in line.breakdown
        ]


class QuoteSerializer(serializers.Serializer):
    lines = QuoteLineSerializer(many=True, read_only=True)
    charges = ChargeSerializer(many=True, read_only=True)
    goods = AmountsSerializer(read_only=True)
    total = AmountsSerializer(read_only=True)
    codes = serializers.ListField(child=serializers.CharField(), read_only=True)
    code_problems = CodeProblemSerializer(many=True, read_only=True)


class RosterEntrySerializer(serializers.Serializer):
    name = serializers.CharField(read_only=True)
    number = serializers.CharField(read_only=True)


class CartLineSerializer(serializers.Serializer):
    id = serializers.CharField(read_only=True)
    product = serializers.IntegerField(read_only=True, allow_null=True)
    sku = serializers.CharField(read_only=True)
    quantity = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    color = serializers.CharField(read_only=True)
    size = serializers.CharField(read_only=True)
    thumbnail = serializers.CharField(read_only=True)
    design = serializers.CharField(
        read_only=True, help_text="The frozen design printed, or empty."
    )
    flagged = serializers.BooleanField(
        read_only=True,
        help_text="The design waits for a review before it can be produced.",
    )
    configuration = serializers.JSONField(read_only=True)
    roster = RosterEntrySerializer(many=True, read_only=True)
    available = serializers.BooleanField(read_only=True)
    unit_price_then = MoneyField(help_text="The unit price when it was added.")
    changed_since_added = serializers.BooleanField(
        read_only=True, help_text="The unit price differs from unit_price_then."
    )
    quote = QuoteLineSerializer(
        read_only=True, allow_null=True, help_text="Null when the product is gone."
    )


class CartSerializer(serializers.Serializer):
    count = serializers.IntegerField(read_only=True)
    lines = CartLineSerializer(many=True, read_only=True)
    quote = QuoteSerializer(read_only=True)


def _cart_data(cart: services.PricedCart) -> dict:
    return {
        "count": cart.count,
        "quote": cart.quote,
        "lines": [
            {
                "id": item.line.id,
                "product": item.line.product_id,
                "sku": item.line.sku,
                "quantity": item.line.quantity,
                "title": item.line.snapshot.get("title", ""),
                "color": item.line.snapshot.get("color", ""),
                "size": item.line.snapshot.get("size", ""),
                "thumbnail": item.line.snapshot.get("thumbnail", ""),
                "design": item.line.snapshot.get("design", ""),
                "flagged": bool(item.line.snapshot.get("flagged")),
                "configuration": item.line.configuration,
                "roster": item.line.roster,
                "available": item.priced is not None,
                "unit_price_then": item.unit_then,
                "changed_since_added": item.price_changed,
                "quote": item.priced,
            }
            for item in cart.lines
        ],
    }


# --- views --------------------------------------------------------------------------


class CartApiView(APIView):
    def cart_response(self, request, code: int = status.HTTP_200_OK) -> Response:
        cart = services.cart_priced(request, shop=shop_context_for_request(request))
        return Response(CartSerializer(_cart_data(cart)).data, status=code)


class CartView(CartApiView):
    @extend_schema(
        operation_id="cart_read",
        responses=CartSerializer,
        summary="The visitor's cart, priced now; also sets the CSRF cookie that "
        "every change sends back in the X-CSRFToken header.",
    )
    @method_decorator(ensure_csrf_cookie)
    def get(self, request):
        return self.cart_response(request)


class CartLinesView(CartApiView):
    @extend_schema(
        operation_id="cart_line_add",
        request=LineAdd,
        responses={201: CartSerializer},
        summary="Add a variant; the same variant and configuration add up on one line.",
    )
    def post(self, request):
        body = _body(request, LineAdd)
        services.cart_add(
            request,
            product_id=body.product,
            sku=body.sku,
            color=body.color,
            size=body.size,
            quantity=body.quantity,
            configuration=body.configuration,
        )
        return self.cart_response(request, status.HTTP_201_CREATED)


class CartDesignsView(CartApiView):
    @extend_schema(
        operation_id="cart_design_add",
        request=DesignLineAdd,
        responses={201: CartSerializer},
        summary="Add a design: checked, frozen and priced by the print areas it "
        "uses; refused with a reason when an image is too small to print well.",
    )
    def post(self, request):
        body = body_read(request, DesignLineAdd)
        services.cart_add_design(
            request,
            product_id=body.product,
            color=body.color,
            size=body.size,
            quantity=body.quantity,
            document=body.document,
            roster=[piece.model_dump() for piece in body.roster],
        )
        return self.cart_response(request, status.HTTP_201_CREATED)


class CartLineView(CartApiView):
    @extend_schema(
        operation_id="cart_line_update",
        request=LineChange,
        responses=CartSerializer,
        summary="Change a line's quantity.",
    )
    def patch(self, request, line_id: str):
        body = _body(request, LineChange)
        services.cart_line_quantity_set(
            request, line_id=line_id[:32], quantity=body.quantity
        )
        return self.cart_response(request)

    @extend_schema(
        operation_id="cart_line_remove",
        request=None,
        responses=CartSerializer,
        summary="Remove a line.",
    )
    def delete(self, request, line_id: str):
        services.cart_line_remove(request, line_id=line_id[:32])
        return self.cart_response(request)


class CartRosterView(CartApiView):
    @extend_schema(
        operation_id="cart_roster_set",
        request=RosterSet,
        responses=CartSerializer,
        summary="Replace the roster of a line's design (one line per size results).",
    )
    def put(self, request, line_id: str):
        body = _body(request, RosterSet)
        services.cart_roster_set(
            request,
            line_id=line_id[:32],
            rows=[piece.model_dump() for piece in body.pieces],
        )
        return self.cart_response(request)


class CartCodesView(CartApiView):
    @extend_schema(
        operation_id="cart_code_apply",
        request=CodeApply,
        responses=CartSerializer,
        summary="Apply a discount code; 409 says why it cannot be used.",
    )
    def post(self, request):
        body = _body(request, CodeApply)
        services.cart_code_apply(
            request, code=body.code, shop=shop_context_for_request(request)
        )
        return self.cart_response(request)


class CartCodeView(CartApiView):
    @extend_schema(
        operation_id="cart_code_remove",
        request=None,
        responses=CartSerializer,
        summary="Remove a discount code.",
    )
    def delete(self, request, code: str):
        services.cart_code_remove(request, code=code[:32])
        return self.cart_response(request)


class QuoteView(CartApiView):
    @extend_schema(
        operation_id="cart_quote",
        request=QuoteRequest,
        responses=QuoteSerializer,
        summary="Price configurations without adding them to the cart.",
    )
    def post(self, request):
        body = _body(request, QuoteRequest)
        products = products_pricing_get(line.product for line in body.lines)
        lines = []
        for number, line in enumerate(body.lines, start=1):
            product = products.get(line.product)
            if product is None:
                raise CartError(
                    f"lines[{number - 1}]: there is no product {line.product}.",
                    code="unknown_product",
                )
            try:
                sku = services.variant_sku(
                    product, sku=line.sku, color=line.color, size=line.size
                )
            except CartError as error:
                raise CartError(
                    f"lines[{number - 1}]: {error.message}", code=error.code
                ) from None
            lines.append(
                LineRequest(
                    key=str(number),
                    product_id=product.product_id,
                    sku=sku,
                    quantity=line.quantity,
                    configuration=line.configuration,
                    roster=tuple(p.model_dump() for p in line.roster),
                )
            )
        priced = quote(
            lines,
            shop=shop_context_for_request(request),
            codes=body.codes,
            customer_email=request.user.email if request.user.is_authenticated else "",
        )
        if priced.unavailable:
            raise CartError(
                f"lines[{int(priced.unavailable[0]) - 1}]: this configuration cannot be printed.",
                code="invalid_configuration",
            )
        return Response(QuoteSerializer(priced.quote).data)
