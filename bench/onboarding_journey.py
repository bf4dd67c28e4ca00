"""Time to first referral (issue 14, item 5): screens, clicks, typed fields, page loads and
seconds of each role, walked in Chromium from "ask to join" to "first referral accepted".

    .venv/bin/python bench/onboarding_journey.py

The journey of tests/browser/test_onboarding.py, without its detours (no mistakes, no axe): a
charity asks to join; a partnership manager approves it; the charity's new admin sets a
password from the emailed link, lists a service (description, opening hours, a category, a
location by postcode, a phone number, referrals through joinedup) and publishes it, then
invites a colleague, who sets a password from the invitation; a practitioner of another
organisation finds the service by what a carer says (no word of its name), shortlists it and
refers someone; the colleague opens the emailed notice and accepts the referral.

Sets up a throwaway SQLite database (migrated; seeded with a partnership manager, a carers'
centre and its practitioner, a few categories and two other services, indexed), serves it with
`manage.py runserver` with search by meaning on (the model warmed by one search before the
clock starts, as a running app server has it) and emails written to the server's output, where
the links are read as a person reads them in their inbox. Counting is bench/refer_clicks.py's:
a mouse click on a button, link, radio or checkbox is one click (and so is opening a link from
an email), filling one field is one typed field, a document loaded in the tab is one page load,
and a screen is a distinct page (by path). Seconds are the machine's time for each role's
steps, a floor; a person's minutes are estimated by the Keystroke-Level Model (thinking,
pointing, clicking and typing; reading the pages is left out). Prints JSON.
"""

from __future__ import annotations

import email
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent))

from refer_clicks import CHROMIUM_ARGS, PYTHON, ROOT, Walker, find_chromium, free_port

PASSWORD = "bench-password-1"
MANAGER = "pam@partnership.example"
PRACTITIONER = "lin@carers.example"
CHARITY = "Ashdown Men's Shed"
ADMIN = "dev@mensshed.example"
COLLEAGUE = "sam@mensshed.example"
ADMIN_PASSWORD = "kettle orchard lantern puzzle"
COLLEAGUE_PASSWORD = "meadow copper violin harbour"
SERVICE = "Men's Shed woodwork group"
DESCRIPTION = (
    "Company for older men who live on their own: a cup of tea, a chat and making things "
    "from wood together, every Wednesday morning."
)
# No word of the service's name, description or category, nor a synonym: words alone find
# nothing for it, so it is found by meaning or not at all.
QUERY = "my widowed father needs a hobby and some mates"
AIM = {"new_organisation_staff": {"minutes": 10, "clicks": 60}}
# A path segment that is an id or a token (a uuid, a signed link): shown as "…".
ID_OR_TOKEN = re.compile(r"^(?:[0-9a-f]{8}-[0-9a-f-]{27}|[A-Za-z0-9_-]{20,})$")


def seed() -> None:
    """Run inside the checkout: the manager, the practitioner's centre, categories, and two
    services already listed (and indexed) that the query must not put first."""
    import django

    django.setup()
    from joinedup.core.models import User
    from joinedup.directory.models import Membership, Organization, Sector, Service, TaxonomyTerm
    from joinedup.partnerships.models import Partnership, PartnershipMember
    from joinedup.search.services import rebuild_index

    manager = User.objects.create_user(
        email=MANAGER, password=PASSWORD, is_partnership_manager=True
    )
    centre = Organization.objects.create(name="Ashdown Carers Centre", sector=Sector.VCS)
    # A manager's rights reach her own partnership's members (ADR 33); the charity that asks
    # to join is added to it when she approves.
    partnership = Partnership.objects.create(name="Ashdown Partnership")
    partnership.managers.add(manager)
    PartnershipMember.objects.create(partnership=partnership, organization=centre)
    user = User.objects.create_user(email=PRACTITIONER, password=PASSWORD)
    Membership.objects.create(user=user, organization=centre, role=Membership.Role.MEMBER)
    social = TaxonomyTerm.objects.create(name="Social activities")
    TaxonomyTerm.objects.create(name="Befriending", parent=social)
    TaxonomyTerm.objects.create(name="Money and debt")
    housing = Organization.objects.create(name="Brookfield Housing", sector=Sector.HOUSING)
    for organisation, name, description in (
        (housing, "Debt advice drop-in", "Help with rent arrears, bills and money worries."),
        (centre, "Carers' memory café", "A café for carers and people with dementia."),
    ):
        Service.objects.create(organization=organisation, name=name, description=description)
    rebuild_index()


