"""Screens, clicks, typed fields and page loads of a carer's three-service prescription, walked
in Chromium from the search results to "sent", for a new person and for one already held.

    .venv/bin/python bench/refer_clicks.py                       # this checkout's journey
    .venv/bin/python bench/refer_clicks.py --before DIR          # also an older checkout's
        # (DIR from `git archive <commit> | tar -x -C DIR`; walked as the journey was before
        # the shortlist: one service from the results, the other two found again inside it)

Sets up a throwaway SQLite database (migrated, seeded with a carers' centre, its link worker,
a carer it already holds, and three carers' services run by three other organisations, all
found by the search "carers"), serves it with `manage.py runserver` from the checkout, and
drives Debian's Chromium (/usr/bin/chromium or $CHROMIUM_PATH) with Playwright as a person
would: a mouse click on a button, link, radio or checkbox counts as one click, filling one field
as one typed field, and a document loaded in the tab as one page load. Screens are the distinct
pages between the search results and the "sent" page, neither counted. Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PASSWORD = "bench-password-1"
LINK_WORKER = "lin@carers.example"
KNOWN = "Mary Carer"
NEW = "Sam Carer"
NEED = "Caring for her husband, who has dementia; she is exhausted and money is short"
SERVICES = (
    # (organisation, service, description)
    (
        "Ashdown Respite Trust",
        "Carers' short breaks",
        "Short breaks for carers: a trained sitter stays with the person you look after.",
    ),
    (
        "Brookfield Memory Support",
        "Memory café",
        "A friendly café for carers and people living with dementia, every Tuesday.",
    ),
    (
        "Ashdown Advice Centre",
        "Carers' benefits advice",
        "Advice for carers on Carer's Allowance and other benefits.",
    ),
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


# The database: seeded once by the code under test (run as a subprocess of that checkout).


def seed() -> None:
    """Run inside the checkout: the cast, the carer already held, and the three services."""
    import django

    django.setup()
    from joinedup.core.models import User
    from joinedup.directory.models import IntakeMode, Membership, Organization, Sector, Service
    from joinedup.referrals.models import Person
    from joinedup.search.services import rebuild_index

    centre = Organization.objects.create(name="Ashdown Carers Centre", sector=Sector.VCS)
    user = User.objects.create_user(email=LINK_WORKER, password=PASSWORD)
    Membership.objects.create(user=user, organization=centre, role=Membership.Role.MEMBER)
    Person.objects.create(
        organization=centre,
        name=KNOWN,
        postcode="BS5 6XX",
        contact_preference="phone",
        phone="07700 900123",
        created_by=user,
    )
    for org_name, name, description in SERVICES:
        org = Organization.objects.create(name=org_name, sector=Sector.VCS)
        Service.objects.create(
            organization=org, name=name, description=description, intake_mode=IntakeMode.JOINEDUP
        )
    rebuild_index()


def _env(database: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "joinedup.settings",
            "DATABASE_URL": f"sqlite:///{database}",
            "JOINEDUP_SEMANTIC_SEARCH": "0",  # words only: the journey is measured, not ranking
            "DEBUG": "1",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "LOG_LEVEL": "ERROR",
        }
    )
    return env


def make_database(code: Path, database: Path) -> None:
    env = _env(database)
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=code, env=env, check=True
    )
    subprocess.run(
        [
            PYTHON,
            "-c",
            f"import sys; sys.path.insert(0, {str(ROOT / 'bench')!r}); "
            "import refer_clicks; refer_clicks.seed()",
        ],
        cwd=code,
        env={**env, "PYTHONPATH": str(code)},
        check=True,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(code: Path, database: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    server = subprocess.Popen(
        [PYTHON, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=code,
        env=_env(database),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return server, f"http://127.0.0.1:{port}"
        time.sleep(0.2)
    server.kill()
    raise RuntimeError("the server did not start")


# Counting what a person does


class Walker:
    """A person at the browser: every click, typed field and page load is counted."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.clicks = 0
        self.typed = 0
        self.loads = 0
        self.screens: list[str] = []
        page.on("load", self._loaded)

    def _loaded(self, _: Any) -> None:
        self.loads += 1

    def click(self, locator: Any) -> None:
        self.clicks += 1
        locator.click()
        self.page.wait_for_load_state()
        self.screen()

    def type(self, locator: Any, text: str) -> None:
        self.typed += 1
        locator.fill(text)

    def screen(self) -> None:
        path = urlparse(self.page.url).path
        if not self.screens or self.screens[-1] != path:
            self.screens.append(path)

    def figures(self, start: str) -> dict[str, Any]:
        between = [s for s in self.screens if s != start and not s.endswith("/sent/")]
        distinct = list(dict.fromkeys(between))
        names = [_screen_name(s) for s in distinct]
        return {
            "screens": len(distinct),
            "clicks": self.clicks,
            "typed_fields": self.typed,
            "page_loads": self.loads,
            "screen_names": names,
            "sent": bool(self.screens and self.screens[-1].endswith("/sent/")),
        }


def _screen_name(path: str) -> str:
    parts = [p for p in path.split("/") if p]
    if len(parts) >= 3 and parts[1] == "new":
        return "/".join(parts[3:]) or "start"
    return "/".join(parts[1:]) or parts[0] if parts else "search"


