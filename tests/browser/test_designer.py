"""The designer in a browser, on a desktop and on a phone by touch: straight and
curved text, clipart, an uploaded image, save, reload, add to cart; pinch to
resize on the phone; no serious axe violations."""

from __future__ import annotations

import json

import pytest

from shop.designer.demo import designer_seed_demo
from tests.browser.test_storefront_pages import axe_violations, describe
from tests.factories.catalog import category_create, image_create, product_create
from tests.shop.designer.conftest import png_bytes

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {
    "viewport": {"width": 375, "height": 812},
    "has_touch": True,
    "is_mobile": True,
    "device_scale_factor": 2,
}


@pytest.fixture
def tee(db):
    designer_seed_demo()
    category = category_create(title="Shirts")
    return product_create(
        category=category, title="Designer Tee", stock=50, image=image_create()
    )


def _press(page, selector, touch):
    if touch:
        page.locator(selector).first.tap()
    else:
        page.locator(selector).first.click()


def _saved(page, token):
    response = page.request.get(f"/api/v1/designer/designs/{token}/")
    assert response.ok, response.text()
    return response.json()["document"]


def _pinch(page, factor: float) -> None:
    """Two fingers on the middle of the print area moving apart."""
    box = page.locator(".upper-canvas").first.bounding_box()
    cx = box["x"] + box["width"] * 0.5
    cy = box["y"] + box["height"] * 0.475
    cdp = page.context.new_cdp_session(page)

    def touch(kind, spread):
        points = (
            [{"x": cx - spread, "y": cy}, {"x": cx + spread, "y": cy}] if spread else []
        )
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    touch("touchStart", 20)
    for step in range(1, 6):
        touch("touchMove", 20 + 20 * (factor - 1) * step / 5)
    touch("touchEnd", 0)


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_design_save_reload_and_add_to_cart(browser, live_server, tee, device):
    touch = device == "phone"
    context = browser.new_context(
        base_url=live_server.url, locale="en-US", **(PHONE if touch else DESKTOP)
    )
    context.set_default_timeout(20_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"/design/{tee.pk}/")
    page.wait_for_selector("[data-designer][data-ready=true]")

    _press(page, "[data-add-text]", touch)
    page.fill("[data-text-value]", "Team Atelier")
    _press(page, "[data-add-text]", touch)
    page.fill("[data-text-value]", "Curved")
    page.locator("[data-text-arc]").fill("120")
    _press(page, "[data-open-clipart]", touch)
    page.wait_for_selector(".designer__clipart-item")
    _press(page, ".designer__clipart-item[aria-label='Add Gold star']", touch)
    page.wait_for_selector(".designer__layer:has-text('Gold star')")
    if touch:
        _pinch(page, 1.6)
    page.set_input_files(
        "[data-upload]",
        files=[
            {"name": "logo.png", "mimeType": "image/png", "buffer": png_bytes(900, 900)}
        ],
    )
    page.wait_for_selector("[data-status]:has-text('Image added.')")
    page.fill("[data-design-name]", f"Club {device}")
    _press(page, "[data-save]", touch)
    page.wait_for_selector("[data-save-status]:has-text('Saved')")
    page.screenshot(path=f"/tmp/designer_{device}.png", full_page=True)

    token = page.evaluate("new URL(location.href).searchParams.get('design')")
    before = _saved(page, token)
    objects = before["views"]["front"]["objects"]
    assert [o.get("text") for o in objects if o["type"] == "IText"] == [
        "Team Atelier",
        "Curved",
    ]
    assert [o["arc"] for o in objects if o["type"] == "IText"] == [0, 120]
    assert sum(o["type"] == "Image" for o in objects) == 2
    if touch:
        star = next(o for o in objects if "clipart" in o.get("src", ""))
        # 0.09 when added (60 % of 300 mm over 2000 px), then pinched, evenly.
        assert star["scaleX"] > 0.12
        assert star["scaleX"] == star["scaleY"]

    page.reload()
    page.wait_for_selector("[data-designer][data-ready=true]")
    assert page.locator(".designer__layer").count() == 4
    assert page.input_value("[data-design-name]") == f"Club {device}"
    _press(page, "[data-save]", touch)
    page.wait_for_selector("[data-save-status]:has-text('Saved')")
    assert json.dumps(_saved(page, token), sort_keys=True) == json.dumps(
        before, sort_keys=True
    )

    page.select_option("[data-size]", "M")
    page.wait_for_function(
        "document.querySelector('[data-price-unit]').textContent.includes('€')"
    )
    _press(page, "[data-add-to-cart]", touch)
    page.wait_for_selector("[data-cart-status]:has-text('Added to your cart')")
    page.goto("/cart/")
    assert page.locator("text=Designer Tee").first.is_visible()
    thumbnail = page.locator("img[src^='/design/previews/']").first
    assert thumbnail.is_visible()
    page.screenshot(path=f"/tmp/designer_cart_{device}.png", full_page=True)
    assert not errors
    context.close()


def test_the_designer_passes_axe_and_works_by_keyboard(page, live_server, tee):
    page.goto(f"{live_server.url}/design/{tee.pk}/")
    page.wait_for_selector("[data-designer][data-ready=true]")
    page.click("[data-add-text]")

    found = axe_violations(page)
    assert not found, describe(page.url, 1280, found)

    layer = page.locator(".designer__layer").first
    assert layer.inner_text() == "Text: Your text"
    layer.focus()
    page.keyboard.press("Enter")  # selects it and moves the focus to the design
    assert page.evaluate("document.activeElement.classList.contains('upper-canvas')")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Shift+ArrowDown")
    page.keyboard.press("Delete")
    page.wait_for_selector("[data-layers]:has-text('Nothing on this side yet.')")
    page.click("[data-undo]")
    page.wait_for_selector(".designer__layer:has-text('Your text')")


