// Phones: the main menu scrolls sideways and a fade on its right edge says so
// (site.css). The fade is hidden while the whole menu fits or it is scrolled to its
// end. Without this script the fade simply stays.
const nav = document.querySelector(".site-nav");
const list = nav && nav.querySelector(".site-nav__list");

if (list) {
  const update = () => {
    const hidden = list.scrollWidth - list.clientWidth - list.scrollLeft;
    nav.toggleAttribute("data-nav-end", hidden <= 1);
  };
  list.addEventListener("scroll", update, { passive: true });
  new ResizeObserver(update).observe(list);
  update();
}
