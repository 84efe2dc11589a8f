"""Template tags for storefront pages, read through the content cache."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from shop.core.content_cache import content_key, content_memo, content_version

register = template.Library()


@dataclass(frozen=True)
class Crumb:
    title: str
    url: str


@register.simple_tag(takes_context=True)
def breadcrumb_links(context, page) -> list[Crumb]:
    """The links to ``page``'s ancestors below the tree's root, home first: from
    the cache while the content is unchanged, else one query."""
    request = context.get("request")

    def build() -> list[Crumb]:
        return [
            Crumb(
                title=_("Home") if ancestor.depth == 2 else ancestor.title,
                url=ancestor.get_url(request),
            )
            for ancestor in page.get_ancestors().filter(depth__gt=1)
        ]

    if page.pk is None or getattr(request, "is_preview", False):
        return build()
    site = getattr(request, "_wagtail_site", None)
    return content_memo(
        f"breadcrumb:{site.pk if site else None}:{page.pk}",
        content_version(stock=False),
        build,
    )


class ContentCachedNode(template.Node):
    def __init__(self, nodelist, name: str, vary_on: list) -> None:
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def render(self, context) -> str:
        request = context.get("request")
        if request is None or getattr(request, "is_preview", False):
            return self.nodelist.render(context)
        parts = [str(v.resolve(context)) for v in self.vary_on]
        site = getattr(request, "_wagtail_site", None)
        key = content_key(*parts)
        html = content_memo(
            f"fragment:{self.name}:{site.pk if site else None}:{key}",
            content_version(),
            lambda: str(self.nodelist.render(context)),
            timeout=settings.CONTENT_FRAGMENT_SECONDS,
        )
        return mark_safe(html)  # rendered by this very block


@register.tag
def content_cached(parser, token):
    """``{% content_cached "name" var1 var2 %}...{% endcontent_cached %}``: the
    block's HTML, kept per site, ``name``, the values of the vars and the content
    version (``shop.core.content_cache``). For parts that are the same for every
    visitor and change only with the content; never used in a preview."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(
            "content_cached needs a name: {% content_cached 'name' var ... %}"
        )
    name = bits[1].strip("\"'")
    nodelist = parser.parse(("endcontent_cached",))
    parser.delete_first_token()
    return ContentCachedNode(
        nodelist, name, [parser.compile_filter(bit) for bit in bits[2:]]
    )


@register.simple_tag(takes_context=True)
def visitor_fragment(context, name: str) -> str:
    """A per-visitor part of a page (``shop.core.page_cache.visitor_fragment``),
    which the anonymous page cache refills for every visitor."""
    from django.utils.safestring import mark_safe

    from shop.core.page_cache import visitor_fragment as render

    request = context.get("request")
    return mark_safe(render(request, name)) if request is not None else ""
