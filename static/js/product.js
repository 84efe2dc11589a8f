// Product page: color and size pickers, gallery per color, price and SKU.
// Progressive enhancement: without this script the first color's gallery and
// stock are shown and every radio still works.
import { sizeAfterColorChange, sizeStates, variantFor } from "./variants.js";

function readVariants() {
  const data = document.getElementById("variant-data");
  if (!data) return [];
  try {
    const variants = JSON.parse(data.textContent);
    if (!Array.isArray(variants)) return [];
    // The printed prices come from the pricing engine (technique included).
    const printed = document.getElementById("printed-data");
    const bySku = printed ? JSON.parse(printed.textContent) : null;
    if (bySku) {
      for (const variant of variants) variant.printed_price = bySku[variant.sku] ?? null;
    }
    return variants;
  } catch {
    return [];
  }
}

function checkedValue(form, name) {
  // A one-size product has its size as a hidden input: always chosen.
  const input = form.querySelector(
    `input[name="${name}"]:checked, input[type="hidden"][name="${name}"]`,
  );
  return input ? input.value : null;
}

function showGallery(root, color) {
  for (const gallery of root.querySelectorAll("[data-gallery]")) {
    gallery.hidden = gallery.dataset.gallery !== color;
  }
}

function updateSizes(form, variants, color) {
  const states = sizeStates(variants, color);
  const keep = sizeAfterColorChange(variants, color, checkedValue(form, "size"));
  const single = form.querySelector("[data-single-size]");
  if (single) {
    const only = single.querySelector('input[name="size"]');
    const state = only && states[only.value];
    const stock = single.querySelector("[data-stock]");
    if (stock) {
      stock.textContent = state ? state.label : "Unavailable";
      stock.classList.toggle("option__stock--low", Boolean(state && state.low));
    }
  }
  for (const input of form.querySelectorAll('input[type="radio"][name="size"]')) {
    const state = states[input.value];
    const available = Boolean(state && state.available);
    input.disabled = !available;
    if (input.checked && input.value !== keep) input.checked = false;
    const label = input.labels && input.labels[0];
    if (!label) continue;
    label.classList.toggle("is-unavailable", !available);
    const stock = label.querySelector("[data-stock]");
    if (stock) {
      stock.textContent = state ? state.label : "Unavailable";
      stock.classList.toggle("option__stock--low", Boolean(state && state.low));
    }
  }
}

function updateSelection(root, form, variants) {
  const variant = variantFor(variants, checkedValue(form, "color"), checkedValue(form, "size"));
  const price = root.querySelector("[data-price]");
  const prefix = root.querySelector("[data-price-prefix]");
  const sku = root.querySelector("[data-sku]");
  const printed = root.querySelector("[data-printed-price]");
  if (price) price.textContent = variant ? variant.price : price.dataset.fromPrice;
  if (printed) {
    printed.textContent =
      variant && variant.printed_price ? variant.printed_price : printed.dataset.fromPrintedPrice;
  }
  if (prefix) prefix.hidden = Boolean(variant);
  if (sku) sku.textContent = variant ? variant.sku : sku.dataset.empty;
}

function selectSingleSize(form) {
  const enabled = [...form.querySelectorAll('input[type="radio"][name="size"]')].filter(
    (i) => !i.disabled,
  );
  if (enabled.length === 1 && !checkedValue(form, "size")) enabled[0].checked = true;
}

function onThumbClick(event) {
  const thumb = event.target.closest("[data-thumb]");
  if (!thumb) return;
  const slide = document.getElementById(decodeURIComponent(thumb.hash.slice(1)));
  if (!slide) return;
  event.preventDefault();
  const reduce = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  slide.parentElement.scrollTo({ left: slide.offsetLeft, behavior: reduce ? "auto" : "smooth" });
  for (const other of thumb.closest("ul").querySelectorAll("[data-thumb]")) {
    other.removeAttribute("aria-current");
  }
  thumb.setAttribute("aria-current", "true");
}

function markThumb(slides) {
  const index = Math.round(slides.scrollLeft / Math.max(slides.clientWidth, 1));
  const gallery = slides.closest("[data-gallery]");
  const thumbs = gallery ? gallery.querySelectorAll("[data-thumb]") : [];
  thumbs.forEach((thumb, i) => {
    if (i === index) thumb.setAttribute("aria-current", "true");
    else thumb.removeAttribute("aria-current");
  });
}

function csrfCookie() {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

// The product page is stored whole for every visitor, so it carries no CSRF token:
// the cart API's GET sets the cookie the first time one is needed.
async function csrfToken(form) {
  let token = csrfCookie();
  if (!token) {
    await fetch(form.dataset.tokenSource, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    token = csrfCookie();
  }
  return token;
}

// Adds to the cart without leaving the page; without JavaScript the form opens a
// confirmation page that posts the choice. The server re-prices: nothing here is a
// price.
async function addToCart(event, form) {
  event.preventDefault();
  const status = form.querySelector("[data-cart-status]");
  const button = form.querySelector("[data-add-to-cart]");
  if (!checkedValue(form, "size")) {
    status.textContent = "Choose a size.";
    return;
  }
  button.disabled = true;
  try {
    const response = await fetch(form.dataset.postAction, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json", "X-CSRFToken": await csrfToken(form) },
      credentials: "same-origin",
    });
    const answer = await response.json();
    status.textContent = answer.message;
    if (answer.ok) {
      const link = document.createElement("a");
      link.href = document.querySelector("[data-mini-cart]").getAttribute("href");
      link.textContent = "View cart";
      status.append(" ", link);
      for (const count of document.querySelectorAll("[data-mini-cart-count]")) {
        count.textContent = String(answer.count);
        count.closest("[data-mini-cart]").setAttribute(
          "aria-label",
          `Cart, ${answer.count} item${answer.count === 1 ? "" : "s"}`,
        );
      }
    }
  } catch {
    form.submit();
  } finally {
    button.disabled = false;
  }
}

function init() {
  const root = document.querySelector("[data-product]");
  const form = root && root.querySelector("[data-product-form]");
  if (!form) return;
  const variants = readVariants();

  const design = root.querySelector("[data-design-link]");
  const sync = () => {
    const color = checkedValue(form, "color");
    if (design && color) {
      const url = new URL(design.href);
      url.searchParams.set("color", color);
      design.href = url.pathname + url.search;
    }
    showGallery(root, color);
    updateSizes(form, variants, color);
    selectSingleSize(form);
    updateSelection(root, form, variants);
  };

  form.addEventListener("change", (event) => {
    if (event.target.name === "color") sync();
    else if (event.target.name === "size") updateSelection(root, form, variants);
  });
  form.addEventListener("submit", (event) => addToCart(event, form));
  root.addEventListener("click", onThumbClick);
  // Swiping through a gallery marks the thumbnail of the view shown.
  for (const slides of root.querySelectorAll(".gallery__slides")) {
    let timer;
    slides.addEventListener("scroll", () => {
      clearTimeout(timer);
      timer = setTimeout(() => markThumb(slides), 100);
    });
  }
  // Browsers restore radio state on back/forward navigation: start from it.
  sync();
}

init();
