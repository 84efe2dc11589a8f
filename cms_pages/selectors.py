from wagtail.models import Site

from cms_pages.models import ContentPage, HomePage
from shop.catalog.selectors import categories_top_level


def navigation_get(*, site: Site | None) -> dict:
    if site is None:
        return {"categories": [], "pages": [], "footer": [], "home": None}
    home = HomePage.objects.filter(pk=site.root_page_id).first()
    footer = []
    if home is not None:
        links = home.footer_links.select_related("page").filter(page__live=True)
        footer = [(link.label or link.page.title, link.page) for link in links]
    return {
        "home": home,
        "categories": list(categories_top_level(site=site)),
        "pages": list(
            ContentPage.objects.live().public().in_menu().child_of(site.root_page)
        ),
        "footer": footer,
    }
