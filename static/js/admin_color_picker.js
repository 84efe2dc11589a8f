// Keeps a hex code text box and the colour picker beside it in sync, both ways.
// Listens on the document, so inline panel rows added after load work too.
(() => {
  const HEX = /^#[0-9a-fA-F]{6}$/;

  function parts(target) {
    const wrapper = target.closest && target.closest("[data-color-picker]");
    if (!wrapper) return null;
    return {
      text: wrapper.querySelector(".color-picker__text"),
      swatch: wrapper.querySelector("[data-color-picker-swatch]"),
    };
  }

  function sync(event) {
    const found = parts(event.target);
    if (!found || !found.text || !found.swatch) return;
    if (event.target === found.swatch) {
      if (found.text.value === found.swatch.value) return;
      found.text.value = found.swatch.value;
      // Wagtail's unsaved-changes watcher and autosave listen for these.
      found.text.dispatchEvent(new Event("input", { bubbles: true }));
      found.text.dispatchEvent(new Event("change", { bubbles: true }));
    } else if (event.target === found.text) {
      const typed = found.text.value.trim();
      if (HEX.test(typed)) found.swatch.value = typed.toLowerCase();
    }
  }

  document.addEventListener("input", sync);
  document.addEventListener("change", sync);
})();
