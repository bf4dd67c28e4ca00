"""Browser harness: Playwright (sync API) driving Debian's Chromium, with axe-core checks.

Chromium is found at $CHROMIUM_PATH, /usr/bin/chromium or on PATH. Without it the browser
tests are skipped with the reason, unless JOINEDUP_REQUIRE_BROWSER=1 (as in CI), which makes
a missing browser a failure.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run inside
# one unless told that this (single-threaded test) use is safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# How long any action, navigation or expectation may wait. CI runs both suites at once on two
# cores: a page once took over 5 s there. Generous, so that only a page that never comes fails.
PATIENCE_MS = 30_000


def find_chromium() -> str | None:
    for candidate in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("chromium")


def _unavailable(reason: str) -> None:
    if os.environ.get("JOINEDUP_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (JOINEDUP_REQUIRE_BROWSER=1, so this is a failure)")
    pytest.skip(reason)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.slow)  # each journey takes seconds


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    executable = find_chromium()
    if executable is None:
        _unavailable("Chromium not found (set CHROMIUM_PATH or `apt-get install chromium`)")
    if not AXE_JS.is_file():
        _unavailable(f"axe-core not found at {AXE_JS} (run `npm install`)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, headless=True
        )
        yield launched
        launched.close()


def open_page(browser: Any, live_server: Any, **options: Any) -> Any:
    """A page in a new context of its own (its own cookies) on the test's server; `options` are
    the context's (viewport, java_script_enabled, ...). Close it with `page.context.close()`."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB", **options)
    context.set_default_timeout(PATIENCE_MS)
    return context.new_page()


@pytest.fixture
def page(browser: Any, live_server: Any, transactional_db: None) -> Iterator[Any]:
    opened = open_page(browser, live_server)
    yield opened
    opened.context.close()


@pytest.fixture
def page_without_js(browser: Any, live_server: Any, transactional_db: None) -> Iterator[Any]:
    opened = open_page(browser, live_server, java_script_enabled=False)
    yield opened
    opened.context.close()


def _inject_axe(page: Any) -> None:
    """Load axe-core into a page whose scripts run as DevTools would, not as a <script> element:
    the site's Content-Security-Policy (ADR 30) refuses inline scripts, rightly, and is not
    loosened for the tests."""
    if page.evaluate("document.body?.classList.contains('js-enabled') ?? false"):
        page.evaluate(AXE_JS.read_text() + "\n;undefined")
        return
    # The page's scripts did not run (JavaScript off, or a copy without them): a script element
    # then, which `_axe_page_for` looks for.
    page.add_script_tag(path=str(AXE_JS))


def _axe_page_for(page: Any) -> tuple[Any, Any]:
    """A page where axe-core can run on what `page` shows.

    With JavaScript switched off a page runs no scripts, axe-core included. Then the same HTML
    (its scripts removed, as a browser without JavaScript ignores them) is served again at the
    same address in a scripting context, with the same styles, and checked there."""
    _inject_axe(page)
    if page.evaluate("typeof window.axe") != "undefined":
        return page, None
    html = re.sub(r"<script\b.*?</script>", "", page.content(), flags=re.S | re.I)
    context = page.context.browser.new_context(locale="en-GB")
    copy = context.new_page()
    url = page.url
    copy.route(url, lambda route: route.fulfill(status=200, body=html, content_type="text/html"))
    copy.goto(url)
    _inject_axe(copy)
    return copy, context


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core's WCAG 2.2 AA rules on the page and return the violations."""
    target, extra_context = _axe_page_for(page)
    try:
        result = target.evaluate(
            "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
            WCAG_TAGS,
        )
    finally:
        if extra_context is not None:
            extra_context.close()
    return result["violations"]


def loaded(page: Any) -> Any:
    """The page, once its document has loaded (parsed, styles and scripts in).

    A click on a link or a submit button returns when the next page has started to arrive,
    not when it is there: read at once, the page may have no documentElement yet, or no
    styles. Call this before reading the page with anything that does not wait by itself
    (`evaluate`, `locator.all()`, `count()`, `get_attribute`, axe-core). `expect(...)` waits."""
    page.wait_for_load_state("load")
    return page


def page_width(page: Any) -> int:
    """How wide the loaded page is laid out: more than the viewport means sideways scrolling."""
    return int(loaded(page).evaluate("document.documentElement.scrollWidth"))


def assert_accessible(page: Any) -> None:
    """Fail listing every WCAG 2.2 AA violation axe-core finds on the current page."""
    violations = axe_violations(loaded(page))
    if violations:
        lines = [f"axe-core found {len(violations)} violation(s) on {page.url}:"]
        for violation in violations:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
            for node in violation["nodes"][:5]:
                lines.append(f"    {node['target']}: {node['failureSummary']}")
        pytest.fail("\n".join(lines))


def follow(page: Any, link: str) -> None:
    """Click a link and wait for the page it opens, so that what follows reads the new page and
    never the document in between (reading during the swap finds no documentElement)."""
    with page.expect_navigation():
        page.get_by_role("link", name=link).click()


def signed_in(page: Any) -> None:
    """Wait until the page after signing in is there (it has the header's "Sign out"), so that
    a `goto` next cannot start before the session cookie has come back."""
    from playwright.sync_api import expect

    # Hidden behind "Menu" on a phone with JavaScript on, so looked for among hidden elements too.
    sign_out = page.get_by_role("button", name=re.compile("^Sign out"), include_hidden=True)
    expect(sign_out.first).to_be_attached()


def sign_in(page: Any, user: Any, password: str) -> None:
    """Sign in through the sign-in page (as a user, or an email address) and wait until signed
    in."""
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(getattr(user, "email", user))
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    signed_in(page)


def pams_partnership(pam: Any, *members: Any, name: str = "Ashdown Partnership") -> Any:
    """The partnership pam manages (the root cast gives her one, with Ashdown Carers Centre in
    it), or a new one of hers by another name; with these organisations as members too."""
    from joinedup.partnerships import services
    from joinedup.partnerships.models import Partnership

    partnership = Partnership.objects.filter(managers=pam, name=name).first()
    if partnership is None:
        partnership = services.create_partnership(actor=pam, name=name)
    for organization in members:
        if not partnership.members.filter(organization=organization).exists():
            services.add_member(actor=pam, partnership=partnership, organization=organization)
    return partnership


def _patient_expectations() -> None:
    """Expectations wait as long as actions (PATIENCE_MS), not Playwright's 5 s: CI runs both
    suites at once on two cores, and a page opened by a link once took longer than 5 s there.
    A page that never comes still fails."""
    try:
        from playwright.sync_api import expect
    except ImportError:  # no Playwright: the browser tests are skipped
        return
    expect.set_options(timeout=PATIENCE_MS)


_patient_expectations()
