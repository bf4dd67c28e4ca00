// GOV.UK Frontend's "JavaScript is on" classes, set before the page is painted (so components
// do not jump). A file, not an inline script: the Content-Security-Policy allows no inline
// script (ADR 30). Loaded without defer or async at the top of <body>.
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "")
