"""Cart changes, one module per use case: ``lines`` (add, quantity, remove),
``roster``, ``codes``, ``priced`` (the cart re-quoted), ``merge`` (on login), and
``base`` for what they share.

Every change reads the cart from its store, checks it against the catalog (the
variant exists and is live, the configuration prices, the quantity fits 1..max and
the stock), and saves it back. Prices sent by a client are never read: lines hold
a snapshot made here, and every view re-quotes (``cart_priced``).
"""

from shop.cart.services.base import line_max, variant_sku
from shop.cart.services.codes import cart_code_apply, cart_code_remove
from shop.cart.services.lines import (
    cart_add,
    cart_add_design,
    cart_line_quantity_set,
    cart_line_remove,
)
from shop.cart.services.merge import cart_merge_into_user
from shop.cart.services.priced import PricedCart, PricedLine, cart_count, cart_priced
from shop.cart.services.roster import (
    RosterInvalid,
    RosterRowError,
    cart_roster_set,
    roster_rows_check,
)

__all__ = [
    "PricedCart",
    "PricedLine",
    "RosterInvalid",
    "RosterRowError",
    "cart_add",
    "cart_add_design",
    "cart_code_apply",
    "cart_code_remove",
    "cart_count",
    "cart_line_quantity_set",
    "cart_line_remove",
    "cart_merge_into_user",
    "cart_priced",
    "cart_roster_set",
    "line_max",
    "roster_rows_check",
    "variant_sku",
]
