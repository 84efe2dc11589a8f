from wagtail.models import Site

from shop.core.models import ShopSettings


def shop_settings_get(*, site: Site | None = None) -> ShopSettings:
    """The shop settings of a site (the default site when none is given)."""
    if site is None:
        site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    if site is None:
        return ShopSettings()
    return ShopSettings.for_site(site)
