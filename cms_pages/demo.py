"""Demo content pages and footer links, and the demo seed of every app in order.

Every step only adds what is missing, so running the demo seed again changes nothing
and never overwrites what an editor has changed since.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from wagtail.models import Site
from wagtail.rich_text import RichText

from cms_pages.models import ContentPage, FooterLink, HomePage
from shop.accounts.demo import accounts_seed_demo
from shop.catalog.demo import catalog_seed_demo
from shop.catalog.importexport import ImportReport
from shop.core.demo import DEMO_SHOP_SETTINGS, core_seed_demo
from shop.core.exceptions import ShopError


class DemoSeedError(ShopError):
    pass


def _heading(text: str) -> tuple[str, dict]:
    return ("heading", {"text": text, "level": "h2"})


def _paragraph(html: str) -> tuple[str, RichText]:
    return ("paragraph", RichText(html))


def _faq(question: str, answer_html: str) -> tuple[str, dict]:
    return ("faq", {"question": question, "answer": RichText(answer_html)})


_S = DEMO_SHOP_SETTINGS
_COMPANY = (
    f"{_S['legal_name']}, {_S['street']}, {_S['postal_code']} {_S['city']}, "
    f"{_S['country']}"
)

TERMS = {
    "slug": "terms",
    "title": "Terms and conditions",
    "show_in_menus": False,
    "intro": "These terms apply to every order placed in the Atelier web shop.",
    "body": [
        _heading("1. Who we are"),
        _paragraph(
            f"<p>Atelier is a trade name of {_COMPANY}. Chamber of Commerce number "
            f"{_S['chamber_of_commerce']}, VAT number {_S['vat_number']}. You can "
            f'reach us at <a href="mailto:{_S["contact_email"]}">'
            f"{_S['contact_email']}</a> or {_S['contact_phone']} (working days, "
            "9:00 to 17:00).</p>"
        ),
        _heading("2. Prices and orders"),
        _paragraph(
            "<p>All prices are in euros and include 21% Dutch VAT. Shipping costs are "
            "shown in the checkout before you pay. Your order is binding once we "
            "confirm it by e-mail after your payment has been received. If a price is "
            "obviously wrong, for example because of a typing error, we may cancel the "
            "order and refund you in full.</p>"
        ),
        _heading("3. Your design"),
        _paragraph(
            "<p>You confirm that you own, or have permission to use, every image, logo "
            "and text you upload, and that your design does not infringe anyone's "
            "rights or break the law. We may refuse a design that does. We use your "
            "design only to produce and ship your order.</p>"
        ),
        _heading("4. Production"),
        _paragraph(
            "<p>Every product is printed to order. Colours on a screen differ from "
            "colours on fabric and ceramics, and the position and size of a print may "
            "vary by up to 1 cm. Such small differences are not a defect.</p>"
        ),
        _heading("5. Payment and delivery"),
        _paragraph(
            "<p>You pay online when you order, through our payment provider Mollie. "
            "We start production once the payment is complete. Delivery times and "
            "costs are on the Shipping &amp; returns page. The risk of loss passes to "
            "you when the parcel is delivered.</p>"
        ),
        _heading("6. Right of withdrawal"),
        _paragraph(
            "<p>Products printed with your design are made to your specifications. "
            "Under Dutch and EU consumer law (article 6:230p of the Dutch Civil Code) "
            "the 14-day right of withdrawal therefore does not apply to them. Your "
            "rights for faulty products (below) are not affected.</p>"
        ),
        _heading("7. Complaints and guarantee"),
        _paragraph(
            "<p>Please check your order when it arrives. If a product is damaged, "
            "misprinted or not what you ordered, tell us within 14 days, with a photo, "
            "and we will reprint it or refund you, including the shipping costs. Your "
            "statutory rights remain in full.</p>"
        ),
        _heading("8. Liability"),
        _paragraph(
            "<p>Except in the case of intent or gross negligence, our liability is "
            "limited to the amount of the order concerned.</p>"
        ),
        _heading("9. Applicable law"),
        _paragraph(
            "<p>Dutch law applies to these terms and to every order. If you live in "
            "another EU country, this does not take away the protection of the "
            "mandatory consumer law of that country.</p>"
        ),
    ],
}

PRIVACY = {
    "slug": "privacy",
    "title": "Privacy policy",
    "show_in_menus": False,
    "intro": "What we do with your personal data, why, and what you can ask of us.",
    "body": [
        _heading("Who is responsible"),
        _paragraph(
            f"<p>{_COMPANY} is the controller of the personal data processed through "
            f'this shop. Questions go to <a href="mailto:{_S["contact_email"]}">'
            f"{_S['contact_email']}</a>.</p>"
        ),
        _heading("What we collect"),
        _paragraph(
            "<ul><li>Account details: your name, e-mail address and a protected "
            "(hashed) password.</li><li>Order details: delivery and billing address, "
            "phone number, the products you order and the designs you upload.</li>"
            "<li>Payment details: the status of your payment. Card and bank details go "
            "to our payment provider and never reach us.</li><li>Messages you send us, "
            "and technical data such as server logs.</li></ul>"
        ),
        _heading("Why, and on what legal basis"),
        _paragraph(
            "<p>We use your data to produce and deliver your order and to keep you "
            "informed about it (performance of a contract), to keep our accounts "
            "(a legal obligation) and to prevent fraud and keep the shop secure "
            "(our legitimate interest). We do not sell your data and do not send "
            "newsletters without your consent.</p>"
        ),
        _heading("Who receives it"),
        _paragraph(
            "<p>Only the parties we need for your order: our payment provider (Mollie), "
            "the carrier that delivers your parcel, our e-mail delivery service and our "
            "hosting provider. They process your data under an agreement with us and "
            "within the European Economic Area where possible.</p>"
        ),
        _heading("How long we keep it"),
        _paragraph(
            "<p>Orders and invoices: seven years, as Dutch tax law requires. Uploaded "
            "designs: twelve months after production, unless you keep them in your "
            "account. Your account: until you delete it.</p>"
        ),
        _heading("Cookies"),
        _paragraph(
            "<p>We use only the cookies the shop needs to work: your session, your cart "
            "and protection against forged forms. We use no tracking or advertising "
            "cookies.</p>"
        ),
        _heading("Your rights"),
        _paragraph(
            "<p>You may ask to see, correct or delete your data, to restrict or object "
            "to its use, and to receive it in a portable format. Write to us and we "
            "will answer within a month. You may also complain to the Dutch Data "
            "Protection Authority (Autoriteit Persoonsgegevens).</p>"
        ),
    ],
}

FAQ = {
    "slug": "faq",
    "title": "FAQ",
    "show_in_menus": True,
    "intro": "Answers to the questions we hear most. Anything else? Just ask us.",
    "body": [
        _faq(
            "How is my design printed?",
            "<p>T-shirts, hoodies, totes and caps are printed directly on the fabric "
            "with water-based inks (direct to garment). Mugs are printed by "
            "sublimation, which bonds the ink with the glaze, so the print survives "
            "the dishwasher.</p>",
        ),
        _faq(
            "Is there a minimum order?",
            "<p>No. We print a single piece as carefully as a hundred. For 50 pieces "
            "or more of one design, write to us for a quote.</p>",
        ),
        _faq(
            "Which files can I upload?",
            "<p>PNG or JPG at 300 dpi at the printed size gives the sharpest result; "
            "use a transparent background when the garment colour should show "
            "around your design. SVG files stay sharp at any size.</p>",
        ),
        _faq(
            "How long does my order take?",
            "<p>We print within 2 to 4 working days after payment. Delivery takes 1 to "
            "2 working days in the Netherlands and up to 7 elsewhere in the EU. See "
            "Shipping &amp; returns for details.</p>",
        ),
        _faq(
            "Can I return a printed product?",
            "<p>Products printed with your design are made just for you, so they cannot "
            "be returned because you changed your mind. If something is wrong with "
            "the print or the product, we will reprint it or refund you.</p>",
        ),
        _faq(
            "Which size should I choose?",
            "<p>Each product page describes the fit. Our regular-fit tees are true to "
            "size; for the boxy heavyweight tee, size down for a regular fit. Between "
            "two sizes? Pick the larger one for a relaxed look.</p>",
        ),
        _faq(
            "How do I wash my printed garment?",
            "<ul><li>Turn it inside out.</li><li>Wash at 30 °C with similar colours."
            "</li><li>Do not tumble dry; iron on the reverse side.</li></ul>",
        ),
    ],
}

SHIPPING = {
    "slug": "shipping-returns",
    "title": "Shipping & returns",
    "show_in_menus": True,
    "intro": "Printed in Amsterdam, shipped across the European Union.",
    "body": [
        _heading("Production time"),
        _paragraph(
            "<p>Your order goes into production as soon as the payment is complete and "
            "leaves our workshop within 2 to 4 working days. You receive an e-mail "
            "with the tracking link when it ships.</p>"
        ),
        _heading("Shipping costs and delivery times"),
        _paragraph(
            "<ul><li>Netherlands: €4.95, 1 to 2 working days; free from €75.</li>"
            "<li>Belgium and Germany: €6.95, 2 to 3 working days.</li>"
            "<li>Other EU countries: €9.95, 3 to 7 working days.</li></ul>"
            "<p>The exact costs for your order are shown in the checkout before you "
            "pay.</p>"
        ),
        _heading("Returns"),
        _paragraph(
            "<p>Because every product is printed to your design, we cannot take back "
            "products you no longer want. If a product arrives damaged or misprinted, "
            f'e-mail <a href="mailto:{_S["contact_email"]}">{_S["contact_email"]}</a> '
            "within 14 days with your order number and a photo. We will send a "
            "replacement or refund you, including the shipping costs, and tell you "
            "whether we need the product back.</p>"
        ),
    ],
}

CONTENT_PAGES = (TERMS, PRIVACY, FAQ, SHIPPING)


@dataclass
class DemoReport:
    catalog: ImportReport
    pages_created: list[str] = field(default_factory=list)
    footer_links_created: int = 0
    settings_filled: bool = False
    admin_created: bool = False

    def lines(self) -> list[str]:
        return [
            *str(self.catalog).splitlines(),
            "Content pages: "
            + (
                f"created {', '.join(self.pages_created)}."
                if self.pages_created
                else "all present."
            ),
            "Footer links: "
            + (
                f"{self.footer_links_created} added."
                if self.footer_links_created
                else "kept as they are."
            ),
            "Shop settings: "
            + ("filled in." if self.settings_filled else "kept (already set)."),
            "Admin account: "
            + (
                "created."
                if self.admin_created
                else "already exists (its password was not changed)."
            ),
        ]


def _home_get(*, site: Site) -> HomePage:
    home = HomePage.objects.filter(pk=site.root_page_id).first()
    if home is None:
        raise DemoSeedError("The default site's root page is not a home page.")
    return home


def content_pages_ensure(*, home: HomePage) -> tuple[list[ContentPage], list[str]]:
    """The demo content pages under the home page, created if missing (by slug).

    Returns all of them (in footer order) and the titles of those created.
    """
    pages, created = [], []
    for spec in CONTENT_PAGES:
        page = ContentPage.objects.child_of(home).filter(slug=spec["slug"]).first()
        if page is None:
            page = ContentPage(
                title=spec["title"],
                slug=spec["slug"],
                intro=spec["intro"],
                body=spec["body"],
                show_in_menus=spec["show_in_menus"],
                live=False,
            )
            home.add_child(instance=page)
            page.save_revision().publish()
            created.append(page.title)
        pages.append(page)
    return pages, created


def footer_links_ensure(*, home: HomePage, pages: list[ContentPage]) -> int:
    """Link these pages in the footer if the home page has no footer links yet."""
    if home.footer_links.exists():
        return 0
    home.footer_links = [FooterLink(page=page) for page in pages]
    home.save_revision().publish()
    return len(pages)


def pages_seed_demo(*, site: Site) -> tuple[list[str], int]:
    """The demo content pages and footer links under the site's home page.

    Returns the titles of the pages created and the number of footer links added.
    """
    with transaction.atomic():
        home = _home_get(site=site)
        pages, created = content_pages_ensure(home=home)
        return created, footer_links_ensure(home=home, pages=pages)


def demo_seed(
    *,
    catalog_path: Path,
    admin_email: str,
    admin_password: str,
    warm_renditions: bool = True,
) -> DemoReport:
    """Each app's demo seed in dependency order: core, accounts, catalog, pages."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        raise DemoSeedError("There is no default site; run the migrations first.")
    settings_filled = core_seed_demo(site=site)
    admin_created = accounts_seed_demo(email=admin_email, password=admin_password)
    report = DemoReport(
        catalog=catalog_seed_demo(
            catalog_path=catalog_path, warm_renditions=warm_renditions
        ),
        settings_filled=settings_filled,
        admin_created=admin_created,
    )
    report.pages_created, report.footer_links_created = pages_seed_demo(site=site)
    return report
