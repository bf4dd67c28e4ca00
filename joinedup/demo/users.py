"""Demo logins, one for each role, and a receiving-team login for every other organisation.
Invented people; everyone shares one easy password."""

from __future__ import annotations

from dataclasses import dataclass

from joinedup.demo.organisations import ORGS

# Shown on the screen by `joinedup demo_logins`: a demo must be easy to try. Never used outside
# the demo place.
DEMO_PASSWORD = "demo-password-2026"


@dataclass(frozen=True)
class DemoUser:
    email: str
    first_name: str
    last_name: str
    role: str  # what demo_logins shows
    org: str = ""  # organisation key
    membership: str = ""  # "admin" or "member"
    partnership_manager: bool = False
    superuser: bool = False


DEMO_USERS: list[DemoUser] = [
    DemoUser(
        "morgan.ellery@example.org",
        "Morgan",
        "Ellery",
        "Partnership manager",
        partnership_manager=True,
    ),
    DemoUser(
        "jo.whitfield@example.org",
        "Jo",
        "Whitfield",
        "Organisation admin",
        org="carers-centre",
        membership="admin",
    ),
    DemoUser(
        "sam.okafor@example.org",
        "Sam",
        "Okafor",
        "Receiving team member (carers support worker)",
        org="carers-centre",
        membership="member",
    ),
    DemoUser(
        "rhian.bell@example.org",
        "Rhian",
        "Bell",
        "Practitioner (GP link worker)",
        org="eastfield-health",
        membership="member",
    ),
    DemoUser(
        "dev.sharma@example.org",
        "Dev",
        "Sharma",
        "Organisation admin (housing options)",
        org="council",
        membership="admin",
    ),
    DemoUser(
        "grace.adebayo@example.org",
        "Grace",
        "Adebayo",
        "Organisation admin",
        org="food-bank",
        membership="admin",
    ),
    DemoUser(
        "tom.hollis@example.org",
        "Tom",
        "Hollis",
        "Member (safe and well officer)",
        org="fire",
        membership="member",
    ),
    DemoUser(
        "admin@example.org",
        "Demo",
        "Administrator",
        "Superuser (Django admin)",
        superuser=True,
    ),
]


def _team_logins() -> list[DemoUser]:
    """One login for each organisation no one above belongs to, as its admin: every demo
    organisation then has someone to answer its referrals (a referral to an organisation with
    no active users reaches no one, and is not offered) and to receive its listing reminders."""
    covered = {person.org for person in DEMO_USERS}
    return [
        DemoUser(
            f"team.{org.key}@example.org",
            "Referrals team",
            org.name[:150],
            "Receiving team (organisation admin)",
            org=org.key,
            membership="admin",
        )
        for org in ORGS
        if org.key not in covered
    ]


TEAM_USERS: list[DemoUser] = _team_logins()
