// Progressive enhancement for "Add to shortlist" / "Remove" on search results and service pages:
// the same POST, made in the background, then the parts of the page that change (the service's
// card or buttons, the header's count, the "added" banner) are taken from the page the server
// sends back. Without JavaScript, or if anything fails, the form posts and the page reloads.
const CHANGE = "/referrals/shortlist/change/"
const PARTS = ["#shortlist-link", "#shortlist"]

function swap(current, next, selector) {
  const old = current.querySelector(selector)
  const fresh = next.querySelector(selector)
  if (old && fresh) old.replaceWith(document.importNode(fresh, true))
  return fresh
}

document.addEventListener("submit", async (event) => {
  const form = event.target
  const button = event.submitter
  if (!(form instanceof HTMLFormElement) || form.dataset.plain) return
  if (new URL(form.action, location.href).pathname !== CHANGE) return
  if (!button || !["add", "remove"].includes(button.name)) return
  if (!form.querySelector("input[name=next]")) return
  event.preventDefault()
  const data = new FormData(form)
  data.append(button.name, button.value)
  try {
    const response = await fetch(form.action, { method: "POST", body: data, credentials: "same-origin" })
    if (!response.ok) throw new Error(`shortlist: ${response.status}`)
    const next = new DOMParser().parseFromString(await response.text(), "text/html")
    const card = `#service-${CSS.escape(button.value)}`
    PARTS.concat([card]).forEach((selector) => swap(document, next, selector))
    const banner = next.querySelector("#shortlist-banner")
    document.querySelector("#shortlist-banner")?.remove()
    if (banner) {
      const placed = document.importNode(banner, true)
      placed.setAttribute("role", "alert") // read out: the page did not reload
      document.querySelector("main")?.prepend(placed)
    }
    // Keep the keyboard where it was: on the card's (or page's) new button.
    const place = document.querySelector(card) || document.querySelector("#shortlist")
    place?.querySelector("button[name=add], button[name=remove]")?.focus()
  } catch (error) {
    form.dataset.plain = "1"
    form.append(Object.assign(document.createElement("input"), { type: "hidden", name: button.name, value: button.value }))
    form.submit()
  }
})
