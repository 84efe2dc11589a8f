import assert from "node:assert/strict";
import { test } from "node:test";

import { planTable, priceText } from "./variant_table.js";

const colors = [
  { key: "colors-0", name: "Navy" },
  { key: "colors-1", name: "White" },
];
const sizes = [
  { key: "sizes-0", name: "S" },
  { key: "sizes-1", name: "M" },
];
const saved = (id, color, size) => ({ id, color, size, existing: true, deleted: false });

function byId(plan) {
  return Object.fromEntries(plan.cells.map((cell) => [cell.id, cell]));
}

test("saved variants are bound to their rows and laid out colors by sizes", () => {
  const plan = planTable({
    colors,
    sizes,
    cells: [
      saved("v-3", "White", "M"),
      saved("v-0", "Navy", "S"),
      saved("v-1", "Navy", "M"),
      saved("v-2", "White", "S"),
    ],
  });
  assert.deepEqual(plan.grid, [
    ["v-0", "v-1"],
    ["v-2", "v-3"],
  ]);
  assert.deepEqual(plan.create, []);
  assert.deepEqual(plan.removed, []);
  const cells = byId(plan);
  assert.equal(cells["v-0"].colorKey, "colors-0");
  assert.equal(cells["v-3"].sizeKey, "sizes-1");
  assert.deepEqual(
    ["v-0", "v-1", "v-2", "v-3"].map((id) => cells[id].order),
    [1, 2, 3, 4],
  );
});

test("a renamed row renames its cells only, even when names collide on the way", () => {
  const first = planTable({ colors, sizes, cells: [saved("v-0", "Navy", "S")] });
  const bound = first.cells.map((cell) => ({ ...cell }));
  // The second row is renamed to the first row's old name, then the first row too.
  const renamed = [
    { key: "colors-0", name: "Midnight" },
    { key: "colors-1", name: "Navy" },
  ];
  const plan = planTable({ colors: renamed, sizes, cells: bound });
  const cell = byId(plan)["v-0"];
  assert.equal(cell.color, "Midnight");
  assert.equal(cell.colorKey, "colors-0");
  assert.equal(plan.grid[0][0], "v-0");
});

test("a blank name is not copied to the variants", () => {
  const first = planTable({ colors, sizes, cells: [saved("v-0", "Navy", "S")] });
  const blank = [{ key: "colors-0", name: "" }, colors[1]];
  const plan = planTable({ colors: blank, sizes, cells: first.cells });
  assert.equal(byId(plan)["v-0"].color, "Navy");
  assert.equal(byId(plan)["v-0"].deleted, false);
});

test("new combinations are asked for, and spare new forms are reused first", () => {
  const plan = planTable({ colors, sizes, cells: [saved("v-0", "Navy", "S")] });
  assert.deepEqual(
    plan.create.map((slot) => `${slot.color}/${slot.size}`),
    ["Navy/M", "White/S", "White/M"],
  );
  const spare = { id: "v-9", color: "Old", size: "S", existing: false, deleted: true, colorKey: "", sizeKey: "" };
  const again = planTable({ colors, sizes, cells: [saved("v-0", "Navy", "S"), spare] });
  assert.equal(again.create.length, 2);
  assert.equal(again.grid[0][1], "v-9");
  const reused = byId(again)["v-9"];
  assert.deepEqual([reused.color, reused.size, reused.deleted], ["Navy", "M", false]);
  // What it shows (a price typed for Old/S, its messages) is not Navy/M's.
  assert.equal(reused.fresh, true);
  assert.equal(byId(again)["v-0"].fresh, undefined);
});

test("a new cell waits with its price while its row is renamed, then comes back", () => {
  const withXl = [...sizes, { key: "sizes-2", name: "XL" }];
  const first = planTable({
    colors: [colors[0]],
    sizes: withXl,
    cells: [
      saved("v-0", "Navy", "S"),
      saved("v-1", "Navy", "M"),
      { id: "v-5", color: "Navy", size: "XL", existing: false, deleted: false },
    ],
  });
  // The editor clears the name to type another one.
  const blank = [...sizes, { key: "sizes-2", name: "" }];
  const waiting = planTable({ colors: [colors[0]], sizes: blank, cells: first.cells });
  const cell = byId(waiting)["v-5"];
  assert.equal(cell.deleted, true);
  assert.equal(cell.sizeKey, "sizes-2");
  assert.deepEqual(waiting.grid, [["v-0", "v-1", null]]);
  assert.deepEqual(waiting.create, []);

  const named = [...sizes, { key: "sizes-2", name: "XXL" }];
  const back = planTable({ colors: [colors[0]], sizes: named, cells: waiting.cells });
  const again = byId(back)["v-5"];
  assert.deepEqual([again.size, again.deleted, again.fresh], ["XXL", false, undefined]);
  assert.deepEqual(back.grid, [["v-0", "v-1", "v-5"]]);
});

test("no form is made for a row without a name", () => {
  const plan = planTable({
    colors: [...colors, { key: "colors-2", name: "" }],
    sizes,
    cells: [],
  });
  assert.equal(plan.create.length, 4);
  assert.deepEqual(plan.grid[2], [null, null]);
});

test("cells of a deleted row: saved ones are removed on save, new ones kept spare", () => {
  const first = planTable({
    colors,
    sizes,
    cells: [saved("v-0", "Navy", "S"), { id: "v-5", color: "White", size: "S", existing: false, deleted: false }],
  });
  const plan = planTable({ colors: [colors[1]], sizes: [sizes[1]], cells: first.cells });
  const cells = byId(plan);
  assert.deepEqual(plan.removed, ["v-0"]);
  assert.equal(cells["v-0"].deleted, true);
  // The new White/S form has no row left: marked deleted and taken for White/M.
  assert.equal(cells["v-5"].deleted, false);
  assert.equal(cells["v-5"].size, "M");
  assert.deepEqual(plan.grid, [["v-5"]]);
});

test("a saved variant whose option is gone is removed on save", () => {
  const plan = planTable({ colors, sizes, cells: [saved("v-7", "Sand", "S")] });
  assert.deepEqual(plan.removed, ["v-7"]);
  assert.equal(plan.create.length, 4);
});

test("two forms for one combination: the saved one stays", () => {
  const plan = planTable({
    colors,
    sizes: [sizes[0]],
    cells: [
      { id: "v-4", color: "Navy", size: "S", existing: false, deleted: false },
      saved("v-0", "Navy", "S"),
    ],
  });
  assert.equal(plan.grid[0][0], "v-0");
  // The new form gave way and serves the next combination without a form.
  assert.equal(plan.grid[1][0], "v-4");
  assert.equal(byId(plan)["v-4"].color, "White");
  assert.deepEqual(plan.create, []);
});

test("priceText reads a typed base price for the placeholders", () => {
  assert.equal(priceText("24,9"), "24.90");
  assert.equal(priceText(" 24.90 "), "24.90");
  assert.equal(priceText("7"), "7.00");
  for (const wrong of ["", "abc", "1.234,5", "1e3", "-2", "12.345", null]) {
    assert.equal(priceText(wrong), null, String(wrong));
  }
});
