"""Demo logins, one for each role. Invented people; everyone shares one easy password."""

from __future__ import annotations

from dataclasses import dataclass

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
        "Member (carers support worker)",
        org="carers-centre",
        membership="member",
    ),
    DemoUser(
        "rhian.bell@example.org",
        "Rhian",
        "Bell",
        "Member (GP link worker)",
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
