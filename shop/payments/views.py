"""The provider's webhook: it carries only a payment id; the status comes from the
gateway (``payment_sync``)."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from shop.payments.gateway import PAYMENT_ID_RE, GatewayError
from shop.payments.services import payment_sync

logger = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def payment_webhook(request: HttpRequest) -> HttpResponse:
    payment_id = request.POST.get("id", "")
    if not PAYMENT_ID_RE.fullmatch(payment_id):
        return HttpResponse("Unknown payment.", status=400, content_type="text/plain")
    try:
        payment_sync(payment_id, source="webhook")
    except GatewayError as error:
        # The provider calls again later; the payment stays as it was.
        logger.warning("Webhook for %s: %s", payment_id, error)
        return HttpResponse("Try again.", status=503, content_type="text/plain")
    # Known or not, the answer is the same: nothing is told about other payments.
    return HttpResponse("OK", content_type="text/plain")
