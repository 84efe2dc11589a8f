// A "Show password" toggle button after each password field of a form marked
// data-password-form. Without this script the fields stay plain password inputs.
function addToggle(input) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "password-toggle button button--small button--secondary";
  button.textContent = "Show password";
  button.setAttribute("aria-pressed", "false");
  button.setAttribute("aria-controls", input.id);
  button.addEventListener("click", () => {
    const show = input.type === "password";
    input.type = show ? "text" : "password";
    button.setAttribute("aria-pressed", String(show));
  });
  const wrapper = document.createElement("div");
  wrapper.className = "password-field";
  input.replaceWith(wrapper);
  wrapper.append(input, button);
}

for (const form of document.querySelectorAll("[data-password-form]")) {
  for (const input of form.querySelectorAll('input[type="password"]')) addToggle(input);
}
