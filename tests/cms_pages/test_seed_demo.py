import ast
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from wagtail.images import get_image_model
from wagtail.models import Page, PageLogEntry, Revision, Site

from cms_pages import demo as cms_pages_demo
from cms_pages.demo import LEGAL_DIR, pages_seed_demo
from cms_pages.models import ContentPage, FooterLink
from shop.accounts import demo as accounts_demo
from shop.accounts.demo import accounts_seed_demo
from shop.catalog import demo as catalog_demo
from shop.catalog.demo import catalog_seed_demo
from shop.catalog.models import CategoryPage, ProductPage, StockLevel
from shop.core import demo as core_demo
from shop.core.demo import core_seed_demo
from shop.core.models import ShopSettings
from shop.pricing.demo import pricing_seed_demo
from shop.pricing.models import DiscountCode, MultiBuyRule, PrintTechnique
from tests.factories.catalog import home_page


def seed_demo(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", "--no-renditions", *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    shop = ShopSettings.for_site(Site.objects.get(is_default_site=True))
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "log_entries": PageLogEntry.objects.count(),
        "images": get_image_model().objects.count(),
        "stock": sorted(StockLevel.objects.values_list("sku", "quantity")),
        "footer": list(FooterLink.objects.values_list("page_id", "sort_order")),
        "users": list(get_user_model().objects.values_list("email", "password")),
        "settings": {
            f.name: getattr(shop, f.attname) for f in ShopSettings._meta.concrete_fields
        },
        "pricing": (
            PrintTechnique.objects.count(),
            DiscountCode.objects.count(),
            MultiBuyRule.objects.count(),
        ),
    }


def test_seed_demo_sets_up_the_demo_shop_once(db, client, monkeypatch):
    monkeypatch.delenv("DEMO_ADMIN_EMAIL", raising=False)
    monkeypatch.delenv("DEMO_ADMIN_PASSWORD", raising=False)

    out = seed_demo()

    assert (
        "Demo admin: admin@atelier.test / atelier-demo at http://127.0.0.1:8000/admin/"
        in out
    )
    assert CategoryPage.objects.live().count() >= 4
    assert ProductPage.objects.live().count() >= 12
    home = home_page()
    pages = {p.slug: p for p in ContentPage.objects.child_of(home).live()}
    assert set(pages) == {"terms", "privacy", "faq", "shipping-returns"}
    assert pages["faq"].show_in_menus and pages["shipping-returns"].show_in_menus
    assert not pages["terms"].show_in_menus
    faqs = [block for block in pages["faq"].body if block.block_type == "faq"]
    assert len(faqs) >= 5
    assert "dishwasher" in faqs[0].value["answer"].source
    assert [link.page.slug for link in home.footer_links.all()] == [
        "terms",
        "privacy",
        "faq",
        "shipping-returns",
    ]
    shop = ShopSettings.for_site(Site.objects.get(is_default_site=True))
    assert (shop.shop_name, shop.currency, shop.vat_rate) == (
        "Atelier",
        "EUR",
        Decimal("21.00"),
    )
    assert shop.city and shop.street and shop.contact_phone
    before = snapshot()

    again = seed_demo()

    assert snapshot() == before
    assert "Products: 0 created, 0 updated" in again
    assert "Content pages: all present." in again
    assert "Pricing: kept as it is." in again
    assert "Designer library: kept as it is." in again
    assert "WELCOME10 added" in out
    assert "Designer library: clipart and design templates added." in out
    category = CategoryPage.objects.live().get(slug="t-shirts")
    product = ProductPage.objects.live().descendant_of(category).first()
    for url in ("/", category.url, product.url, pages["faq"].url):
        assert client.get(url).status_code == 200, url
    assert client.login(email="admin@atelier.test", password="atelier-demo")
    assert client.get("/admin/").status_code == 200
    assert_mockup_without_print_area(product)


def assert_mockup_without_print_area(product) -> None:
    """The generated mockup shows the garment only: along the top edge of the print
    area (where the designer draws it) the garment is one plain colour."""
    import io

    from PIL import Image

    area = product.print_areas.get(view="front")
    with product.colors.first().front_image.file.open() as handle:
        image = Image.open(io.BytesIO(handle.read())).convert("RGB")
    width, height = image.size
    y = round(height * float(area.top_percent) / 100)
    left = round(width * float(area.left_percent) / 100)
    right = left + round(width * float(area.width_percent) / 100)
    band = {
        image.getpixel((x, row))
        for row in range(y - 4, y + 5)
        for x in range(left + 6, right - 6)
    }
    assert len(band) == 1, band


@pytest.fixture
def tiny_catalog(tmp_path):
    data = {
        "version": 1,
        "categories": [{"slug": "mugs", "title": "Mugs", "parent": None}],
        "products": [
            {
                "slug": "mug",
                "category": "mugs",
                "title": "Mug",
                "base_price": "14.50",
                "colors": [
                    {
                        "name": "White",
                        "hex": "#ffffff",
                        "images": {"front": {"generate": {"shape": "mug"}}},
                    }
                ],
                "sizes": ["One size"],
            }
        ],
    }
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(data))
    return path