def _env(database: Path, site: str = "") -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "joinedup.settings",
            "DATABASE_URL": f"sqlite:///{database}",
            "JOINEDUP_SEMANTIC_SEARCH": "1",  # found by meaning: part of the journey
            "DEBUG": "1",
            "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
            "LOG_LEVEL": "ERROR",
            "PYTHONUNBUFFERED": "1",
        }
    )
    if site:
        env["SITE_URL"] = site
    return env


def make_database(database: Path) -> None:
    env = _env(database)
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    subprocess.run(
        [
            PYTHON,
            "-c",
            f"import sys; sys.path.insert(0, {str(ROOT / 'bench')!r}); "
            "import onboarding_journey; onboarding_journey.seed()",
        ],
        cwd=ROOT,
        env={**env, "PYTHONPATH": str(ROOT)},
        check=True,
    )


def serve(database: Path, output: Path) -> tuple[subprocess.Popen[bytes], str]:
    import socket

    port = free_port()
    site = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [PYTHON, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=_env(database, site),
        stdout=output.open("wb"),
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return server, site
        time.sleep(0.2)
    server.kill()
    raise RuntimeError("the server did not start")


def emailed_link(output: Path, to: str, *, wait: float = 10.0) -> str | None:
    """The first link in the latest email to `to` that the server wrote (as its inbox shows)."""
    deadline = time.time() + wait
    while time.time() < deadline:
        chunks = output.read_text(errors="replace").split("-" * 79)
        for chunk in reversed(chunks):
            # The headers start the message (the server's own lines may come before).
            start = chunk.find("Content-Type:")
            message = email.message_from_string(chunk[max(start, 0) :])
            if to not in str(message.get("To", "")):
                continue
            part = next(p for p in message.walk() if not p.is_multipart())
            body = part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
            found = re.search(r"https?://\S+", body)
            if found:
                return found.group(0)
        time.sleep(0.2)
    return None


def _masked(path: str) -> str:
    return "/".join("…" if ID_OR_TOKEN.match(part) else part for part in path.split("/"))


class Role(Walker):
    """Walker with each step's seconds added up, and links opened from an email."""

    def __init__(self, page: Any) -> None:
        super().__init__(page)
        self.seconds = 0.0
        self.characters = 0

    def timed(self, action: Any, *args: Any) -> None:
        started = time.perf_counter()
        action(*args)
        self.seconds += time.perf_counter() - started

    def click(self, locator: Any) -> None:
        self.timed(super().click, locator)

    def type(self, locator: Any, text: str) -> None:
        self.characters += len(text)
        self.timed(super().type, locator, text)

    def person_seconds(self) -> float:
        """Keystroke-Level Model (Card, Moran and Newell): think 1.35 s before each click or
        field, point 1.1 s and press 0.2 s (a field is pointed at too), 0.28 s per character
        typed. Reading the pages is not in it."""
        actions = self.clicks + self.typed
        return actions * (1.35 + 1.1) + self.clicks * 0.2 + self.characters * 0.28

    def open(self, url: str) -> None:
        """Open a link (from an email, or the site's address typed): one click."""

        def go() -> None:
            self.clicks += 1
            self.page.goto(url)
            self.page.wait_for_load_state()
            self.screen()

        self.timed(go)

    def wait_for(self, locator: Any) -> None:
        self.timed(locator.wait_for)

    def result(self) -> dict[str, Any]:
        names = list(dict.fromkeys(_masked(s) for s in self.screens))
        return {
            "screens": len(names),
            "clicks": self.clicks,
            "typed_fields": self.typed,
            "page_loads": self.loads,
            "seconds": round(self.seconds, 1),
            "person_minutes_estimate": round(self.person_seconds() / 60, 1),
            "screen_names": names,
        }


def sign_in(role: Role, email_address: str, password: str) -> None:
    page = role.page
    role.type(page.get_by_label("Email address"), email_address)
    role.type(page.get_by_label("Password"), password)
    role.click(page.get_by_role("button", name="Sign in"))


def ask_to_join(staff: Role, base: str) -> None:
    page = staff.page
    staff.open(f"{base}/")
    staff.click(page.get_by_role("link", name="Ask for your organisation to join"))
    staff.type(page.get_by_label("Name of your organisation"), CHARITY)
    staff.click(page.get_by_label("Voluntary and community"))
    staff.type(page.get_by_label("Registered charity number (if it has one)"), "1123456")
    staff.type(page.get_by_label("Your full name"), "Dev Patel")
    staff.type(page.get_by_label("Your work email address"), ADMIN)
    staff.click(page.get_by_role("button", name="Send request"))
    staff.wait_for(page.get_by_role("heading", name="Request sent"))


def manager_approves(manager: Role, base: str, output: Path) -> None:
    page = manager.page
    # The partnership manager is told by email, and opens its link.
    link = emailed_link(output, MANAGER)
    assert link, "no email about the request reached the partnership manager"
    manager.open(link)
    if "/sign-in/" in page.url:
        sign_in(manager, MANAGER, PASSWORD)
    if urlparse(page.url).path == "/join/requests/":
        manager.click(page.get_by_role("link", name=CHARITY))
    manager.click(page.get_by_label("Approve", exact=True))
    manager.click(page.get_by_role("button", name="Save decision"))
    manager.wait_for(page.get_by_text(f"{CHARITY} has joined"))


def set_password(staff: Role, output: Path) -> None:
    page = staff.page
    link = emailed_link(output, ADMIN)
    assert link, "no email with a link reached the new admin"
    staff.open(link)
    staff.type(page.get_by_label("New password", exact=True), ADMIN_PASSWORD)
    staff.type(page.get_by_label("Type the new password again"), ADMIN_PASSWORD)
    staff.click(page.get_by_role("button", name="Set password and sign in"))


def list_the_service(staff: Role) -> None:
    page = staff.page
    staff.click(page.get_by_role("link", name="Your organisation\u2019s services and people"))
    staff.click(page.get_by_role("link", name=f"Add a service to {CHARITY}"))
    staff.type(page.get_by_label("Service name"), SERVICE)
    staff.type(page.get_by_label("What the service does"), DESCRIPTION)
    staff.click(page.get_by_role("button", name="Start the listing"))
    save = page.get_by_role("button", name="Save and continue")
    staff.click(page.get_by_role("link", name="Opening hours"))
    staff.type(page.get_by_label("Wednesday opens"), "9:30am")
    staff.type(page.get_by_label("Wednesday closes"), "12:30pm")
    staff.click(save)
    staff.click(page.get_by_role("link", name="Categories"))
    staff.click(page.get_by_label("Befriending"))
    staff.click(save)
    staff.click(page.get_by_role("link", name="Add a location"))
    staff.type(page.get_by_label("Name of the place"), "The Shed")
    staff.type(page.get_by_label("Address line 1"), "Unit 3, Mill Lane")
    staff.type(page.get_by_label("Town or city"), "Bristol")
    staff.type(page.get_by_label("Postcode"), "BS5 6XX")
    staff.click(page.get_by_role("button", name="Add location"))
    staff.click(page.get_by_role("link", name="Phone, email and website"))
    staff.type(page.get_by_label("Phone number (optional)", exact=True), "0117 496 0000")
    staff.click(save)
    staff.click(page.get_by_role("link", name="How people are referred"))
    staff.click(page.get_by_label("Referral through joinedup"))
    staff.click(page.get_by_role("button", name=re.compile("^Save")))
    staff.click(page.get_by_role("link", name=re.compile("^Your listing")))
    staff.click(page.get_by_role("link", name="Preview the listing"))
    staff.click(page.get_by_role("button", name="Publish"))
    staff.wait_for(page.get_by_text("is published: people can find it now"))


def invite(staff: Role) -> None:
    page = staff.page
    # From the published service page, back to the organisation's page by the header.
    staff.click(page.get_by_role("link", name="Your services").first)
    staff.click(page.get_by_role("link", name=f"People in {CHARITY}"))
    staff.click(page.get_by_role("link", name="Invite someone"))
    staff.type(page.get_by_label("Email address"), COLLEAGUE)
    staff.click(page.get_by_label(re.compile("^Member")))
    staff.click(page.get_by_role("button", name="Send invitation"))
    staff.wait_for(page.get_by_text(f"Invitation sent to {COLLEAGUE}"))


def colleague_joins(colleague: Role, output: Path) -> None:
    page = colleague.page
    link = emailed_link(output, COLLEAGUE)
    assert link, "no invitation reached the colleague"
    colleague.open(link)
    colleague.type(page.get_by_label("Your full name"), "Sam Okafor")
    colleague.type(page.get_by_label("Choose a password", exact=True), COLLEAGUE_PASSWORD)
    colleague.type(page.get_by_label("Type the password again"), COLLEAGUE_PASSWORD)
    colleague.click(page.get_by_role("button", name=f"Join {CHARITY}"))
    colleague.wait_for(page.get_by_text(f"You have joined {CHARITY}"))


def practitioner_refers(practitioner: Role, base: str) -> float:
    """Returns the seconds from the search to the service shown first."""
    page = practitioner.page
    practitioner.open(f"{base}/sign-in/")
    sign_in(practitioner, PRACTITIONER, PASSWORD)
    practitioner.open(f"{base}/")
    searched = time.perf_counter()
    practitioner.type(page.get_by_label("What do you need help with?"), QUERY)
    practitioner.click(page.get_by_role("button", name="Search"))
    first = page.locator(".app-card").first.get_by_role("link").first
    practitioner.wait_for(first)
    found_in = time.perf_counter() - searched
    assert first.text_content() == SERVICE, first.text_content()
    practitioner.click(page.get_by_role("button", name=f"Add {SERVICE} to shortlist"))
    practitioner.wait_for(page.get_by_role("button", name=f"Remove {SERVICE} from shortlist"))
    banner = page.locator("#shortlist-banner")
    practitioner.type(banner.get_by_label("Who are you referring?"), "Frank Miller")
    practitioner.click(banner.get_by_role("button", name="Refer to these services"))
    practitioner.click(page.get_by_label("Phone", exact=True))
    practitioner.type(page.get_by_label("Phone number"), "07700 900456")
    practitioner.click(page.get_by_role("button", name="Continue"))
    practitioner.type(
        page.get_by_label("What do they need help with"),
        "Lonely since his wife died; would like something to do with his hands",
    )
    practitioner.click(page.get_by_label("In person"))
    practitioner.click(page.get_by_role("button", name="Continue"))
    practitioner.click(page.get_by_role("button", name="Send referral"))
    practitioner.wait_for(page.locator(".govuk-panel"))
    return found_in


def colleague_accepts(colleague: Role, base: str, output: Path) -> bool:
    """Returns whether the colleague was told by email (else they went to the site)."""
    page = colleague.page
    page.context.clear_cookies()  # another day: signed out
    link = emailed_link(output, COLLEAGUE)
    told = bool(link) and "/referrals/" in str(link)
    colleague.open(str(link) if told else f"{base}/sign-in/")
    sign_in(colleague, COLLEAGUE, COLLEAGUE_PASSWORD)
    if "/referrals/" not in page.url or "inbox" in page.url:
        colleague.click(page.get_by_role("link", name=re.compile("^Frank Miller")))
    colleague.click(page.get_by_role("button", name="Accept"))
    colleague.wait_for(page.get_by_text("Referral accepted"))
    return told


def walk(browser: Any, base: str, output: Path) -> dict[str, Any]:
    def role() -> Role:
        context = browser.new_context(base_url=base, locale="en-GB")
        context.set_default_timeout(30_000)
        return Role(context.new_page())

    admin, manager, colleague, practitioner = role(), role(), role(), role()
    started = time.perf_counter()
    ask_to_join(admin, base)
    manager_approves(manager, base, output)
    set_password(admin, output)
    list_the_service(admin)
    invite(admin)
    colleague_joins(colleague, output)
    found_in = practitioner_refers(practitioner, base)
    told = colleague_accepts(colleague, base, output)
    elapsed = time.perf_counter() - started
    staff = [admin.result(), colleague.result()]
    together = {key: sum(r[key] for r in staff) for key in ("clicks", "typed_fields", "page_loads")}
    together["screens"] = len({s for r in staff for s in r["screen_names"]})
    together["seconds"] = round(admin.seconds + colleague.seconds, 1)
    together["person_minutes_estimate"] = round(
        (admin.person_seconds() + colleague.person_seconds()) / 60, 1
    )
    for walker in (admin, manager, colleague, practitioner):
        walker.page.context.close()
    return {
        "new_organisation_staff": {
            **together,
            "admin": admin.result(),
            "colleague": colleague.result(),
        },
        "partnership_manager": manager.result(),
        "practitioner": {
            **practitioner.result(),
            "found_by_meaning_in_seconds": round(found_in, 2),
        },
        "colleague_told_by_email": told,
        "wall_clock_seconds_end_to_end": round(elapsed, 1),
    }


def warm(base: str) -> None:
    """One search, so the server has its sentence model loaded (as a running app server has)."""
    import urllib.request

    with urllib.request.urlopen(f"{base}/?q=warm+up", timeout=120) as response:
        response.read()


def main() -> None:
    from playwright.sync_api import sync_playwright

    report: dict[str, Any] = {"journey": "ask to join to first referral accepted, by pages alone"}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        database = Path(tmp) / "db.sqlite3"
        output = Path(tmp) / "server.out"
        make_database(database)
        server, base = serve(database, output)
        try:
            warm(base)
            browser = playwright.chromium.launch(
                executable_path=find_chromium(), args=CHROMIUM_ARGS, headless=True
            )
            report.update(walk(browser, base, output))
            browser.close()
        finally:
            server.terminate()
            server.wait()
    staff = report["new_organisation_staff"]
    report["aim"] = AIM
    report["within_aim"] = staff["clicks"] < 60 and staff["person_minutes_estimate"] < 10
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
