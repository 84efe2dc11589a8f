"""Catalog import and export: size guides, categories, products and stock as one JSON
file.

File format, version 1 (UTF-8 JSON), described once by the pydantic models of
``importexport.schema`` (built on ``shop.core.schema``): the import validates with
them, the export writes through them. Money and percentages are strings such as
``"19.90"``; JSON numbers are accepted too but are read as ``Decimal``, never float
(``catalog_load`` parses with ``parse_float=Decimal``); exponents, NaN and a third
decimal are refused. Prices follow the product editor: more than 0 and at most
``forms.PRICE_MAX`` (10000.00); a print area's price may be 0. Keys added to version 1
later (``size_guides``, a product's ``size_guide``) are optional, so older files stay
valid and the version stays 1::

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
      "size_guides": [                      # optional
        {
          "name": "Adult T-shirts",         # required; unique in the file
          "intro": "Measured flat.",        # optional, default ""; one line
          "rows": [                         # required: 2 to 30 rows of 1 to 12 cells,
            ["Size", "Chest (cm)"],         # each as long as the first; the first row
            ["S", "92"]                     # names the measurements, each other row is
          ]                                 # a size; a cell is one line, at most 100
        }                                   # characters, "" for an empty cell
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
          "name_price": "4.00",             # optional, default "0.00": team orders,
          "number_price": "3.00",           #   per printed name / number and piece
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
          ],
          "size_guide": "Adult T-shirts"    # optional, default null (no guide); the
                                            # name of a guide in this file or the shop
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
- Size guides are found by name. A missing guide is created; an existing one whose
  intro or table differs from the file gets the file's; an identical one is not saved.
  The table is stored as one ``TableBlock`` value with the first row and the first
  column as headers (``shop.catalog.size_guides``), as the editor saves "first row AND
  first column". Guides the file does not mention are left alone. A product's
  ``size_guide`` is set to the guide it names; a product without the key (or with
  null) has no guide, as every optional product key falls back to its default: the
  file describes the whole product.
- Color x size combinations without a listed variant get one at the base price; its
  SKU is the product's current SKU for that combination, else a generated one
  (``product_fill_variants``). A listed SKU that belongs to another product is an error.
- Stock is set per SKU listed under ``stock``; SKUs not listed keep their stock (new
  SKUs get a zero row). A stock SKU must belong to a product in the file or the shop.

Export writes ``catalog.json`` and ``images/`` (each referenced image once, as a file
reference) with all size guides by name (linked to a product or not), all categories in
tree order, the live products with their guide's name and their stock, so that
importing the export into an empty shop gives the same catalog. A guide the file
cannot carry (no table or two, more rows or columns than above, a line break in a
cell) stops the export with a sentence naming it; a table's alignment, merged cells
and caption are not part of the file.
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
