"""Catalog import and export: categories, products and stock as one JSON file.

File format, version 1 (UTF-8 JSON), described once by the pydantic models of
``importexport.schema`` (built on ``shop.core.schema``): the import validates with
them, the export writes through them. Money and percentages are strings such as
``"19.90"``; JSON numbers are accepted too but are read as ``Decimal``, never float
(``catalog_load`` parses with ``parse_float=Decimal``); exponents, NaN and a third
decimal are refused. Prices follow the product editor: more than 0 and at most
``forms.PRICE_MAX`` (10000.00); a print area's price may be 0::

    {
      "version": 1,
      "currency": "EUR",                    # optional, default: the shop's currency;
                                            # another currency is refused
      "categories": [
        {
          "slug": "t-shirts",               # required; unique in the file
          "title": "T-shirts",              # required
          "parent": "apparel",              # slug of a category in this file, or null
                                            # (null: directly under the site's home page)
          "intro": "<p>Rich text.</p>",     # optional, default ""
          "products_per_page": 24,          # optional, default 24
          "show_in_menus": true,            # optional, default true
          "image": IMAGE                    # optional, default null
        }
      ],
      "products": [
        {
          "slug": "classic-tee",            # required; unique within its category
          "category": "t-shirts",           # required; slug of a category in this file
          "title": "Classic Tee",           # required
          "summary": "One line.",           # optional, default ""
          "description": "<p>Rich text.</p>",  # optional, default ""
          "material": "100% cotton",        # optional, default ""
          "base_price": "19.90",            # required, incl. VAT
          "is_featured": false,             # optional, default false
          "colors": [                       # required, at least one
            {"name": "Black", "hex": "#111111",
             "images": {"front": IMAGE, "back": IMAGE}}   # front required; also left/right
          ],
          "sizes": ["S", "M", "L"],         # required, at least one
          "variants": [                     # optional
            {"sku": "CLASSIC-TEE-BLACK-L", "color": "Black", "size": "L",
             "price": "21.90"}              # price optional, default base_price
          ],
          "print_areas": [                  # optional; at most one per view
            {"view": "front", "left": "30", "top": "25", "width": "40",
             "height": "45",                # rectangle on the mockup, in percent
             "width_mm": 300, "height_mm": 400, "price": "5.00"}   # price optional
          ]
        }
      ],
      "stock": {"CLASSIC-TEE-BLACK-L": 12}  # optional; units on hand per SKU
    }

``IMAGE`` is either ``{"file": "images/classic-tee-black-front.png"}``, a path relative
to the directory of the catalog file, or ``{"generate": {"shape": "tshirt", "view":
"front"}}``: a mockup drawn by ``shop.catalog.mockups`` (``shape`` is one of
``mockups.SHAPES``; ``view`` defaults to the key of the image; the color's hex is used,
``"hex"`` overrides it and is required for a category image; the product's print area
of that view is outlined). Images are stored by content (SHA-1), so importing the same
image again reuses the stored one.

Import rules:

- The file is at most ``MAX_FILE_BYTES``, UTF-8, nested at most ``MAX_DEPTH`` levels,
  with no duplicate keys and no NaN/Infinity; otherwise ``catalog_load`` refuses it in
  one line. Every string, keys included, is free of control characters and lone
  surrogates (``shop.core.text``; rich text may hold tabs and line breaks); a file with
  unsafe text is refused before anything else is checked.
- The whole file is checked first and every problem is reported at once in a
  ``CatalogImportError``, one located sentence each (``products[2] (classic-tee).
  colors[0] (Black).hex: “#12345g” is not a hex color such as #1a2b3c.``): first its
  shape (keys, types, bounds matching the database columns, read from the models),
  then, once the shape is right, the rules across entries (references, SKUs unique
  in the file and the shop, image files); then everything is written in one transaction of its own
  (``durable``). A failure changes nothing: a refusal by the database also ends in a
  ``CatalogImportError``, and image files written during the transaction are deleted
  when it rolls back (``importexport.media``).
- Categories are found by slug under their parent, products by slug under their
  category. A missing page is created and published; an existing page whose live
  content differs from the file gets one new published revision; an identical one is
  left alone (no revision), so importing the same file twice changes nothing.
  Pages that the file does not mention are never touched or deleted.
- Color x size combinations without a listed variant get one at the base price; its
  SKU is the product's current SKU for that combination, else a generated one
  (``product_fill_variants``). A listed SKU that belongs to another product is an error.
- Stock is set per SKU listed under ``stock``; SKUs not listed keep their stock (new
  SKUs get a zero row). A stock SKU must belong to a product in the file or the shop.

Export writes ``catalog.json`` and ``images/`` (each referenced image once, as a file
reference) with all categories in tree order, the live products and their stock, so
that importing the export into an empty shop gives the same catalog.
"""

from shop.catalog.importexport.checks import catalog_load
from shop.catalog.importexport.export import catalog_export
from shop.catalog.importexport.plan import ImportReport
from shop.catalog.importexport.writer import catalog_import, renditions_warm

__all__ = [
    "ImportReport",
    "catalog_export",
    "catalog_import",
    "catalog_load",
    "renditions_warm",
]
