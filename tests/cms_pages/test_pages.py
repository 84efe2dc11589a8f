"""Home, content and error pages, with the layout they share."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from wagtail.models import Site
from wagtail.rich_text import RichText

from cms_pages.models import ContentPage, FooterLink
from shop.catalog.models import ProductPage
from shop.core.models import ShopSettings
from tests.factories.catalog import home_page, image_create
from tests.html_checks import (
    assert_accessible_basics,
    card_titles,
    content,
    elements,
)

pytestmark = pytest.mark.django_db


def content_page_create(*, parent=None, title="Shipping", **fields) -> ContentPage:
    parent = parent or home_page()
    page = ContentPage(title=title, slug=title.lower().replace(" ", "-"), **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _body(*, cta_page, image):
    return [
        ("heading", {"text": "Delivery times", "level": "h2"}),
        ("heading", {"text": "Abroad", "level": "h3"}),
        ("paragraph", RichText("<p>We ship <b>worldwide</b>.</p>")),
        (
            "faq",
            {
                "question": "How long does printing take?",
                "answer": RichText("<p>Two to three working days.</p>"),
            },
        ),
        (
            "call_to_action",
            {
                "title": "Ready to design?",
                "text": "Pick a shirt\nand upload your art.",
                "page": cta_page,
                "button_label": "Browse shirts",
            },
        ),
        (
            "image",
            {"image": image, "alt_text": "A folded black tee", "decorative": False},
        ),
    ]


# --- Home page ---------------------------------------------------------------------


def test_home_page_shows_hero_featured_products_and_categories(client, catalog_tree):
    ProductPage.objects.filter(pk=catalog_tree["products"][2].pk).update(
        is_featured=True
    )
    home = home_page()
    home.hero_title = "Wear your ideas"
    home.hero_text = "Printed one by one."
    home.save_revision().publish()

    response = client.get("/")

    assert response.status_code == 200
    html = content(response)
    assert '<h1 id="hero-title" class="hero__title">Wear your ideas</h1>' in html
    assert "Printed one by one." in html
    assert "<title>Atelier · Wear your ideas</title>" in html
    # Featured first, then the newest products.
    assert card_titles(html) == ["Enamel Mug", "Heavy Tee", "Classic Tee"]
    assert ".width-320.format-webp.webp 320w" in html
    tiles = html.split('aria-labelledby="categories-heading"')[1].split("</section>")[0]
    assert f'href="{catalog_tree["shirts"].url}">T-shirts' in tiles
    assert f'href="{catalog_tree["mugs"].url}">Mugs' in tiles
    assert f'href="{catalog_tree["shirts"].url}">Shop T-shirts</a>' in html
    assert_accessible_basics(html)


def test_home_page_leads_with_the_designer_steps_and_selling_points(
    client, catalog_tree
):
    html = content(client.get("/"))

    hero = html.split('class="hero__text"')[1].split("</div>")[0]
    cta = next(a for a in elements(hero, "a") if "data-designer-cta" in a)
    assert cta["href"] == "/design/"
    assert ">Design your own</a>" in hero
    steps = html.split('aria-labelledby="steps-heading"')[1].split("</section>")[0]
    assert steps.count('class="how-it-works__step"') == 4 and "Design it" in steps
    points = html.split('aria-labelledby="points-heading"')[1].split("</section>")[0]
    assert "No minimum order" in points
    assert "Printed and shipped in" in points  # with the shop's delivery time
    follow = client.get("/design/")
    assert follow.status_code == 302 and follow["Location"].startswith("/design/")

    home = home_page()
    home.designer_cta_label = "Start designing"
    home.designer_cta_url = "/design/7/"
    home.steps = [("point", {"title": "Choose", "text": "Any shirt."})]
    home.selling_points = [("point", {"title": "Made in Utrecht", "text": ""})]
    home.save_revision().publish()

    html = content(client.get("/"))
    assert 'href="/design/7/" data-designer-cta>Start designing</a>' in html
    steps = html.split('aria-labelledby="steps-heading"')[1].split("</section>")[0]
    assert steps.count('class="how-it-works__step"') == 1 and "Any shirt." in steps
    assert "Made in Utrecht" in html and "No minimum order" not in html


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "//evil.example/", "http://plain.example/", "de sign"],
)
def test_the_designer_button_link_is_a_local_path_or_https(url):
    from django.core.exceptions import ValidationError

    home = home_page()
    home.designer_cta_url = url
    with pytest.raises(ValidationError):
        home.full_clean()


def test_home_page_renders_its_hero_image_and_body(client, catalog_tree):
    home = home_page()
    home.hero_image = image_create(hex_code="#3b34c7")
    home.body = _body(cta_page=catalog_tree["shirts"], image=image_create())
    home.save_revision().publish()

    response = client.get("/")

    assert response.status_code == 200
    html = content(response)
    hero = html.split('class="hero__media"')[1].split("</div>")[0]
    assert ".width-640.format-webp.webp 640w" in hero
    assert 'alt=""' in hero  # decorative: the heading says it all
    assert '<h2 class="block-heading">Delivery times</h2>' in html
    assert "Browse shirts</a>" in html
    assert_accessible_basics(html)


def test_home_page_without_products_or_categories(client, db):
    response = client.get("/")

    assert response.status_code == 200
    html = content(response)
    assert card_titles(html) == []
    assert "Featured products" not in html
    assert 'aria-label="Main"' not in html
    assert_accessible_basics(html)


# --- Content page ------------------------------------------------------------------


def test_content_page_renders_all_block_types(client, catalog_tree):
    page = content_page_create(
        title="Shipping",
        intro="Everything about delivery.\n\nAnd returns.",
        search_description="How and when we ship.",
        body=_body(cta_page=catalog_tree["shirts"], image=image_create()),
    )

    response = client.get(page.url)

    assert response.status_code == 200
    html = content(response)
    assert "<title>Shipping · Atelier</title>" in html
    assert '<meta name="description" content="How and when we ship.">' in html
    assert "<h1>Shipping</h1>" in html
    assert "<p>Everything about delivery.</p>" in html
    assert "<p>And returns.</p>" in html
    assert '<h2 class="block-heading">Delivery times</h2>' in html
    assert '<h3 class="block-heading">Abroad</h3>' in html
    assert "We ship <b>worldwide</b>." in html
    assert '<summary class="faq__question">How long does printing take?</summary>' in (
        html
    )
    assert "Two to three working days." in html
    cta = html.split('<section class="cta">')[1].split("</section>")[0]
    assert "Ready to design?" in cta
    assert "Pick a shirt<br>and upload your art." in cta
    assert f'href="{catalog_tree["shirts"].url}">Browse shirts</a>' in cta
    images = [a for a in elements(html, "img") if "format-webp" in a["src"]]
    assert [a["alt"] for a in images] == ["A folded black tee"]
    assert ".width-640.format-webp.webp 640w" in images[0]["srcset"]
    assert ".width-1280.format-webp.webp" in images[0]["srcset"]
    breadcrumb = html.split('aria-label="Breadcrumb"')[1].split("</nav>")[0]
    assert 'href="/">Home</a>' in breadcrumb
    assert_accessible_basics(html)


def test_a_decorative_image_block_has_an_empty_alt(client, db):
    page = content_page_create(
        title="About",
        body=[
            (
                "image",
                {"image": image_create(), "alt_text": "ignored", "decorative": True},
            )
        ],
    )

    html = content(client.get(page.url))

    images = [a for a in elements(html, "img") if "format-webp" in a["src"]]
    assert [a["alt"] for a in images] == [""]


def test_a_call_to_action_to_a_deleted_page_renders_without_a_link(client, db):
    target = content_page_create(title="Old sale")
    page = content_page_create(
        title="News",
        body=[
            (
                "call_to_action",
                {"title": "Sale", "page": target, "button_label": "Go"},
            )
        ],
    )
    target.delete()

    response = client.get(page.url)

    assert response.status_code == 200
    assert "Sale</h2>" in content(response)
    assert "Go</a>" not in content(response)


def test_content_pages_in_menus_and_footer_links_are_shown(client, db):
    terms = content_page_create(title="Terms")
    about = content_page_create(title="About us", show_in_menus=True)
    FooterLink.objects.create(home=home_page(), page=terms, label="Terms of sale")
    FooterLink.objects.create(home=home_page(), page=about)

    html = content(client.get(terms.url))

    nav = html.split('aria-label="Main"')[1].split("</nav>")[0]
    assert f'href="{about.url}">About us</a>' in nav
    assert "Terms" not in nav
    footer = html.split("<footer")[1]
    assert f'href="{terms.url}">Terms of sale</a>' in footer
    assert f'href="{about.url}">About us</a>' in footer


def test_footer_shows_contact_and_legal_address_from_the_shop_settings(client, db):
    settings = ShopSettings.for_site(Site.objects.get(is_default_site=True))
    settings.shop_name = "Print Atelier"
    settings.contact_email = "help@print.test"
    settings.contact_phone = "+31 20 123 4567"
    settings.legal_name = "Print Atelier B.V."
    settings.street = "Keizersgracht 1"
    settings.postal_code = "1015 AA"
    settings.city = "Amsterdam"
    settings.country = "NL"
    settings.vat_number = "NL123456789B01"
    settings.chamber_of_commerce = "12345678"
    settings.save()

    html = content(client.get("/"))

    assert '<a class="site-logo" href="/">Print Atelier</a>' in html
    footer = html.split("<footer")[1]
    assert 'href="mailto:help@print.test"' in footer
    assert 'href="tel:+31201234567">+31 20 123 4567</a>' in footer
    for text in (
        "Print Atelier B.V.",
        "Keizersgracht 1",
        "1015 AA Amsterdam",
        "Netherlands",
        "VAT NL123456789B01",
        "Reg. no. 12345678",
    ):
        assert text in footer


# --- Error pages -------------------------------------------------------------------


def test_unknown_pages_render_the_404_page(client, catalog_tree):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    html = content(response)
    assert "<title>Page not found · Atelier</title>" in html
    assert "<h1>Page not found</h1>" in html
    assert 'action="/search/"' in html
    assert ">T-shirts</a>" in html  # the layout's navigation helps the visitor on
    assert_accessible_basics(html)


def test_the_500_page_needs_no_context():
    html = render_to_string("500.html")

    assert "<h1>Something went wrong</h1>" in html
    assert '<html lang="en">' in html
    assert "{%" not in html and "{{" not in html
    assert "<link" not in html  # standalone: no static files that might be broken
