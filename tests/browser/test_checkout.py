"""The whole purchase in a browser: product -> design -> cart -> checkout -> the
local Mollie page -> paid -> the order in the admin -> shipped -> the buyer
confirms delivery. The shop reaches the local Mollie-compatible server through the
real client, and that server calls the shop's webhook over HTTP."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from shop.designer.demo import designer_seed_demo
from shop.orders.models import Order
from tests.browser.test_storefront_pages import axe_violations, describe
from tests.factories.accounts import PASSWORD, address_create, user_create
from tests.factories.catalog import category_create, image_create, product_create

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def shop_live(live_server, settings):
    # Redirect and webhook URLs sent to the provider point at this live server.
    settings.SHOP_BASE_URL = live_server.url
    designer_seed_demo()
    category = category_create(title="Shirts")
    tee = product_create(
        category=category, title="Club Tee", stock=20, image=image_create()
    )
    return live_server, tee


def _login(page, url, email):
    page.goto(f"{url}/account/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{url}/account/")


def test_product_design_cart_checkout_pay_ship_and_confirm(browser, shop_live):
    live_server, tee = shop_live
    url = live_server.url
    buyer = user_create(email="club@example.com", first_name="Anna")
    address_create(
        user=buyer,
        country="NL",
        postal_code="1015 CJ",
        city="Amsterdam",
        street="Keizersgracht 1",
        is_default_billing=True,
        is_default_shipping=True,
    )
    context = browser.new_context(
        base_url=url, locale="en-US", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(20_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    _login(page, url, "club@example.com")

    # Product page -> "Design it" -> a text on the front -> add to cart.
    page.goto(tee.url)
    page.click("label:has(.option__name:text-is('M'))")
    page.click("[data-design-link]")
    page.wait_for_selector("[data-designer][data-ready=true]")
    page.click("[data-add-text]")
    page.fill("[data-text-value]", "Club 2026")
    page.select_option("[data-size]", "M")
    page.wait_for_function(
        "document.querySelector('[data-price-unit]').textContent.includes('€')"
    )
    page.click("[data-add-to-cart]")
    page.wait_for_selector("[data-cart-status]:has-text('Added to your cart')")

    # Cart -> checkout: the address book's default is picked, iDEAL chosen.
    page.goto("/cart/")
    expect(page.locator("img[src^='/design/previews/']").first).to_be_visible()
    page.click("[data-checkout]")
    assert page.input_value("#id_email") == "club@example.com"
    expect(page.locator("[data-address=billing]")).to_be_hidden()
    page.check("input[name=shipping_method] >> nth=0")
    page.check("input[name=payment_method][value=ideal]")
    page.click("text=Continue to review")
    page.wait_for_url("**/checkout/review/")
    expect(page.locator("text=Keizersgracht 1").first).to_be_visible()
    violations = axe_violations(page)
    assert not violations, describe(page.url, page.viewport_size["width"], violations)
    page.check("#id_accept_terms")
    page.click("[data-place-order]")

    # The local Mollie page: pay.
    page.wait_for_selector("text=Test mode: local Mollie-compatible server")
    expect(page.locator("text=Method: ideal")).to_be_visible()
    page.click("button.paid")
    page.wait_for_selector("[data-order-status=paid]")
    expect(page.locator("h1:has-text('Thank you for your order')")).to_be_visible()
    number = page.locator("[data-order-number]").inner_text()
    order = Order.objects.get(number=number)
    assert order.status == "paid" and order.items.get().configuration["design"]
    assert order.events.filter(
        to_status="paid", actor_label="payment provider"
    ).exists()

    # The Fulfilment team: the order in the admin, in production, shipped.
    staff_context = browser.new_context(
        base_url=url, locale="en-US", viewport={"width": 1280, "height": 900}
    )
    staff_context.set_default_timeout(20_000)
    staff = staff_context.new_page()
    user_create(email="ship@atelier.test", groups=("Fulfilment",))
    staff.goto("/admin/login/")
    staff.fill("input[name=username]", "ship@atelier.test")
    staff.fill("input[name=password]", PASSWORD)
    staff.click("button[type=submit]")
    staff.wait_for_url(f"{url}/admin/")
    staff.click("a:has-text('Orders')")
    staff.fill("#id_q", number)
    staff.click("button:has-text('Filter')")
    staff.click(f"[data-admin-order='{number}'] a")
    staff.wait_for_selector("img[alt^='Design preview']")
    staff.click("[data-action=production]")
    staff.wait_for_selector("[data-admin-status=in_production]")
    staff.fill("#id_carrier", "PostNL")
    staff.fill("#id_tracking_number", "3SATELIER1")
    staff.click("[data-action=ship]")
    staff.wait_for_selector("[data-admin-status=shipped]")
    staff.screenshot(path="/tmp/checkout_admin_order.png", full_page=True)
    staff_context.close()

    # The buyer sees the tracking number and confirms delivery, once.
    page.goto("/account/orders/")
    page.click(f"a:has-text('{number}')")
    expect(page.locator("[data-tracking]:has-text('3SATELIER1')")).to_be_visible()
    page.click("[data-confirm-delivery]")
    page.wait_for_selector("[data-order-status=delivered]")
    assert page.locator("[data-confirm-delivery]").count() == 0
    violations = axe_violations(page)
    assert not violations, describe(page.url, page.viewport_size["width"], violations)
    page.screenshot(path="/tmp/checkout_account_order.png", full_page=True)
    order.refresh_from_db()
    assert order.status == "delivered"
    assert [e.to_status for e in order.events.all()] == [
        "awaiting_payment",
        "paid",
        "in_production",
        "shipped",
        "delivered",
    ]
    assert not errors
    context.close()


def test_a_guest_checks_out_on_a_phone_and_retries_a_failed_payment(browser, shop_live):
    live_server, tee = shop_live
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-US",
        viewport={"width": 375, "height": 812},
        has_touch=True,
        is_mobile=True,
    )
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.goto(tee.url)
    page.click("label:has(.option__name:text-is('S'))")
    page.click("[data-add-to-cart]")
    page.wait_for_selector("[data-cart-status] a")
    page.goto("/cart/")
    page.click("[data-checkout]")
    page.click("text=Continue to review")  # nothing filled in
    expect(page.locator("[data-checkout-errors]")).to_be_visible()
    assert page.locator("#id_email").get_attribute("aria-invalid") == "true"
    violations = axe_violations(page)
    assert not violations, describe(page.url, page.viewport_size["width"], violations)
    page.fill("#id_email", "guest@example.com")
    page.fill("#id_billing-full_name", "Gast Muster")
    page.fill("#id_billing-street", "Damrak 1")
    page.fill("#id_billing-postal_code", "1012 LG")
    page.fill("#id_billing-city", "Amsterdam")
    page.select_option("#id_billing-country", "NL")
    expect(page.locator("[data-shipping-fields]")).to_be_hidden()
    page.check("input[name=shipping_method] >> nth=1")  # Express
    page.check("input[name=payment_method][value=creditcard]")
    page.click("text=Continue to review")
    page.wait_for_url("**/checkout/review/")
    expect(page.locator("[data-charge=shipping]:has-text('Express')")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    page.screenshot(path="/tmp/checkout_review_phone.png", full_page=True)
    page.check("#id_accept_terms")
    page.click("[data-place-order]")
    page.click("button.failed")
    page.wait_for_selector("[data-payment-problem]")
    page.click("button:has-text('Pay')")
    page.click("button.paid")
    page.wait_for_selector("[data-order-status=paid]")
    order = Order.objects.get(email="guest@example.com")
    assert order.user is None and order.payments.count() == 2
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()


def test_marketing_adds_a_shipping_method_that_checkout_offers(browser, shop_live):
    live_server, tee = shop_live
    url = live_server.url
    user_create(email="market@atelier.test", groups=("Marketing",))
    context = browser.new_context(
        base_url=url, locale="en-US", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(20_000)
    admin = context.new_page()
    admin.goto("/admin/login/")
    admin.fill("input[name=username]", "market@atelier.test")
    admin.fill("input[name=password]", PASSWORD)
    admin.click("button[type=submit]")
    admin.wait_for_url(f"{url}/admin/")
    admin.goto("/admin/snippets/checkout/shippingmethod/add/")
    admin.fill("#id_name", "Pick-up in Zürich")
    admin.fill("#id_delivery_time", "ready the next day")
    admin.fill("#id_price_amount", "0,00")
    admin.fill("#id_countries", "ch, xx")
    admin.click("button[type=submit]:has-text('Save')")
    admin.wait_for_selector("text=Unknown country codes: XX.")
    admin.fill("#id_countries", "ch")
    admin.click("button[type=submit]:has-text('Save')")
    admin.wait_for_url("**/admin/snippets/checkout/shippingmethod/")
    expect(admin.locator("text=Pick-up in Zürich").first).to_be_visible()
    context.close()

    shopper = browser.new_context(base_url=url, locale="en-US").new_page()
    shopper.goto(tee.url)
    shopper.click("label:has(.option__name:text-is('M'))")
    shopper.click("[data-add-to-cart]")
    shopper.wait_for_selector("[data-cart-status] a")
    shopper.goto("/checkout/")
    pickup = shopper.locator("label.checkout-choice:has-text('Pick-up in Zürich')")
    expect(pickup).to_be_visible()
    shopper.fill("#id_email", "pick@example.com")
    shopper.fill("#id_billing-full_name", "Pia Muster")
    shopper.fill("#id_billing-street", "Bahnhofstrasse 1")
    shopper.fill("#id_billing-postal_code", "1012 LG")
    shopper.fill("#id_billing-city", "Amsterdam")
    shopper.select_option("#id_billing-country", "NL")
    pickup.click()
    shopper.check("input[name=payment_method][value=ideal]")
    shopper.click("text=Continue to review")
    expect(
        shopper.locator("text=Pick-up in Zürich does not ship to Netherlands")
    ).to_be_visible()
