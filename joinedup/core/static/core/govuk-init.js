// Start GOV.UK Frontend's components. Its address comes from the script tag's
// data-govuk-frontend (the template's {% static %}), so a hashed file name in production still
// resolves; a file rather than an inline module because of the Content-Security-Policy (ADR 30).
const script = document.querySelector("script[data-govuk-frontend]")
if (script) {
  const { initAll } = await import(script.dataset.govukFrontend)
  initAll()
}
