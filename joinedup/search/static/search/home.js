// The search page. Progressive enhancement only: without it the filters are one click away and
// the title and the results heading still say what was found.
const filters = document.getElementById("filters")
if (filters && window.matchMedia("(min-width: 40.0625em)").matches) filters.open = true
const live = document.getElementById("results-announcement")
const status = live && document.getElementById(live.dataset.announce)
if (status) setTimeout(() => { live.textContent = status.textContent.replace(/\s+/g, " ").trim() }, 500)
