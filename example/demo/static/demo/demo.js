// Progressive enhancement for the demo's export buttons: start the export with fetch and tell the
// download centre to refresh at once (the `dlw:refresh` event). Without JavaScript the forms post
// and redirect back.
document.addEventListener("submit", async (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.classList.contains("demo-export-form")) return;
  event.preventDefault();
  const token = form.querySelector("input[name=csrfmiddlewaretoken]");
  const response = await fetch(form.action, {
    method: "POST",
    credentials: "same-origin",
    headers: { Accept: "application/json", "X-CSRFToken": token ? token.value : "" },
  });
  if (response.ok) {
    document.dispatchEvent(new CustomEvent("dlw:refresh"));
  }
});
