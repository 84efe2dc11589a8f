// Pure variant logic of the product page: no DOM, tested with `node --test static/js/`.
//
// A variant is {sku, color, size, price, stock} as rendered by
// ProductDetail.variants_json(); `price` is already formatted by the server.

// Mirrors shop.catalog.selectors.LOW_STOCK: at most this many units shows "N left".
export const LOW_STOCK = 5;

/** The variant of a color and size, or null. */
export function variantFor(variants, color, size) {
  if (color == null || size == null) return null;
  return variants.find((v) => v.color === color && v.size === size) ?? null;
}

/** What a size label says about stock. */
export function stockLabel(stock) {
  if (!(stock > 0)) return "Out of stock";
  if (stock <= LOW_STOCK) return `${stock} left`;
  return "In stock";
}

/**
 * State of each size for a color: {[size]: {sku, price, stock, available, low, label}}.
 * Sizes without a variant for this color are missing; treat them as unavailable.
 */
export function sizeStates(variants, color) {
  const states = {};
  for (const v of variants) {
    if (v.color !== color) continue;
    const stock = Number(v.stock) || 0;
    states[v.size] = {
      sku: v.sku,
      price: v.price,
      stock,
      available: stock > 0,
      low: stock > 0 && stock <= LOW_STOCK,
      label: stockLabel(stock),
    };
  }
  return states;
}

/** The size to keep after a color change: the current one if still available. */
export function sizeAfterColorChange(variants, color, size) {
  if (size == null) return null;
  const state = sizeStates(variants, color)[size];
  return state && state.available ? size : null;
}
