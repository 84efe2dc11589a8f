"""The demo shop's designer library: clipart in a few categories and two templates."""

from __future__ import annotations

import math

from django.core.files.base import ContentFile
from django.db import transaction

from shop.designer.assets import svg_sanitize
from shop.designer.models import Clipart, ClipartCategory, DesignTemplate

SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">{}</svg>'


def _star(points: int = 5, fill: str = "#f4b400") -> str:
    coords = []
    for i in range(points * 2):
        radius = 48 if i % 2 == 0 else 20
        angle = math.pi * i / points - math.pi / 2
        coords.append(
            f"{50 + radius * math.cos(angle):.1f},{50 + radius * math.sin(angle):.1f}"
        )
    return SVG.format(f'<polygon points="{" ".join(coords)}" fill="{fill}"/>')


CLIPART = {
    # category: (parent, [(name, keywords, svg)])
    "Shapes": (
        None,
        [
            (
                "Heart",
                "love valentine",
                SVG.format(
                    '<path d="M50 88 C20 65 5 48 5 30 A22 22 0 0 1 50 22 A22 22 0 0 1 95 30 '
                    'C95 48 80 65 50 88 Z" fill="#d62828"/>'
                ),
            ),
            (
                "Circle badge",
                "round badge",
                SVG.format(
                    '<circle cx="50" cy="50" r="45" fill="#1d3557"/>'
                    '<circle cx="50" cy="50" r="36" fill="none" stroke="#ffffff" stroke-width="4"/>'
                ),
            ),
            (
                "Lightning",
                "bolt power energy",
                SVG.format(
                    '<polygon points="58,4 18,56 46,56 38,96 82,40 54,40" fill="#ffd166"/>'
                ),
            ),
        ],
    ),
    "Stars": (
        "Shapes",
        [
            ("Gold star", "star award", _star()),
            ("Six-point star", "star", _star(6, "#1f6feb")),
        ],
    ),
    "Sports": (
        None,
        [
            (
                "Football",
                "soccer ball team",
                SVG.format(
                    '<circle cx="50" cy="50" r="45" fill="#ffffff" stroke="#111111" stroke-width="4"/>'
                    '<polygon points="50,30 68,43 61,64 39,64 32,43" fill="#111111"/>'
                ),
            ),
            (
                "Trophy",
                "cup winner team",
                SVG.format(
                    '<path d="M28 10 H72 V38 A22 22 0 0 1 28 38 Z" fill="#c9a227"/>'
                    '<rect x="44" y="58" width="12" height="18" fill="#c9a227"/>'
                    '<rect x="30" y="76" width="40" height="12" rx="3" fill="#7a5c00"/>'
                ),
            ),
        ],
    ),
    "Nature": (
        None,
        [
            (
                "Mountain",
                "mountains outdoor hiking",
                SVG.format(
                    '<polygon points="5,90 38,30 55,58 68,40 95,90" fill="#2a9d8f"/>'
                    '<polygon points="38,30 46,44 30,44" fill="#ffffff"/>'
                ),
            ),
            (
                "Sun",
                "summer sunny",
                SVG.format(
                    '<circle cx="50" cy="50" r="22" fill="#f77f00"/>'
                    + "".join(
                        f'<rect x="47" y="4" width="6" height="16" rx="3" fill="#f77f00" '
                        f'transform="rotate({a} 50 50)"/>'
                        for a in range(0, 360, 45)
                    )
                ),
            ),
        ],
    ),
}

TEMPLATES = [
    (
        "Team shirt",
        {
            "views": {
                "front": {
                    "objects": [
                        {
                            "type": "IText",
                            "text": "TEAM NAME",
                            "fontFamily": "oswald",
                            "fontSize": 40,
                            "fill": "#111111",
                            "textAlign": "center",
                            "arc": 60,
                            "left": 150,
                            "top": 70,
                        },
                    ]
                },
                "back": {
                    "objects": [
                        {
                            "type": "IText",
                            "text": "10",
                            "fontFamily": "bebas-neue",
                            "fontSize": 160,
                            "fill": "#111111",
                            "textAlign": "center",
                            "left": 150,
                            "top": 160,
                        },
                    ]
                },
            }
        },
    ),
    (
        "Birthday",
        {
            "views": {
                "front": {
                    "objects": [
                        {
                            "type": "IText",
                            "text": "Happy birthday!",
                            "fontFamily": "pacifico",
                            "fontSize": 30,
                            "fill": "#d62828",
                            "textAlign": "center",
                            "left": 150,
                            "top": 60,
                        },
                    ]
                }
            }
        },
    ),
]


@transaction.atomic
def designer_seed_demo() -> bool:
    """Add the demo clipart and templates when the library is empty."""
    if ClipartCategory.objects.exists() or DesignTemplate.objects.exists():
        return False
    categories: dict[str, ClipartCategory] = {}
    for name, (parent, items) in CLIPART.items():
        category = ClipartCategory.objects.create(
            name=name,
            slug=name.lower().replace(" ", "-"),
            parent=categories.get(parent) if parent else None,
        )
        categories[name] = category
        for title, keywords, svg in items:
            clean = svg_sanitize(svg.encode())
            art = Clipart(
                name=title,
                category=category,
                keywords=keywords,
                width=clean.width,
                height=clean.height,
            )
            art.svg.save("clipart.svg", ContentFile(clean.data), save=False)
            art.save()
    for order, (name, document) in enumerate(TEMPLATES):
        DesignTemplate.objects.create(name=name, document=document, sort_order=order)
    return True
