// Category filters on phones: the form slides in as a drawer behind a "Filters (n)"
// button. Progressive enhancement: without this script (or on wider screens, see
// site.css) the form is shown in place as a plain form.
const PHONE = window.matchMedia("(max-width: 47.99em)");

function init() {
  const root = document.querySelector("[data-filters]");
  const toggle = root && root.querySelector("[data-filters-toggle]");
  const form = root && root.querySelector("[data-filters-form]");
  const close = root && root.querySelector("[data-filters-close]");
  if (!toggle || !form) return;

  const backdrop = document.createElement("div");
  backdrop.className = "filters-backdrop";
  backdrop.hidden = true;
  root.append(backdrop);

  const isOpen = () => root.classList.contains("is-open");

  function setOpen(open, { restoreFocus = true } = {}) {
    root.classList.toggle("is-open", open);
    toggle.setAttribute("aria-expanded", String(open));
    backdrop.hidden = !open;
    document.documentElement.classList.toggle("has-open-drawer", open);
    if (open) {
      const first = form.querySelector("select, input");
      (first || form).focus();
    } else if (restoreFocus) {
      toggle.focus();
    }
  }

  root.classList.add("has-drawer");
  toggle.hidden = false;
  if (close) close.hidden = false;

  toggle.addEventListener("click", () => setOpen(!isOpen()));
  if (close) close.addEventListener("click", () => setOpen(false));
  backdrop.addEventListener("click", () => setOpen(false));
  document.addEventListener("keydown", (event) => {
    if (!isOpen()) return;
    if (event.key === "Escape") {
      event.preventDefault();
      setOpen(false);
    } else if (event.key === "Tab") {
      // Keep Tab inside the open drawer: the page behind it is covered.
      const focusable = [...form.querySelectorAll("select, input, button, a[href]")].filter(
        (el) => !el.disabled && el.offsetParent !== null,
      );
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    }
  });
  // Growing past the phone width shows the form in place: close the drawer.
  PHONE.addEventListener("change", (event) => {
    if (!event.matches && isOpen()) setOpen(false, { restoreFocus: false });
  });
}

init();
