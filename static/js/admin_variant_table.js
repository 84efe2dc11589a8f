// The product editor's variant table: colors down, sizes across, one price per cell.
//
// The server renders every variant form of the "variants" formset as a cell (see
// templates/catalog/admin/variant_table_panel.html) in a plain list. This script
// builds the table from the editor's color and size rows and keeps it in step as
// rows are added, renamed, reordered or deleted (variant_table.js decides, this
// file only reads and writes the page). Renaming a row rewrites the hidden color or
// size of its cells, so the SKU stays with the variant; a new combination gets a
// form of its own, whose SKU is made when the product is saved.
import { planTable, priceText } from "./variant_table.js";

const root = document.querySelector("[data-variant-table]");

if (root) {
  const prefix = root.dataset.prefix;
  const text = JSON.parse(document.getElementById("variant-table-text").textContent);
  const table = root.querySelector("[data-variant-table-grid]");
  const scrollBox = table.parentElement;
  const pool = root.querySelector("[data-variant-table-pool]");
  const removedBox = root.querySelector("[data-variant-table-removed]");
  const removedList = root.querySelector("[data-variant-table-removed-list]");
  const template = root.querySelector("[data-variant-table-empty]");
  const totalForms = document.getElementById(`id_${prefix}-TOTAL_FORMS`);
  const basePrice = document.getElementById("id_base_price_amount");
  const newSku = template.content.querySelector("[data-variant-cell-sku]").textContent;

  const field = (cell, name) => cell.querySelector(`[name="${cell.dataset.prefix}-${name}"]`);

  function readRows(name) {
    const container = document.getElementById(`id_${name}-FORMS`);
    if (!container) return [];
    const rows = [];
    for (const child of container.children) {
      if (!child.matches("[data-inline-panel-child]") || child.classList.contains("deleted")) continue;
      const key = child.id.replace(/^inline_child_/, "");
      const deleted = document.getElementById(`id_${key}-DELETE`);
      if (deleted && deleted.value) continue;
      const input = document.getElementById(`id_${key}-name`);
      const hex = document.getElementById(`id_${key}-hex_code`);
      rows.push({ key, name: input ? input.value.trim() : "", hex: hex ? hex.value.trim() : "" });
    }
    return rows;
  }

  function cellElements() {
    return [...root.querySelectorAll("[data-variant-cell]")].filter((el) => !el.closest("template"));
  }

  function readCell(el) {
    const id = field(el, "id");
    const deleted = field(el, "DELETE");
    return {
      id: el.dataset.prefix,
      color: field(el, "color").value.trim(),
      size: field(el, "size").value.trim(),
      // An autosave that stored a deletion empties the form's id; the variant is
      // still the saved one (and live until the product is published).
      existing: Boolean(id && id.value) || "variantCellSaved" in el.dataset,
      deleted: Boolean(deleted && deleted.value),
      colorKey: el.dataset.colorKey,
      sizeKey: el.dataset.sizeKey,
    };
  }

  function addCell(slot) {
    const index = Number(totalForms.value);
    const html = template.innerHTML.replace(/__prefix__/g, String(index));
    const holder = document.createElement("div");
    holder.innerHTML = html.trim();
    const el = holder.firstElementChild;
    el.dataset.colorKey = slot.colorKey;
    el.dataset.sizeKey = slot.sizeKey;
    field(el, "color").value = slot.color;
    field(el, "size").value = slot.size;
    pool.append(el);
    totalForms.value = String(index + 1);
    const price = field(el, "price_amount");
    if (basePrice && priceText(basePrice.value)) price.placeholder = priceText(basePrice.value);
  }

  function applyCell(el, planned) {
    el.dataset.colorKey = planned.colorKey;
    el.dataset.sizeKey = planned.sizeKey;
    field(el, "color").value = planned.color;
    field(el, "size").value = planned.size;
    const deleted = field(el, "DELETE");
    if (deleted) deleted.value = planned.deleted ? "1" : "";
    const order = field(el, "ORDER");
    if (order) order.value = String(planned.order);
    el.querySelector("[data-variant-cell-color]").textContent = planned.color;
    el.querySelector("[data-variant-cell-size]").textContent = planned.size;
    if (planned.fresh) {
      // A spare form now serves another combination: nothing typed for the old one.
      const price = field(el, "price_amount");
      price.value = "";
      el.querySelector("[data-variant-cell-sku]").textContent = newSku;
      const errors = el.querySelector("[data-variant-cell-errors]");
      if (errors) {
        errors.remove();
        price.removeAttribute("aria-invalid");
        const described = (price.getAttribute("aria-describedby") || "").split(" ");
        price.setAttribute("aria-describedby", described.filter((id) => id !== errors.id).join(" "));
      }
      el.classList.remove("variant-cell--error");
    }
  }

  function headerCell(tag, row, scope, label) {
    const th = document.createElement(tag);
    th.scope = scope;
    if (row.hex && /^#[0-9a-fA-F]{6}$/.test(row.hex)) {
      const swatch = document.createElement("span");
      swatch.className = "admin-grid__swatch";
      swatch.style.background = row.hex;
      swatch.setAttribute("aria-hidden", "true");
      th.append(swatch);
    }
    const name = document.createElement("span");
    name.textContent = row.name || label;
    if (!row.name) name.className = "variant-table__unnamed";
    th.append(name);
    return th;
  }

  function render() {
    const colors = readRows("colors");
    const sizes = readRows("sizes");
    let plan = planTable({ colors, sizes, cells: cellElements().map(readCell) });
    if (plan.create.length) {
      plan.create.forEach(addCell);
      plan = planTable({ colors, sizes, cells: cellElements().map(readCell) });
    }
    const byId = new Map(cellElements().map((el) => [el.dataset.prefix, el]));
    for (const planned of plan.cells) applyCell(byId.get(planned.id), planned);

    const focused = root.contains(document.activeElement) ? document.activeElement : null;
    const selection = focused && "selectionStart" in focused
      ? [focused.selectionStart, focused.selectionEnd]
      : null;

    const head = document.createElement("tr");
    const corner = document.createElement("th");
    corner.scope = "col";
    corner.textContent = text.corner;
    head.append(corner);
    sizes.forEach((size) => head.append(headerCell("th", size, "col", text.unnamedSize)));
    const body = document.createElement("tbody");
    colors.forEach((color, row) => {
      const tr = document.createElement("tr");
      tr.append(headerCell("th", color, "row", text.unnamedColor));
      plan.grid[row].forEach((id) => {
        const td = document.createElement("td");
        const el = id && byId.get(id);
        if (el) {
          td.className = "variant-table__cell";
          td.append(el);
        } else {
          td.className = "variant-table__cell variant-table__cell--none";
          td.textContent = text.needsNames;
        }
        tr.append(td);
      });
      body.append(tr);
    });
    const thead = document.createElement("thead");
    thead.append(head);
    table.replaceChildren(thead, body);

    const removed = new Set(plan.removed);
    const removedItems = [];
    for (const planned of plan.cells) {
      const el = byId.get(planned.id);
      if (removed.has(planned.id)) {
        const li = document.createElement("li");
        li.append(el);
        removedItems.push(li);
      } else if (planned.deleted) {
        pool.append(el);
      }
    }
    removedList.replaceChildren(...removedItems);
    removedBox.hidden = removedItems.length === 0;
    table.hidden = colors.length === 0 || sizes.length === 0;
    keepClearOfColorColumn();

    if (focused && document.activeElement !== focused) {
      focused.focus();
      if (selection) focused.setSelectionRange(...selection);
    }
  }

  // A price reached by Shift+Tab is scrolled into view beside the sticky color
  // column, not under it.
  function keepClearOfColorColumn() {
    const header = table.querySelector("tbody th");
    scrollBox.style.scrollPaddingInlineStart = header ? `${header.offsetWidth}px` : "";
  }

  let scheduled = false;
  function schedule() {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      render();
    });
  }

  const option = /^id_(colors|sizes)-\d+-(name|hex_code|DELETE)$/;
  document.addEventListener("input", (event) => {
    if (option.test(event.target.id || "")) schedule();
    if (event.target === basePrice) {
      const placeholder = priceText(basePrice.value);
      if (placeholder === null) return;
      for (const el of cellElements()) field(el, "price_amount").placeholder = placeholder;
    }
  });
  document.addEventListener("change", (event) => {
    if (option.test(event.target.id || "")) schedule();
  });
  for (const name of ["colors", "sizes"]) {
    const container = document.getElementById(`id_${name}-FORMS`);
    if (!container) continue;
    new MutationObserver(schedule).observe(container, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ["class"],
    });
  }

  window.addEventListener("resize", keepClearOfColorColumn);
  table.addEventListener("focusin", keepClearOfColorColumn);

  root.classList.add("variant-table--ready");
  render();
}
