// Pure logic of the product editor's variant table: no DOM, tested with
// `node --test static/js/`. admin_variant_table.js reads the editor into these
// shapes, calls planTable and applies the plan to the page.
//
// A row is a color or size row of the editor: {key, name}, key being its form
// prefix ("colors-2"), name its trimmed name ("" while blank), in editor order,
// deleted rows left out.
//
// A cell is a variant form: {id, color, size, existing, deleted, colorKey,
// sizeKey}. `existing` is true for a saved variant (its form has a pk, or had one
// until an autosave stored its deletion). The keys bind a cell to the rows it
// belongs to: undefined before the first plan, "" for a saved variant whose color
// or size no row has (left over from a deleted option). A cell follows its row,
// not a name: renaming a row renames its cells only, even while two rows happen to
// share a name.

/** The row of `rows` named `name`, or undefined. */
function rowNamed(rows, name) {
  return name ? rows.find((row) => row.name === name) : undefined;
}

/**
 * The plan for the current rows and cells.
 *
 * Returns {cells, grid, create, removed}:
 * - cells: each input cell with its new {color, size, colorKey, sizeKey, deleted,
 *   order}; `deleted` is what the form's DELETE says. A spare form taken for
 *   another combination has `fresh: true`: the price, SKU and messages it shows
 *   belong to the combination it was made for, and the caller clears them.
 * - grid: one array per color row of one entry per size row: the id of the cell
 *   shown there, or null when the color or size has no name yet.
 * - create: {colorKey, sizeKey, color, size} of each combination that has no cell
 *   and no spare one to take: the caller adds a form for each (bound to the keys)
 *   and plans again.
 * - removed: ids of saved variants that saving will remove (their row is gone).
 */
export function planTable({ colors, sizes, cells }) {
  const colorRow = new Map(colors.map((row) => [row.key, row]));
  const sizeRow = new Map(sizes.map((row) => [row.key, row]));
  const planned = cells.map((cell) => ({ ...cell }));

  // First sight: bind each cell to the rows carrying its names.
  for (const cell of planned) {
    if (cell.colorKey === undefined) cell.colorKey = rowNamed(colors, cell.color)?.key ?? "";
    if (cell.sizeKey === undefined) cell.sizeKey = rowNamed(sizes, cell.size)?.key ?? "";
  }

  const spare = [];
  const slots = new Map();
  const removed = [];
  for (const cell of planned) {
    const color = colorRow.get(cell.colorKey);
    const size = sizeRow.get(cell.sizeKey);
    if (cell.existing) {
      if (!color || !size) {
        // Its color or size was deleted (or never existed): saving removes it.
        cell.deleted = true;
        removed.push(cell.id);
        continue;
      }
    } else if (!color || !size) {
      // A new combination whose row went away: kept for reuse.
      cell.deleted = true;
      cell.colorKey = "";
      cell.sizeKey = "";
      spare.push(cell);
      continue;
    } else if (!color.name || !size.name) {
      // Its row is being renamed: the cell waits for the name with its price, left
      // out of the save meanwhile.
      cell.deleted = true;
      continue;
    }
    const slot = `${cell.colorKey}\n${cell.sizeKey}`;
    if (slots.has(slot)) {
      // Two forms for one combination cannot both stay: a new one gives way.
      const other = slots.get(slot);
      const loser = other.existing && !cell.existing ? cell : other;
      if (loser.existing) {
        loser.deleted = true;
        removed.push(loser.id);
      } else {
        loser.deleted = true;
        loser.colorKey = "";
        loser.sizeKey = "";
        spare.push(loser);
      }
      if (loser === other) slots.set(slot, cell);
      if (loser === cell) continue;
    } else {
      slots.set(slot, cell);
    }
    cell.deleted = false;
    // Names follow the rows; a blank name is not copied (the row shows an error).
    if (color.name) cell.color = color.name;
    if (size.name) cell.size = size.name;
  }

  const grid = [];
  const create = [];
  let order = 0;
  for (const color of colors) {
    const line = [];
    for (const size of sizes) {
      let cell = slots.get(`${color.key}\n${size.key}`);
      if (!cell && color.name && size.name) {
        cell = spare.shift();
        if (cell) {
          Object.assign(cell, {
            colorKey: color.key,
            sizeKey: size.key,
            color: color.name,
            size: size.name,
            deleted: false,
            fresh: true,
          });
        } else {
          create.push({ colorKey: color.key, sizeKey: size.key, color: color.name, size: size.name });
        }
      }
      if (cell) cell.order = ++order;
      line.push(cell ? cell.id : null);
    }
    grid.push(line);
  }
  for (const cell of planned) {
    if (cell.order === undefined) cell.order = ++order;
  }
  return { cells: planned, grid, create, removed };
}

/** "24,9" or " 24.90 " as "24.90" for a placeholder; null if it is no price. */
export function priceText(typed) {
  const match = /^\s*(\d{1,7})(?:[.,](\d{1,2}))?\s*$/.exec(typed ?? "");
  if (!match) return null;
  return `${Number(match[1])}.${(match[2] ?? "").padEnd(2, "0")}`;
}