def test_seed_demo_keeps_what_editors_changed(db, tiny_catalog, monkeypatch):
    site = Site.objects.get(is_default_site=True)
    shop = ShopSettings.for_site(site)
    shop.shop_name = "Print Club"
    shop.save()
    terms = ContentPage(title="Our terms", slug="terms", intro="Ours.")
    home_page().add_child(instance=terms)
    home = home_page()
    home.footer_links = [FooterLink(page=terms, label="Terms")]
    home.save_revision().publish()
    monkeypatch.setenv("DEMO_ADMIN_EMAIL", "owner@example.com")
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "s3cret-pass")

    out = seed_demo("--catalog", str(tiny_catalog))

    assert "Demo admin: owner@example.com / s3cret-pass at" in out
    assert ShopSettings.for_site(site).shop_name == "Print Club"
    assert ContentPage.objects.get(slug="terms").title == "Our terms"
    assert ContentPage.objects.filter(slug="faq").exists()
    assert [link.label for link in home_page().footer_links.all()] == ["Terms"]
    user = get_user_model().objects.get(email="owner@example.com")
    assert user.is_superuser and user.check_password("s3cret-pass")
    assert ProductPage.objects.get(slug="mug").live


def test_seed_demo_refuses_the_default_password_in_production(
    db, settings, monkeypatch
):
    monkeypatch.delenv("DEMO_ADMIN_PASSWORD", raising=False)
    settings.PRODUCTION = True

    with pytest.raises(CommandError, match="Set DEMO_ADMIN_PASSWORD"):
        seed_demo()

    assert not ProductPage.objects.exists()


def test_each_apps_demo_seed_works_alone_in_dependency_order(db, tiny_catalog):
    site = Site.objects.get(is_default_site=True)

    assert core_seed_demo(site=site) is True
    assert ShopSettings.for_site(site).city == "Amsterdam"
    assert accounts_seed_demo(email="a@example.com", password="s3cret-pass") is True
    admin = get_user_model().objects.get(email="a@example.com")
    assert admin.is_superuser and admin.profile.pk
    report = catalog_seed_demo(catalog_path=tiny_catalog, warm_renditions=False)
    assert ProductPage.objects.get(slug="mug").live
    assert "1 created" in str(report)
    assert pricing_seed_demo() is True
    assert DiscountCode.objects.get().code == "WELCOME10"
    assert MultiBuyRule.objects.get().scope.slug == "mugs"
    assert PrintTechnique.objects.get(is_default=True).slug == "dtg"
    created, links = pages_seed_demo(site=site)
    assert len(created) == 4 and links == 4
    before = snapshot()

    assert core_seed_demo(site=site) is False
    assert accounts_seed_demo(email="a@example.com", password="other-pass") is False
    catalog_seed_demo(catalog_path=tiny_catalog, warm_renditions=False)
    assert pricing_seed_demo() is False
    assert pages_seed_demo(site=site) == ([], 0)
    assert snapshot() == before


def test_the_seed_code_holds_no_long_texts():
    # The page texts live in fixtures/legal; the seed modules only load them.
    for module in (cms_pages_demo, core_demo, accounts_demo, catalog_demo):
        tree = ast.parse(Path(module.__file__).read_text())
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
            and ast.get_docstring(node) is not None
        }
        strings = [
            node.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
        ]
        assert max(map(len, strings), default=0) <= 200, module.__name__


def test_the_seeded_pages_carry_the_texts_of_fixtures_legal(db, tiny_catalog):
    site = Site.objects.get(is_default_site=True)
    core_seed_demo(site=site)

    pages_seed_demo(site=site)

    index = json.loads((LEGAL_DIR / "index.json").read_text())
    assert index["pages"] == ["terms", "privacy", "faq", "shipping-returns"]
    terms = ContentPage.objects.get(slug="terms")
    source = (LEGAL_DIR / "terms.html").read_text()
    assert "title: Terms and conditions" in source
    assert terms.title == "Terms and conditions"
    headings = [b.value["text"] for b in terms.body if b.block_type == "heading"]
    assert headings[0] == "1. Who we are" and "<h2>1. Who we are</h2>" in source
    paragraphs = " ".join(
        b.value.source for b in terms.body if b.block_type == "paragraph"
    )
    assert "article 6:230p of the Dutch Civil Code" in source
    assert "article 6:230p of the Dutch Civil Code" in paragraphs
    # Placeholders are filled with the shop's details.
    assert "{{" not in paragraphs
    assert "Atelier Print Shop B.V., Voorbeeldstraat 12" in paragraphs
    shipping = ContentPage.objects.get(slug="shipping-returns")
    assert "free from €75" in " ".join(
        b.value.source for b in shipping.body if b.block_type == "paragraph"
    )
