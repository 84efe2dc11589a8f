import assert from "node:assert/strict";
import { test } from "node:test";

import {
  LOW_STOCK,
  sizeAfterColorChange,
  sizeStates,
  stockLabel,
  variantFor,
} from "./variants.js";

const variants = [
  { sku: "TEE-BLK-S", color: "Black", size: "S", price: "€\u00a019.90", stock: 10 },
  { sku: "TEE-BLK-M", color: "Black", size: "M", price: "€\u00a019.90", stock: 3 },
  { sku: "TEE-BLK-L", color: "Black", size: "L", price: "€\u00a021.90", stock: 0 },
  { sku: "TEE-WHT-S", color: "White", size: "S", price: "€\u00a019.90", stock: 0 },
  { sku: "TEE-WHT-M", color: "White", size: "M", price: "€\u00a019.90", stock: 7 },
];

test("variantFor finds the variant of a color and size", () => {
  assert.equal(variantFor(variants, "Black", "L").sku, "TEE-BLK-L");
  assert.equal(variantFor(variants, "White", "M").sku, "TEE-WHT-M");
});

test("variantFor returns null for unknown or incomplete selections", () => {
  assert.equal(variantFor(variants, "White", "L"), null);
  assert.equal(variantFor(variants, "Red", "S"), null);
  assert.equal(variantFor(variants, "Black", null), null);
  assert.equal(variantFor(variants, null, "S"), null);
  assert.equal(variantFor([], "Black", "S"), null);
});

test("stockLabel says out of stock, how many are left, or in stock", () => {
  assert.equal(stockLabel(0), "Out of stock");
  assert.equal(stockLabel(-1), "Out of stock");
  assert.equal(stockLabel(undefined), "Out of stock");
  assert.equal(stockLabel(1), "1 left");
  assert.equal(stockLabel(LOW_STOCK), `${LOW_STOCK} left`);
  assert.equal(stockLabel(LOW_STOCK + 1), "In stock");
});

test("sizeStates describes each size of one color", () => {
  assert.deepEqual(sizeStates(variants, "Black"), {
    S: { sku: "TEE-BLK-S", price: "€\u00a019.90", stock: 10, available: true, low: false, label: "In stock" },
    M: { sku: "TEE-BLK-M", price: "€\u00a019.90", stock: 3, available: true, low: true, label: "3 left" },
    L: { sku: "TEE-BLK-L", price: "€\u00a021.90", stock: 0, available: false, low: false, label: "Out of stock" },
  });
});

test("sizeStates leaves out sizes a color lacks", () => {
  const states = sizeStates(variants, "White");
  assert.deepEqual(Object.keys(states), ["S", "M"]);
  assert.equal(states.S.available, false);
  assert.equal(states.M.label, "In stock");
  assert.deepEqual(sizeStates(variants, "Red"), {});
});

test("sizeAfterColorChange keeps a size only while it is available", () => {
  assert.equal(sizeAfterColorChange(variants, "White", "M"), "M");
  assert.equal(sizeAfterColorChange(variants, "White", "S"), null);
  assert.equal(sizeAfterColorChange(variants, "White", "L"), null);
  assert.equal(sizeAfterColorChange(variants, "Black", null), null);
});