def sign_in(page: Any, base: str) -> None:
    page.goto(f"{base}/sign-in/")
    page.get_by_label("Email address").fill(LINK_WORKER)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def results(page: Any, base: str) -> str:
    page.goto(f"{base}/?q=carers")
    page.wait_for_load_state()
    return urlparse(page.url).path


# The journey as it is now: shortlist from the results, then who, what and consent, check.


def walk_shortlist(page: Any, base: str, *, known: bool) -> dict[str, Any]:
    start = results(page, base)
    walker = Walker(page)
    walker.screen()
    for _, name, _ in SERVICES:
        walker.click(page.get_by_role("button", name=f"Add {name} to shortlist"))
        # As a person would, wait to see it added (with JavaScript the page does not reload).
        page.get_by_role("button", name=f"Remove {name} from shortlist").wait_for()
    banner = page.locator("#shortlist-banner")
    walker.type(banner.get_by_label("Who are you referring?"), KNOWN if known else NEW)
    walker.click(banner.get_by_role("button", name="Refer to these services"))
    if known:
        walker.click(page.get_by_role("button", name=f"Refer {KNOWN}"))
    else:
        walker.click(page.get_by_label("Phone", exact=True))
        walker.type(page.get_by_label("Phone number"), "07700 900456")
        walker.click(page.get_by_role("button", name="Continue"))
    walker.type(page.get_by_label("What do they need help with"), NEED)
    walker.click(page.get_by_label("In person"))
    walker.click(page.get_by_role("button", name="Continue"))
    walker.click(page.get_by_role("button", name="Send 3 referrals"))
    return walker.figures(start)


# The journey before the shortlist (issue 13's "before"): one service from the results, the
# other two searched for again inside the journey, consent asked per organisation.


def walk_before(page: Any, base: str, *, known: bool) -> dict[str, Any]:
    start = results(page, base)
    walker = Walker(page)
    walker.screen()
    first, *others = (name for _, name, _ in SERVICES)
    walker.click(page.get_by_role("link", name=f"Refer someone to {first}"))
    walker.type(page.get_by_label("Full name"), KNOWN if known else NEW)
    walker.click(page.get_by_role("button", name="Continue"))
    if known:
        walker.click(page.get_by_label(KNOWN))
        walker.click(page.get_by_role("button", name="Continue"))
    else:
        walker.click(page.get_by_label("Phone", exact=True))
        walker.type(page.get_by_label("Phone number"), "07700 900456")
        walker.click(page.get_by_role("button", name="Continue"))
    for name in others:
        walker.type(page.get_by_label("Search services by name or need"), name)
        walker.click(page.get_by_role("button", name="Search"))
        walker.click(page.get_by_role("button", name=f"Add {name}"))
    walker.click(page.get_by_role("button", name="Continue"))
    walker.type(page.get_by_label("What do they need help with"), NEED)
    walker.click(page.get_by_role("button", name="Continue"))
    for org, _, _ in SERVICES:
        walker.click(page.get_by_label(f"agreed to be referred to {org}"))
        walker.click(
            page.get_by_role(
                "group", name=f"How did they agree to sharing with {org}?"
            ).get_by_label("In person")
        )
    walker.click(page.get_by_role("button", name="Continue"))
    walker.click(page.get_by_role("button", name="Send 3 referrals"))
    return walker.figures(start)


def find_chromium() -> str:
    for candidate in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file():
            return candidate
    found = shutil.which("chromium")
    if not found:
        raise SystemExit("Chromium not found (set CHROMIUM_PATH or `apt-get install chromium`)")
    return found


def measure(
    code: Path, template: Path, walk: Any, browser: Any, *, javascript: bool = True
) -> dict[str, Any]:
    figures = {}
    for who in ("new_person", "known_person"):
        with tempfile.TemporaryDirectory() as tmp:
            database = Path(tmp) / "db.sqlite3"
            shutil.copy(template, database)
            server, base = serve(code, database)
            try:
                context = browser.new_context(
                    base_url=base, locale="en-GB", java_script_enabled=javascript
                )
                context.set_default_timeout(15_000)
                page = context.new_page()
                sign_in(page, base)
                figures[who] = walk(page, base, known=who == "known_person")
                context.close()
            finally:
                server.terminate()
                server.wait()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, help="an older checkout to walk as before")
    parser.add_argument("--seed", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    report: dict[str, Any] = {"journey": "search results to sent, 3 services, 3 organisations"}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=find_chromium(), args=CHROMIUM_ARGS, headless=True
        )
        runs = [("after", ROOT, walk_shortlist, True)]
        if args.before:
            runs.insert(0, ("before", args.before.resolve(), walk_before, True))
        # The same journey with JavaScript off: every "Add to shortlist" is a page load then.
        runs.append(("after_without_javascript", ROOT, walk_shortlist, False))
        for label, code, walk, javascript in runs:
            template = Path(tmp) / f"{label}.sqlite3"
            make_database(code, template)
            report[label] = measure(code, template, walk, browser, javascript=javascript)
        browser.close()
    report["aim"] = {"known_person": {"screens": 3, "clicks": 8}, "new_person": {"screens": 4}}
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