def test_a_template_starts_the_design_and_fits_a_small_print_area(
    page, live_server, tee
):
    tee.print_areas.update(width_mm=120, height_mm=80)
    tee.save_revision().publish()
    page.goto(f"{live_server.url}/design/{tee.pk}/")
    page.wait_for_selector("[data-designer][data-ready=true]")

    page.select_option("[data-template]", label="Team shirt")
    page.wait_for_url("**template=*")
    page.wait_for_selector("[data-designer][data-ready=true]")

    page.wait_for_selector(".designer__layer:has-text('TEAM NAME')")
    page.wait_for_function(
        "document.querySelector('[data-price-unit]').textContent.includes('€')"
    )
    assert page.locator("[data-status]").inner_text() == ""  # the server accepted it


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_the_home_page_leads_to_the_designer(browser, live_server, tee, device):
    from shop.catalog.models import ProductPage

    ProductPage.objects.filter(pk=tee.pk).update(is_featured=True)
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-US",
        **(PHONE if device == "phone" else DESKTOP),
    )
    page = context.new_page()
    page.goto("/")
    cta = page.get_by_role("link", name="Design your own")
    assert cta.is_visible()
    assert cta.bounding_box()["y"] < 700  # above the fold, also at 375 px
    assert page.locator(".how-it-works__step").count() == 4
    page.screenshot(path=f"/tmp/home_{device}.png", full_page=True)

    (cta.tap if device == "phone" else cta.click)()

    page.wait_for_url(f"**/design/{tee.pk}/")
    page.wait_for_selector("[data-designer][data-ready=true]")
    context.close()


def test_my_designs_rename_duplicate_delete_and_open(page, live_server, tee):
    page.goto(f"{live_server.url}/design/{tee.pk}/")
    page.wait_for_selector("[data-designer][data-ready=true]")
    page.click("[data-add-text]")
    page.fill("[data-design-name]", "First try")
    page.click("[data-save]")
    page.wait_for_selector("[data-save-status]:has-text('Saved')")

    page.click("text=My designs")
    page.wait_for_url("**/design/mine/")
    preview = page.locator("img.design-list__preview").first
    preview.wait_for()
    page.wait_for_function(
        "document.querySelector('img.design-list__preview').naturalWidth > 0"
    )
    field = page.get_by_label("New name")
    field.fill("")
    field.press_sequentially("Final", delay=20)
    page.get_by_role("button", name="Rename").click()
    page.wait_for_selector("text=Design renamed.")
    page.get_by_role("button", name="Duplicate").click()
    page.wait_for_selector("text=Final (copy)")
    page.get_by_role("button", name="Delete").first.click()
    page.wait_for_selector("text=Design deleted.")
    assert page.locator(".design-list__item").count() == 1
    page.screenshot(path="/tmp/designer_list.png", full_page=True)

    page.get_by_role("link", name="Open").click()
    page.wait_for_selector("[data-designer][data-ready=true]")
    assert page.locator(".designer__layer").count() == 1


def test_undo_redo_layers_duplicate_color_switch_and_a_team_roster(
    page, live_server, tee
):
    page.goto(f"{live_server.url}/design/{tee.pk}/")
    page.wait_for_selector("[data-designer][data-ready=true]")
    layers = page.locator(".designer__layer")

    page.click("[data-add-text]")
    page.fill("[data-text-value]", "Back row")
    page.click("[data-add-text]")
    page.fill("[data-text-value]", "Front row")
    page.click("[data-duplicate]")
    assert layers.count() == 3
    page.click("[data-undo]")
    page.wait_for_function("document.querySelectorAll('.designer__layer').length === 2")
    page.click("[data-redo]")
    page.wait_for_function("document.querySelectorAll('.designer__layer').length === 3")
    assert layers.first.inner_text() == "Text: Front row"  # the copy, on top
    layers.first.click()  # undo and redo leave nothing selected: pick it in Layers
    page.click("[data-backward]")
    assert layers.nth(1).inner_text() == "Text: Front row"

    page.locator("label.designer__swatch", has_text="White").click()
    page.wait_for_function("document.querySelectorAll('.designer__layer').length === 3")
    page.select_option("[data-size]", "L")
    page.locator(".designer__roster summary").click()
    page.fill("[data-roster]", "S, Ana, 7\nL, Bo, 9\nL")
    page.click("[data-add-to-cart]")
    page.wait_for_selector("[data-cart-status]:has-text('Added to your cart')")

    page.goto(f"{live_server.url}/cart/")
    variants = page.locator(".cart-line__variant").all_inner_texts()
    assert sorted(v.split(" · ")[:2][1] for v in variants) == ["L", "S"]
    assert all(v.startswith("White") for v in variants)


def test_design_it_on_the_product_page_opens_the_designer_in_the_chosen_color(
    page, live_server, tee
):
    page.goto(f"{live_server.url}{tee.url}")
    page.click("label.option--color:has-text('White')")
    page.get_by_role("link", name="Design it").click()

    page.wait_for_url(f"**/design/{tee.pk}/?color=White")
    page.wait_for_selector("[data-designer][data-ready=true]")
    assert page.locator("input[name=designer-color][value=White]").is_checked()
