// The designer: one Fabric.js canvas per printable view over the color's mockup.
// Objects live in millimetres of the print area (the viewport transform maps them
// to the screen), so what is saved does not depend on the screen. The server checks
// every design (print area, fonts, colors, own uploads, print quality) and prices
// it; nothing here is a price or a decision, only what the shopper sees meanwhile.
/* global fabric */
(() => {
  "use strict";

  const root = document.querySelector("[data-designer]");
  if (!root || typeof fabric === "undefined") return;
  const cfg = JSON.parse(document.getElementById("designer-config").textContent);
  const product = cfg.product;
  const $ = (selector) => root.querySelector(selector);
  const VIEWS = ["front", "back", "left", "right"];
  const views = VIEWS.filter((v) => product.areas[v]);
  const round = (x) => Math.round(x * 1000) / 1000;
  const colorByHex = Object.fromEntries(cfg.textColors.map((c) => [c.hex, c]));

  const state = {
    color: cfg.color,
    view: views[0],
    canvases: {},
    history: Object.fromEntries(views.map((v) => [v, { past: [], future: [] }])),
    restoring: false,
    token: cfg.design ? cfg.design.token : null,
  };

  Object.assign(fabric.InteractiveFabricObject.ownDefaults, {
    cornerSize: 22,
    touchCornerSize: 44,
    cornerStyle: "circle",
    transparentCorners: false,
    cornerColor: "#1f6feb",
    borderColor: "#1f6feb",
    padding: 4,
  });

  // --- helpers -----------------------------------------------------------------

  function csrfCookie() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  async function csrfToken() {
    if (!csrfCookie()) {
      await fetch("/api/v1/cart/", { credentials: "same-origin", headers: { Accept: "application/json" } });
    }
    return csrfCookie();
  }

  async function api(method, url, body) {
    const headers = { Accept: "application/json", "X-CSRFToken": await csrfToken() };
    let payload = body;
    if (body && !(body instanceof FormData)) {
      headers["Content-Type"] = "application/json";
      payload = JSON.stringify(body);
    }
    const response = await fetch(url, { method, headers, body: payload, credentials: "same-origin" });
    const data = response.status === 204 ? {} : await response.json().catch(() => ({}));
    if (!response.ok) {
      const error = new Error(data.message || "Something went wrong; please try again.");
      error.data = data;
      throw error;
    }
    return data;
  }

  function say(selector, text) {
    const element = $(selector);
    if (element) element.textContent = text;
  }

  // Curved text follows a circle arc as long as the text, centred on its box;
  // shop/designer/geometry.py builds the same arc for the server renderer.
  function arcPath(length, degrees) {
    const theta = (Math.abs(degrees) * Math.PI) / 180;
    const radius = Math.max(length, 0.001) / theta;
    const middle = degrees > 0 ? -90 : 90;
    const half = Math.abs(degrees) / 2;
    const [a0, a1] = degrees > 0 ? [middle - half, middle + half] : [middle + half, middle - half];
    const points = [];
    for (let i = 0; i <= 64; i += 1) {
      const a = ((a0 + ((a1 - a0) * i) / 64) * Math.PI) / 180;
      points.push([radius * Math.cos(a), radius * Math.sin(a)]);
    }
    const xs = points.map((p) => p[0]);
    const ys = points.map((p) => p[1]);
    const cx = (Math.min(...xs) + Math.max(...xs)) / 2;
    const cy = (Math.min(...ys) + Math.max(...ys)) / 2;
    const [x0, y0] = [points[0][0] - cx, points[0][1] - cy];
    const [x1, y1] = [points[64][0] - cx, points[64][1] - cy];
    const large = Math.abs(degrees) > 180 ? 1 : 0;
    const sweep = degrees > 0 ? 1 : 0;
    return `M ${x0.toFixed(3)} ${y0.toFixed(3)} A ${radius.toFixed(3)} ${radius.toFixed(3)} 0 ${large} ${sweep} ${x1.toFixed(3)} ${y1.toFixed(3)}`;
  }

  function applyArc(text) {
    text.set({ path: undefined });
    text.initDimensions();
    if (text.arc) {
      const length = text.calcTextWidth();
      text.set({ path: new fabric.Path(arcPath(length, text.arc), { visible: false, fill: "", stroke: "" }) });
      text.initDimensions();
    }
    text.setCoords();
  }

  // --- objects <-> design data ----------------------------------------------------

  function placed(o) {
    return {
      left: round(o.left),
      top: round(o.top),
      scaleX: round(Math.max(o.scaleX, 0.005)),
      scaleY: round(Math.max(o.scaleY, 0.005)),
      angle: round(((o.angle % 360) + 360) % 360),
      flipX: Boolean(o.flipX),
      flipY: Boolean(o.flipY),
      originX: "center",
      originY: "center",
    };
  }

  function toData(o) {
    if (o.type === "i-text" || o instanceof fabric.IText) {
      return {
        type: "IText",
        text: o.text,
        fontFamily: o.fontFamily,
        fontSize: round(o.fontSize),
        fill: o.fill,
        stroke: o.stroke && o.strokeWidth > 0 ? o.stroke : null,
        strokeWidth: o.stroke && o.strokeWidth > 0 ? round(o.strokeWidth) : 0,
        textAlign: o.textAlign,
        arc: o.arc || 0,
        ...placed(o),
      };
    }
    return { type: "Image", src: o.designSrc, width: o.width, height: o.height, ...placed(o) };
  }

  async function fromData(d) {
    const common = {
      left: d.left,
      top: d.top,
      scaleX: d.scaleX ?? 1,
      scaleY: d.scaleY ?? 1,
      angle: d.angle ?? 0,
      flipX: Boolean(d.flipX),
      flipY: Boolean(d.flipY),
      originX: "center",
      originY: "center",
    };
    if (d.type === "IText") {
      const text = new fabric.IText(d.text, {
        ...common,
        fontFamily: d.fontFamily,
        fontSize: d.fontSize,
        fill: d.fill,
        stroke: d.stroke || null,
        strokeWidth: d.strokeWidth || 0,
        textAlign: d.textAlign || "center",
      });
      text.arc = d.arc || 0;
      applyArc(text);
      return text;
    }
    const image = await fabric.FabricImage.fromURL(d.src, { crossOrigin: null }, common);
    image.designSrc = d.src;
    return image;
  }

  const viewData = (view) => state.canvases[view].canvas.getObjects().map(toData);

  function documentData() {
    const result = {};
    for (const view of views) {
      const objects = viewData(view);
      if (objects.length) result[view] = { objects };
    }
    return { views: result };
  }

  // --- canvases --------------------------------------------------------------------

  function mockupUrl(view) {
    const color = product.colors.find((c) => c.name === state.color) || product.colors[0];
    return color.mockups[view] || color.mockups.front;
  }

  function sizeFor() {
    const holder = $("[data-canvas-holder]");
    return Math.max(260, Math.min(holder.clientWidth || 560, 620));
  }

  async function setBackground(view) {
    const { canvas } = state.canvases[view];
    const url = mockupUrl(view);
    if (!url) return;
    const image = await fabric.FabricImage.fromURL(url, {}, { originX: "left", originY: "top", left: 0, top: 0 });
    const size = canvas.getWidth();
    image.scaleX = size / image.width;
    image.scaleY = size / image.height;
    canvas.backgroundImage = image;
    canvas.backgroundVpt = false;
    canvas.requestRenderAll();
  }

  function layout(view) {
    const entry = state.canvases[view];
    const size = sizeFor();
    const area = product.areas[view];
    entry.canvas.setDimensions({ width: size, height: size });
    // The print area's real size fitted into its rectangle on the mockup, centred
    // (shop/designer/render.py places it the same way).
    const boxWidth = (area.width / 100) * size;
    const boxHeight = (area.height / 100) * size;
    const k = Math.min(boxWidth / area.widthMm, boxHeight / area.heightMm);
    const x = (area.left / 100) * size + (boxWidth - area.widthMm * k) / 2;
    const y = (area.top / 100) * size + (boxHeight - area.heightMm * k) / 2;
    entry.canvas.setViewportTransform([k, 0, 0, k, x, y]);
    if (entry.canvas.backgroundImage) {
      const image = entry.canvas.backgroundImage;
      image.scaleX = size / image.width;
      image.scaleY = size / image.height;
    }
    entry.canvas.requestRenderAll();
  }

  function keepInside(o, view = state.view) {
    const area = product.areas[view];
    o.setCoords();
    let box = o.getBoundingRect();
    const fit = Math.min(1, area.widthMm / box.width, area.heightMm / box.height);
    if (fit < 1) {
      o.scaleX *= fit * 0.98;
      o.scaleY *= fit * 0.98;
      o.setCoords();
      box = o.getBoundingRect();
    }
    let dx = 0;
    let dy = 0;
    if (box.left < 0) dx = -box.left;
    if (box.left + box.width > area.widthMm) dx = area.widthMm - box.left - box.width;
    if (box.top < 0) dy = -box.top;
    if (box.top + box.height > area.heightMm) dy = area.heightMm - box.top - box.height;
    if (dx || dy) {
      o.left += dx;
      o.top += dy;
      o.setCoords();
    }
  }

  function createCanvas(view) {
    const wrap = document.createElement("div");
    wrap.className = "designer__canvas-wrap";
    wrap.hidden = view !== state.view;
    const element = document.createElement("canvas");
    element.setAttribute("aria-label", `${product.areas[view].label} of the ${product.title}: the design area`);
    wrap.append(element);
    $("[data-canvas-holder]").append(wrap);
    const canvas = new fabric.Canvas(element, {
      preserveObjectStacking: true,
      selection: false,
      controlsAboveOverlay: true,
      allowTouchScrolling: false,
    });
    canvas.upperCanvasEl.tabIndex = 0;
    canvas.upperCanvasEl.setAttribute("role", "application");
    canvas.upperCanvasEl.setAttribute("aria-label", `${product.areas[view].label} design area`);
    canvas.upperCanvasEl.setAttribute("aria-describedby", "designer-hint");
    canvas.on("after:render", ({ ctx }) => {
      const area = product.areas[view];
      const v = canvas.viewportTransform;
      ctx.save();
      ctx.transform(v[0], v[1], v[2], v[3], v[4], v[5]);
      ctx.lineWidth = 1.5 / v[0];
      ctx.setLineDash([6 / v[0], 4 / v[0]]);
      ctx.strokeStyle = "rgba(31, 111, 235, 0.9)";
      ctx.strokeRect(0, 0, area.widthMm, area.heightMm);
      ctx.restore();
    });
    for (const name of ["object:moving", "object:scaling", "object:rotating"]) {
      canvas.on(name, ({ target }) => keepInside(target));
    }
    canvas.on("object:modified", ({ target }) => {
      keepInside(target);
      changed();
    });
    canvas.on("selection:created", showSelection);
    canvas.on("selection:updated", showSelection);
    canvas.on("selection:cleared", showSelection);
    canvas.on("text:changed", ({ target }) => {
      applyArc(target);
      keepInside(target);
      syncPanel();
      changed();
    });
    touchGestures(canvas);
    state.canvases[view] = { canvas, wrap };
    layout(view);
  }

  const LOCKS = ["lockMovementX", "lockMovementY", "lockScalingX", "lockScalingY", "lockRotation"];

  // Two fingers on the selected object: pinch scales it, turning rotates it.
  function touchGestures(canvas) {
    const el = canvas.upperCanvasEl;
    let start = null;
    const measure = (touches) => {
      const [a, b] = [touches[0], touches[1]];
      return {
        distance: Math.hypot(b.clientX - a.clientX, b.clientY - a.clientY),
        angle: (Math.atan2(b.clientY - a.clientY, b.clientX - a.clientX) * 180) / Math.PI,
      };
    };
    el.addEventListener("touchstart", (event) => {
      const target = canvas.getActiveObject();
      if (event.touches.length === 2 && target) {
        // The first finger may have started Fabric's own drag or a control's
        // scaling: lock those while two fingers decide, unlock at the end.
        const locks = Object.fromEntries(LOCKS.map((name) => [name, target[name]]));
        target.set(Object.fromEntries(LOCKS.map((name) => [name, true])));
        start = { ...measure(event.touches), scaleX: target.scaleX, scaleY: target.scaleY, rotation: target.angle, target, locks };
        event.preventDefault();
      }
    }, { passive: false });
    el.addEventListener("touchmove", (event) => {
      if (!start || event.touches.length !== 2) return;
      event.preventDefault();
      const now = measure(event.touches);
      const factor = now.distance / Math.max(start.distance, 1);
      start.target.set({
        scaleX: start.scaleX * factor,
        scaleY: start.scaleY * factor,
        angle: start.rotation + now.angle - start.angle,
      });
      keepInside(start.target);
      canvas.requestRenderAll();
    }, { passive: false });
    el.addEventListener("touchend", (event) => {
      if (start && event.touches.length < 2) {
        start.target.set(start.locks);
        start = null;
        changed();
      }
    });
  }

  const current = () => state.canvases[state.view].canvas;

  // --- history ------------------------------------------------------------------------

  function remember() {
    const entry = state.history[state.view];
    entry.past.push(JSON.stringify(viewData(state.view)));
    if (entry.past.length > 60) entry.past.shift();
    entry.future = [];
    historyButtons();
  }

  function historyButtons() {
    const entry = state.history[state.view];
    $("[data-undo]").disabled = entry.past.length < 2;
    $("[data-redo]").disabled = entry.future.length === 0;
  }

  async function restore(snapshot) {
    state.restoring = true;
    const canvas = current();
    canvas.discardActiveObject();
    canvas.remove(...canvas.getObjects());
    for (const data of JSON.parse(snapshot)) {
      canvas.add(await fromData(data));
    }
    canvas.requestRenderAll();
    state.restoring = false;
    showSelection();
    refresh();
  }

  async function undo() {
    const entry = state.history[state.view];
    if (entry.past.length < 2) return;
    entry.future.push(entry.past.pop());
    await restore(entry.past[entry.past.length - 1]);
    historyButtons();
  }

  async function redo() {
    const entry = state.history[state.view];
    if (!entry.future.length) return;
    const snapshot = entry.future.pop();
    entry.past.push(snapshot);
    await restore(snapshot);
    historyButtons();
  }

  // --- after every change: layers, server check, price ---------------------------

  let refreshTimer = null;
  function changed() {
    if (state.restoring) return;
    remember();
    refresh();
  }

  function refresh() {
    renderLayers();
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(checkAndQuote, 300);
  }

  let checkSequence = 0;
  async function checkAndQuote() {
    const sequence = ++checkSequence;
    const body = { product: product.id, color: state.color, document: documentData() };
    try {
      const check = await api("POST", "/api/v1/designer/check/", body);
      if (sequence !== checkSequence) return;
      showQuality(check.quality);
      const size = $("[data-size]").value;
      const quantity = Math.max(1, Math.min(999, parseInt($("[data-quantity]").value, 10) || 1));
      const quote = await api("POST", "/api/v1/cart/quote/", {
        lines: [{ product: product.id, color: state.color, size, quantity, configuration: check.configuration }],
      });
      if (sequence !== checkSequence) return;
      showPrice(quote.lines[0]);
      say("[data-status]", "");
    } catch (error) {
      if (sequence === checkSequence) say("[data-status]", error.message);
    }
  }

  function money(value) {
    return new Intl.NumberFormat(document.documentElement.lang || "en", {
      style: "currency",
      currency: value.currency,
    }).format(Number(value.amount));
  }

  function showPrice(line) {
    say("[data-price-unit]", money(line.unit_price));
    const list = $("[data-breakdown]");
    list.replaceChildren(
      ...line.breakdown.map((row) => {
        const item = document.createElement("li");
        item.textContent = `${row.label}: ${money(row.amount)}`;
        return item;
      }),
    );
  }

  function showQuality(quality) {
    const list = $("[data-quality]");
    list.replaceChildren(
      ...quality
        .filter((q) => q.level !== "good")
        .map((q) => {
          const item = document.createElement("li");
          item.className = `designer__warning designer__warning--${q.level}`;
          item.textContent = q.message;
          return item;
        }),
    );
    $("[data-add-to-cart]").disabled = quality.some((q) => q.level === "blocked");
  }

  // --- panels ------------------------------------------------------------------------

  function renderViews() {
    const group = $("[data-views]");
    group.replaceChildren(
      ...views.map((view) => {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "designer__view";
        button.textContent = product.areas[view].label;
        button.setAttribute("aria-pressed", String(view === state.view));
        button.addEventListener("click", () => switchView(view));
        return button;
      }),
    );
  }

  function switchView(view) {
    current().discardActiveObject();
    current().requestRenderAll();
    state.view = view;
    for (const [name, entry] of Object.entries(state.canvases)) entry.wrap.hidden = name !== view;
    layout(view);
    renderViews();
    renderLayers();
    historyButtons();
    showSelection();
  }

  function renderColors() {
    const group = $("[data-colors]");
    group.replaceChildren(
      ...product.colors.map((color) => {
        const label = document.createElement("label");
        label.className = "designer__swatch";
        label.title = color.name;
        const input = document.createElement("input");
        input.type = "radio";
        input.name = "designer-color";
        input.value = color.name;
        input.checked = color.name === state.color;
        input.className = "visually-hidden";
        input.addEventListener("change", () => switchColor(color.name));
        const chip = document.createElement("span");
        chip.className = "designer__chip";
        chip.style.background = color.hex;
        const name = document.createElement("span");
        name.className = "designer__swatch-name";
        name.textContent = color.name;
        label.append(input, chip, name);
        return label;
      }),
    );
  }

  function renderSizes() {
    const color = product.colors.find((c) => c.name === state.color);
    const select = $("[data-size]");
    const previous = select.value;
    select.replaceChildren(
      ...color.sizes.map((size) => {
        const option = document.createElement("option");
        option.value = size;
        option.textContent = size;
        option.selected = size === previous;
        return option;
      }),
    );
  }

  async function switchColor(name) {
    state.color = name;
    renderSizes();
    await Promise.all(views.map(setBackground));
    refresh();
  }

  function renderLayers() {
    const canvas = current();
    const list = $("[data-layers]");
    const objects = canvas.getObjects().slice().reverse();
    list.replaceChildren(
      ...objects.map((o) => {
        const item = document.createElement("li");
        const button = document.createElement("button");
        button.type = "button";
        button.className = "designer__layer";
        button.textContent = o instanceof fabric.IText ? `Text: ${o.text.slice(0, 30)}` : `Image: ${o.designName || "image"}`;
        button.setAttribute("aria-pressed", String(canvas.getActiveObject() === o));
        button.addEventListener("click", (event) => {
          canvas.setActiveObject(o);
          canvas.requestRenderAll();
          showSelection();
          // From the keyboard, go on with arrow keys on the design area.
          if (event.detail === 0) canvas.upperCanvasEl.focus();
        });
        item.append(button);
        return item;
      }),
    );
    if (!objects.length) {
      const empty = document.createElement("li");
      empty.className = "muted";
      empty.textContent = "Nothing on this side yet.";
      list.append(empty);
    }
  }

  function renderTextColors() {
    const group = $("[data-text-colors]");
    group.replaceChildren(
      ...cfg.textColors.map((color) => {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "designer__text-color";
        button.style.background = color.hex;
        button.dataset.hex = color.hex;
        button.setAttribute("role", "radio");
        button.setAttribute("aria-checked", "false");
        const extra = Number(color.surcharge) > 0 ? ` (+${color.surcharge})` : "";
        button.setAttribute("aria-label", `${color.name}${extra}`);
        button.title = `${color.name}${extra}`;
        button.addEventListener("click", () => setText({ fill: color.hex }));
        return button;
      }),
    );
    const outline = $("[data-text-outline]");
    for (const color of cfg.textColors) {
      const option = document.createElement("option");
      option.value = color.hex;
      option.textContent = color.name;
      outline.append(option);
    }
  }

  function selectedText() {
    const o = current().getActiveObject();
    return o instanceof fabric.IText ? o : null;
  }

  function syncPanel() {
    const text = selectedText();
    if (!text) return;
    if (document.activeElement !== $("[data-text-value]")) $("[data-text-value]").value = text.text;
    $("[data-text-font]").value = text.fontFamily;
    $("[data-text-size]").value = Math.round(text.fontSize);
    say("[data-text-size-out]", `(${Math.round(text.fontSize)} mm)`);
    for (const button of root.querySelectorAll("[data-text-colors] button")) {
      button.setAttribute("aria-checked", String(button.dataset.hex === text.fill));
    }
    for (const button of root.querySelectorAll("[data-align]")) {
      button.setAttribute("aria-pressed", String(button.dataset.align === text.textAlign));
    }
    const outline = text.stroke && text.strokeWidth > 0 ? text.strokeWidth : 0;
    $("[data-text-outline]").value = outline ? text.stroke : "";
    $("[data-text-outline-width]").value = outline;
    say("[data-text-outline-out]", `(${outline} mm)`);
    $("[data-text-arc]").value = text.arc || 0;
    say("[data-text-arc-out]", text.arc ? `(${text.arc}°)` : "(straight)");
  }

  function showSelection() {
    const o = current().getActiveObject();
    $("[data-object-panel]").hidden = !o;
    $("[data-text-tools]").hidden = !(o instanceof fabric.IText);
    say("[data-object-quality]", "");
    if (o) syncPanel();
    renderLayers();
  }

  function setText(changes) {
    const text = selectedText();
    if (!text) return;
    text.set(changes);
    if ("arc" in changes) text.arc = changes.arc;
    applyArc(text);
    keepInside(text);
    current().requestRenderAll();
    syncPanel();
    changed();
  }

  // --- tools ---------------------------------------------------------------------------

  async function addObject(object) {
    const canvas = current();
    canvas.add(object);
    keepInside(object);
    canvas.setActiveObject(object);
    canvas.requestRenderAll();
    showSelection();
    changed();
    // On a phone the tools sit below the design: show what was just added.
    if (window.matchMedia("(max-width: 899px)").matches) {
      $("[data-canvas-holder]").scrollIntoView({ block: "nearest" });
    }
  }

  function addText() {
    const area = product.areas[state.view];
    const garment = product.colors.find((c) => c.name === state.color);
    const rgb = parseInt(garment.hex.slice(1), 16);
    const light = ((rgb >> 16) & 255) * 0.299 + ((rgb >> 8) & 255) * 0.587 + (rgb & 255) * 0.114 > 140;
    const plain = cfg.textColors.filter((c) => Number(c.surcharge) === 0);
    const fill = (light ? plain[0] : plain.find((c) => c.hex === "#ffffff")) || cfg.textColors[0];
    const text = new fabric.IText("Your text", {
      left: area.widthMm / 2,
      top: area.heightMm / 3,
      originX: "center",
      originY: "center",
      fontFamily: cfg.fonts[0].slug,
      fontSize: Math.round(Math.min(area.widthMm, area.heightMm) / 8),
      fill: fill.hex,
      stroke: null,
      strokeWidth: 0,
      textAlign: "center",
    });
    text.arc = 0;
    applyArc(text);
    addObject(text);
  }

  async function addImage(src, width, height, name) {
    const area = product.areas[state.view];
    const image = await fabric.FabricImage.fromURL(src, {}, { originX: "center", originY: "center" });
    image.designSrc = src;
    image.designName = name;
    const scale = Math.min((area.widthMm * 0.6) / width, (area.heightMm * 0.6) / height);
    image.set({ left: area.widthMm / 2, top: area.heightMm / 2, scaleX: scale, scaleY: scale });
    await addObject(image);
  }

  async function upload(event) {
    const file = event.target.files[0];
    event.target.value = "";
    if (!file) return;
    const body = new FormData();
    body.append("file", file);
    say("[data-status]", "Uploading…");
    try {
      const answer = await api("POST", "/api/v1/designer/uploads/", body);
      await addImage(answer.src, answer.width, answer.height, answer.name);
      say("[data-status]", "Image added.");
    } catch (error) {
      say("[data-status]", error.message);
    }
  }

  async function loadClipart() {
    const params = new URLSearchParams();
    const category = $("[data-clipart-category]").value;
    const q = $("[data-clipart-q]").value.trim();
    if (category) params.set("category", category);
    if (q) params.set("q", q);
    const list = $("[data-clipart-list]");
    try {
      const items = await api("GET", `/api/v1/designer/clipart/?${params}`);
      list.replaceChildren(
        ...items.map((item) => {
          const li = document.createElement("li");
          const button = document.createElement("button");
          button.type = "button";
          button.className = "designer__clipart-item";
          button.setAttribute("aria-label", `Add ${item.name}`);
          const img = document.createElement("img");
          img.src = item.src;
          img.alt = "";
          img.width = 56;
          img.height = 56;
          button.append(img);
          button.addEventListener("click", () => addImage(item.src, item.width, item.height, item.name));
          li.append(button);
          return li;
        }),
      );
      if (!items.length) list.textContent = "No clipart found.";
    } catch (error) {
      list.textContent = error.message;
    }
  }

  // A template is made for any product: its objects are fitted into this one's
  // print areas. A saved design is shown exactly as it was saved.
  async function loadDocument(documentData, { fit = false } = {}) {
    state.restoring = true;
    for (const view of views) {
      const canvas = state.canvases[view].canvas;
      canvas.remove(...canvas.getObjects());
      const objects = (documentData.views[view] || {}).objects || [];
      for (const data of objects) {
        const object = await fromData(data);
        canvas.add(object);
        if (fit) keepInside(object, view);
      }
      canvas.requestRenderAll();
      state.history[view] = { past: [JSON.stringify(viewData(view))], future: [] };
    }
    state.restoring = false;
    historyButtons();
    refresh();
  }

  function layerMove(direction) {
    const canvas = current();
    const o = canvas.getActiveObject();
    if (!o) return;
    if (direction > 0) canvas.bringObjectForward(o);
    else canvas.sendObjectBackwards(o);
    canvas.requestRenderAll();
    changed();
  }

  async function duplicate() {
    const o = current().getActiveObject();
    if (!o) return;
    const copy = await fromData({ ...toData(o), left: o.left + 5, top: o.top + 5 });
    copy.designName = o.designName;
    await addObject(copy);
  }

  function remove() {
    const canvas = current();
    const o = canvas.getActiveObject();
    if (!o || (o.isEditing)) return;
    canvas.remove(o);
    canvas.discardActiveObject();
    canvas.requestRenderAll();
    showSelection();
    changed();
  }

  function nudge(event) {
    const o = current().getActiveObject();
    if (!o || o.isEditing) return;
    const step = event.shiftKey ? 10 : 1;
    const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    if (event.key in moves) {
      event.preventDefault();
      o.left += moves[event.key][0];
      o.top += moves[event.key][1];
      keepInside(o);
      current().requestRenderAll();
      changed();
    } else if (event.key === "Delete" || event.key === "Backspace") {
      event.preventDefault();
      remove();
    }
  }

  function rosterRows() {
    return $("[data-roster]").value
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean)
      .map((line) => {
        const [size = "", name = "", number = ""] = line.split(",").map((part) => part.trim());
        return { size, name, number };
      });
  }

  async function addToCart(event) {
    event.preventDefault();
    const button = $("[data-add-to-cart]");
    button.disabled = true;
    say("[data-cart-status]", "Adding…");
    try {
      const quantity = parseInt($("[data-quantity]").value, 10) || 1;
      await api("POST", "/api/v1/cart/designs/", {
        product: product.id,
        color: state.color,
        size: $("[data-size]").value,
        quantity,
        document: documentData(),
        roster: rosterRows(),
      });
      const status = $("[data-cart-status]");
      status.textContent = "Added to your cart. ";
      const link = document.createElement("a");
      link.href = "/cart/";
      link.textContent = "View cart";
      status.append(link);
    } catch (error) {
      say("[data-cart-status]", error.message);
    } finally {
      button.disabled = false;
    }
  }

  async function save(event) {
    event.preventDefault();
    const body = {
      name: $("[data-design-name]").value.trim() || "My design",
      product: product.id,
      color: state.color,
      document: documentData(),
    };
    say("[data-save-status]", "Saving…");
    try {
      const design = state.token
        ? await api("PUT", `/api/v1/designer/designs/${state.token}/`, body)
        : await api("POST", "/api/v1/designer/designs/", body);
      state.token = design.token;
      const url = new URL(window.location.href);
      url.searchParams.set("design", design.token);
      url.searchParams.delete("template");
      window.history.replaceState(null, "", url);
      say("[data-save-status]", cfg.loggedIn ? "Saved to your designs." : "Saved for this visit; log in to keep it.");
    } catch (error) {
      say("[data-save-status]", error.message);
    }
  }

  async function saveTemplate() {
    const name = $("[data-design-name]").value.trim() || "Template";
    say("[data-save-status]", "Saving the template…");
    try {
      await api("POST", "/api/v1/designer/templates/", { name, document: documentData() });
      say("[data-save-status]", `Saved as the template “${name}” for every shopper.`);
    } catch (error) {
      say("[data-save-status]", error.message);
    }
  }

  async function openTemplate(event) {
    const id = event.target.value;
    if (!id) return;
    const url = new URL(window.location.href);
    url.searchParams.set("template", id);
    url.searchParams.delete("design");
    window.location.assign(url);
  }

  // --- start ----------------------------------------------------------------------------

  async function start() {
    renderViews();
    renderColors();
    renderSizes();
    renderTextColors();
    await document.fonts.ready;
    await Promise.all(cfg.fonts.map((f) => document.fonts.load(`16px "${f.slug}"`).catch(() => null)));
    for (const view of views) createCanvas(view);
    await Promise.all(views.map(setBackground));
    if (cfg.design) {
      $("[data-design-name]").value = cfg.design.name;
      await loadDocument(cfg.design.document);
    } else if (cfg.template) {
      await loadDocument(cfg.template, { fit: true });
    } else {
      for (const view of views) state.history[view].past = ["[]"];
      refresh();
    }
    $("[data-add-text]").addEventListener("click", addText);
    $("[data-upload]").addEventListener("change", upload);
    $("[data-open-clipart]").addEventListener("click", (event) => {
      const panel = $("[data-clipart]");
      panel.hidden = !panel.hidden;
      event.currentTarget.setAttribute("aria-expanded", String(!panel.hidden));
      if (!panel.hidden) loadClipart();
    });
    $("[data-clipart-category]").addEventListener("change", loadClipart);
    let searchTimer = null;
    $("[data-clipart-q]").addEventListener("input", () => {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(loadClipart, 250);
    });
    const template = $("[data-template]");
    if (template) template.addEventListener("change", openTemplate);
    $("[data-undo]").addEventListener("click", undo);
    $("[data-redo]").addEventListener("click", redo);
    $("[data-forward]").addEventListener("click", () => layerMove(1));
    $("[data-backward]").addEventListener("click", () => layerMove(-1));
    $("[data-duplicate]").addEventListener("click", duplicate);
    $("[data-delete]").addEventListener("click", remove);
    $("[data-text-value]").addEventListener("input", (event) => {
      const value = event.target.value.slice(0, 200);
      const text = selectedText();
      if (text && value.trim()) setText({ text: text.arc ? value.replace(/\n/g, " ") : value });
    });
    $("[data-text-font]").addEventListener("change", (event) => setText({ fontFamily: event.target.value }));
    $("[data-text-size]").addEventListener("input", (event) => setText({ fontSize: Number(event.target.value) }));
    for (const button of root.querySelectorAll("[data-align]")) {
      button.addEventListener("click", () => setText({ textAlign: button.dataset.align }));
    }
    $("[data-text-outline]").addEventListener("change", (event) => {
      const hex = event.target.value;
      const text = selectedText();
      setText(hex ? { stroke: hex, strokeWidth: text && text.strokeWidth > 0 ? text.strokeWidth : 1 } : { stroke: null, strokeWidth: 0 });
    });
    $("[data-text-outline-width]").addEventListener("input", (event) => {
      const width = Number(event.target.value);
      const text = selectedText();
      setText({ strokeWidth: width, stroke: text && text.stroke ? text.stroke : cfg.textColors[0].hex });
    });
    $("[data-text-arc]").addEventListener("input", (event) => {
      let arc = Number(event.target.value);
      if (Math.abs(arc) < 10) arc = 0;
      const text = selectedText();
      if (text && arc && text.text.includes("\n")) text.set({ text: text.text.replace(/\n/g, " ") });
      setText({ arc });
    });
    $("[data-size]").addEventListener("change", refresh);
    $("[data-quantity]").addEventListener("change", refresh);
    $("[data-add-form]").addEventListener("submit", addToCart);
    $("[data-save-form]").addEventListener("submit", save);
    const templateButton = $("[data-save-template]");
    if (templateButton) templateButton.addEventListener("click", saveTemplate);
    for (const view of views) {
      state.canvases[view].canvas.upperCanvasEl.addEventListener("keydown", nudge);
    }
    let resizeTimer = null;
    window.addEventListener("resize", () => {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(() => layout(state.view), 150);
    });
    root.dataset.ready = "true";
  }

  start();
})();
