// Checkout details: show only the address fields in use. Without this script
// every field shows and the server ignores the ones not used.
const form = document.querySelector("[data-checkout-form]");
if (form) {
  const shipToBilling = form.querySelector("[name=ship_to_billing]");
  const shippingFields = form.querySelector("[data-shipping-fields]");
  const choices = {
    billing: form.querySelector("select[name=billing_choice]"),
    shipping: form.querySelector("select[name=shipping_choice]"),
  };
  const update = () => {
    if (shipToBilling && shippingFields) {
      shippingFields.hidden = shipToBilling.checked;
    }
    for (const [kind, select] of Object.entries(choices)) {
      const fields = form.querySelector(`[data-address=${kind}]`);
      if (select && fields) fields.hidden = select.value !== "new";
    }
  };
  form.addEventListener("change", update);
  update();
}
