"""Redeeming a discount code: limits hold under concurrency (PostgreSQL)."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from shop.core.money import Money
from shop.pricing.exceptions import DiscountCodeError
from shop.pricing.models import CodeRedemption, DiscountCode
from shop.pricing.services import discount_code_redeem

FIVE = Money(Decimal("5.00"), "EUR")


def redeem(code="ONCE", email="a@atelier.test", order="order-1", **kwargs):
    return discount_code_redeem(
        code, customer_email=email, order_reference=order, amount=FIVE, **kwargs
    )


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_redemptions_of_a_single_use_code_succeed_once(
    require_postgres,
):
    DiscountCode.objects.create(
        code="ONCE", kind="fixed", value=Decimal("5"), max_uses=1
    )
    barrier = threading.Barrier(20)
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(n: int) -> None:
        try:
            barrier.wait()
            redeem(email=f"buyer{n}@atelier.test", order=f"order-{n}")
            result = "ok"
        except DiscountCodeError as error:
            result = error.code
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["exhausted"] * 19 + ["ok"]
    assert CodeRedemption.objects.count() == 1
    assert DiscountCode.objects.get().used_count == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_redemptions_by_one_customer_respect_the_per_customer_limit(
    require_postgres,
):
    DiscountCode.objects.create(
        code="ONCE", value=Decimal("10"), max_uses_per_customer=2
    )
    barrier = threading.Barrier(8)
    outcomes: list[str] = []

    def attempt(n: int) -> None:
        try:
            barrier.wait()
            redeem(
                email="Same@Atelier.test" if n % 2 else "same@atelier.test",
                order=f"o{n}",
            )
            outcomes.append("ok")
        except DiscountCodeError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["ok"] * 2 + ["used_up_by_customer"] * 6


@pytest.mark.django_db
def test_a_replayed_redemption_for_the_same_order_counts_once():
    DiscountCode.objects.create(code="ONCE", value=Decimal("10"), max_uses=1)

    first = redeem()
    again = redeem()

    assert first.pk == again.pk
    assert DiscountCode.objects.get().used_count == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"active": False}, "inactive"),
        ({"ends_at": -1}, "expired"),
        ({"starts_at": 1}, "not_started"),
        ({"max_uses": 0}, "exhausted"),
    ],
)
def test_a_code_that_cannot_be_used_is_not_redeemed(fields, problem):
    now = timezone.now()
    for key in ("ends_at", "starts_at"):
        if key in fields:
            fields[key] = now + timezone.timedelta(days=fields[key])
    DiscountCode.objects.create(code="ONCE", value=Decimal("10"), **fields)

    with pytest.raises(DiscountCodeError) as caught:
        redeem()

    assert caught.value.code == problem
    assert not CodeRedemption.objects.exists()


@pytest.mark.django_db
def test_an_unknown_code_is_not_redeemed():
    with pytest.raises(DiscountCodeError) as caught:
        redeem("MISSING")
    assert caught.value.code == "unknown"
