// The time-out warning (WCAG 2.2.1): a little before this session would be signed out for being
// idle, a dialog says so and offers "Stay signed in". Before warning it asks the server how long
// is really left (another tab may have kept the session alive; asking is not activity). When
// the time is up it says so and leaves the page as it is, so nothing typed is lost: a form sent
// after a time-out is kept to send again once signed in.
const dialog = document.querySelector("[data-session-timeout]")

if (dialog && typeof dialog.showModal === "function") {
  const warnSeconds = Number(dialog.dataset.warnSeconds)
  const statusUrl = dialog.dataset.statusUrl
  const warning = dialog.querySelector("[data-timeout-warning]")
  const ended = dialog.querySelector("[data-timeout-ended]")
  const countdown = dialog.querySelector("[data-countdown]")
  const announce = dialog.querySelector("[data-announce]")
  const stay = dialog.querySelector("[data-stay]")
  let deadline = Date.now() + Number(dialog.dataset.secondsLeft) * 1000
  let timer = null
  let ticking = null

  const wording = (seconds) => {
    if (seconds >= 60) {
      const minutes = Math.ceil(seconds / 60)
      return `${minutes} minute${minutes === 1 ? "" : "s"}`
    }
    return `${seconds} second${seconds === 1 ? "" : "s"}`
  }

  const secondsLeft = () => Math.max(0, Math.round((deadline - Date.now()) / 1000))

  const schedule = () => {
    clearTimeout(timer)
    timer = setTimeout(check, Math.max(0, deadline - Date.now() - warnSeconds * 1000))
  }

  const signedOut = () => {
    clearInterval(ticking)
    warning.hidden = true
    ended.hidden = false
    if (!dialog.open) dialog.showModal()
    dialog.querySelector("[data-ended-heading]").focus()
  }

  const tick = () => {
    const left = secondsLeft()
    countdown.textContent = wording(left)
    // Screen readers hear the time at the start and then each half-minute, not every second.
    if (left % 30 === 0 && left > 0) announce.textContent = `You will be signed out in ${wording(left)}.`
    if (left === 0) signedOut()
  }

  const warn = () => {
    warning.hidden = false
    ended.hidden = true
    countdown.textContent = wording(secondsLeft())
    announce.textContent = `You will be signed out in ${wording(secondsLeft())}.`
    if (!dialog.open) dialog.showModal()
    clearInterval(ticking)
    ticking = setInterval(tick, 1000)
  }

  const ask = async (options = {}) => {
    const response = await fetch(statusUrl, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      redirect: "manual",
      ...options,
    })
    // Signed out already (the server sends such a request to the sign-in page).
    if (!response.ok) return null
    const body = await response.json()
    return typeof body.seconds_left === "number" ? body.seconds_left : null
  }

  async function check() {
    let left
    try {
      left = await ask()
    } catch {
      // The network is down: count on the time this page was given.
      left = secondsLeft()
    }
    if (left === null || left <= 0) return signedOut()
    deadline = Date.now() + left * 1000
    if (left > warnSeconds) return schedule()
    warn()
  }

  stay.addEventListener("submit", async (event) => {
    event.preventDefault()
    let left
    try {
      left = await ask({ method: "POST", body: new FormData(stay) })
    } catch {
      left = null
    }
    if (left === null) return signedOut()
    clearInterval(ticking)
    deadline = Date.now() + left * 1000
    dialog.close()
    schedule()
  })

  dialog.querySelector("[data-close]").addEventListener("click", () => dialog.close())
  // Escape closes a dialog: for the warning that means "I'm here", the same as staying.
  dialog.addEventListener("cancel", (event) => {
    if (!warning.hidden) {
      event.preventDefault()
      stay.requestSubmit()
    }
  })
  schedule()
}
