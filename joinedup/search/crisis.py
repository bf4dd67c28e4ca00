"""Crisis help: what the crisis panel lists, the partnership's own crisis contacts (kept by its
managers), and "Exit this page" carried from an abuse-related search to the pages opened from
it (ADR 13)."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Max, QuerySet
from django.http import HttpRequest
from django.urls import reverse

from joinedup.core import audit, exit_page
from joinedup.core.models import User
from joinedup.directory.models import Attribute, Service, ServiceStatus, TaxonomyTerm
from joinedup.directory.permissions import require_place_manager
from joinedup.search import needs, situations
from joinedup.search.models import CrisisContact
from joinedup.search.safety import (
    KINDS,
    NO_SIGNAL,
    Signal,
    assess,
    assess_category,
    reported_kinds,
)

# When managers have configured none, the panel lists this many of the directory's services
# filed under a crisis category.
DEFAULT_LOCAL = 3


@dataclass(frozen=True)
class Contact:
    name: str
    phone: str
    description: str = ""
    url: str = ""
    national: bool = False

    @property
    def tel(self) -> str:
        """The number for a `tel:` link: digits, and a leading + if there is one."""
        digits = re.sub(r"[^0-9]", "", self.phone)
        return f"+{digits}" if self.phone.strip().startswith("+") else digits


NHS_111 = Contact(
    "NHS 111",
    "111",
    "Choose option 2 for urgent help with your mental health. Free, any time, day or night.",
    "https://111.nhs.uk",
    national=True,
)
# For a medical emergency 111 comes first, as the number for urgent help short of 999.
NHS_111_URGENT = Contact(
    "NHS 111",
    "111",
    "Urgent medical help when it is not a 999 emergency. Choose option 2 for urgent help with"
    " your mental health. Free, any time, day or night.",
    "https://111.nhs.uk",
    national=True,
)
SAMARITANS = Contact(
    "Samaritans",
    "116 123",
    "Someone to talk to. Free, any time, day or night.",
    "https://www.samaritans.org",
    national=True,
)
DOMESTIC_ABUSE_HELPLINE = Contact(
    "National Domestic Abuse Helpline",
    "0808 2000 247",
    "Free and confidential, any time, day or night.",
    "https://www.nationaldahelpline.org.uk",
    national=True,
)
# For a child at risk, and the adults worried about one (ADR 13, fifteenth session): listed only
# when the words name a child, or are a child's own about a parent or carer.
CHILDLINE = Contact(
    "Childline",
    "0800 1111",
    "For children and young people under 19, about anything. Free and confidential; the call"
    " does not show on the phone bill.",
    "https://www.childline.org.uk",
    national=True,
)
NSPCC_HELPLINE = Contact(
    "NSPCC Helpline",
    "0808 800 5000",
    "For adults worried about a child. Free, and you do not have to give your name.",
    "https://www.nspcc.org.uk",
    national=True,
)
# For a crime by someone not close to the person (a stranger's attack, a neighbour's threat):
# listed after NHS 111, where the abuse helpline would otherwise lead (ADR 13, sixteenth
# session).
VICTIM_SUPPORT = Contact(
    "Victim Support",
    "08 08 16 89 111",
    "For anyone affected by crime, whether or not it was reported to the police. Free, any"
    " time, day or night.",
    "https://www.victimsupport.org.uk",
    national=True,
)
# Who comes first for each kind of risk; every national number is always listed.
NATIONAL_DEFAULT = (SAMARITANS, NHS_111, DOMESTIC_ABUSE_HELPLINE)
NATIONAL_ORDER = {
    "abuse": (DOMESTIC_ABUSE_HELPLINE, NHS_111, SAMARITANS),
    # Someone not named as a partner or relative attacking, armed or breaking in: after 999, NHS
    # 111 for the injured, Samaritans to talk to; the abuse helpline is still listed, not first
    # (ADR 13, fourteenth session). An attack by a partner, an ex or a relative is abuse's.
    "attack": (NHS_111_URGENT, VICTIM_SUPPORT, SAMARITANS, DOMESTIC_ABUSE_HELPLINE),
    "fire": (NHS_111_URGENT, SAMARITANS, DOMESTIC_ABUSE_HELPLINE),
    "danger": (DOMESTIC_ABUSE_HELPLINE, NHS_111, SAMARITANS),
    "medical": (NHS_111_URGENT, SAMARITANS, DOMESTIC_ABUSE_HELPLINE),
    "suicide": NATIONAL_DEFAULT,
    "self_harm": NATIONAL_DEFAULT,
    "crisis": NATIONAL_DEFAULT,
    # A cold home with a baby, a young person put out, days without food: a risk to health, not
    # from a person near; 999 stays the panel's first words where life is at risk (ADR 13,
    # thirteenth session).
    "exposure": (NHS_111_URGENT, SAMARITANS, DOMESTIC_ABUSE_HELPLINE),
}


@dataclass(frozen=True)
class CrisisHelp:
    """What the crisis panel (and the API's `crisis` object) shows for a signal."""

    signal: Signal = NO_SIGNAL
    national: tuple[Contact, ...] = ()
    local: tuple[Contact, ...] = ()
    kinds_text: str = ""
    silent_call: bool = False
    contacts: tuple[Contact, ...] = field(default=(), init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "contacts", (*self.national, *self.local))

    @property
    def shown(self) -> bool:
        return self.signal.shown

    @property
    def kinds(self) -> tuple[str, ...]:
        return self.signal.kinds

    @property
    def exit_page(self) -> bool:
        return self.signal.exit_page

    @property
    def medical_first(self) -> bool:
        """Whether the most urgent kind is a medical emergency (no danger from a person): the
        panel then says to call 999 for someone seriously ill or injured."""
        return bool(self.signal.kinds) and self.signal.leading[0] == "medical"

    @property
    def fire_first(self) -> bool:
        """Whether the most urgent kind is a fire (no one attacking): the panel then says to
        get everyone out, stay out and call 999 for the fire service."""
        return bool(self.signal.kinds) and self.signal.leading[0] == "fire"

    @property
    def fire(self) -> bool:
        """Whether a fire was read at all: the panel says what to do if you cannot get out."""
        return "fire" in self.signal.kinds

    def as_json(self) -> dict[str, Any]:
        return {
            "shown": self.shown,
            # The API's schema lists six kinds: a sort of danger is reported as "danger".
            "kinds": list(reported_kinds(self.kinds)),
            "exit_this_page": self.exit_page,
            "contacts": [
                {
                    "name": c.name,
                    "phone": c.phone,
                    "description": c.description,
                    "url": c.url,
                    "national": c.national,
                }
                for c in self.contacts
            ],
        }


def crisis_help(signal: Signal, text: str = "") -> CrisisHelp:
    """The panel for a signal: nothing when nothing was signalled. `text`, what was typed, says
    whether a child is at risk (`_for_children`)."""
    if not signal.shown:
        return CrisisHelp()
    # The help for what the reviewed patterns read leads; the model's reading adds to it.
    national = next(
        (_national_order(k, signal) for k in signal.leading if k in NATIONAL_ORDER), None
    )
    if text:
        national = _for_a_crime(national or NATIONAL_DEFAULT, signal, text)
        national = _for_children(national, signal, text)
    return CrisisHelp(
        signal=signal,
        national=national or NATIONAL_DEFAULT,
        local=tuple(local_contacts()),
        silent_call=_silent_call(set(signal.worded or signal.kinds)),
    )


# Every national number, in a fixed order: what a session keeps of a panel (`remembered`).
ALL_NATIONAL = (
    NHS_111,
    NHS_111_URGENT,
    SAMARITANS,
    DOMESTIC_ABUSE_HELPLINE,
    CHILDLINE,
    NSPCC_HELPLINE,
    VICTIM_SUPPORT,
)


def remembered(help_: CrisisHelp) -> dict[str, Any]:
    """What a session keeps of a panel to show it again on the next page (the confirmation of
    a request for help): the kinds and the numbers in their order, never the words typed."""
    return {
        "kinds": list(help_.signal.kinds),
        "worded": list(help_.signal.worded),
        "exit_page": help_.exit_page,
        "national": [ALL_NATIONAL.index(c) for c in help_.national if c in ALL_NATIONAL],
        "silent_call": help_.silent_call,
    }


def recalled(kept: object) -> CrisisHelp:
    """The panel a session kept (`remembered`), with the partnership's contacts as they are
    now; nothing when none was kept."""
    if isinstance(kept, list) and len(kept) == 2:  # kept before the numbers' order was
        return crisis_help(Signal(kinds=tuple(kept[0]), exit_page=bool(kept[1])))
    if not isinstance(kept, dict) or not kept.get("kinds"):
        return CrisisHelp()
    signal = Signal(
        kinds=tuple(k for k in KINDS if k in kept["kinds"]),
        exit_page=bool(kept.get("exit_page")),
        worded=tuple(k for k in KINDS if k in kept.get("worded", ())),
    )
    national = tuple(
        ALL_NATIONAL[i]
        for i in kept.get("national", ())
        if isinstance(i, int) and 0 <= i < len(ALL_NATIONAL)
    )
    return CrisisHelp(
        signal=signal,
        national=national or NATIONAL_DEFAULT,
        local=tuple(local_contacts()),
        silent_call=bool(kept.get("silent_call")),
    )


def _national_order(kind: str, signal: Signal) -> tuple[Contact, ...]:
    """The national numbers in the order for a kind: an attack by a partner, an ex or a
    relative leads with the domestic abuse helpline, as abuse does."""
    if kind == "attack" and signal.close:
        return NATIONAL_ORDER["abuse"]
    return NATIONAL_ORDER[kind]


def _for_a_crime(national: tuple[Contact, ...], signal: Signal, text: str) -> tuple[Contact, ...]:
    """Harm or a threat the words read as abuse or danger, by people named who are not close to
    the writer ("my neighbour is threatening to kill me", "some lads keep threatening me"):
    Victim Support leads, the abuse helpline is still listed."""
    lead = signal.leading[0] if signal.leading else ""
    if lead not in {"abuse", "danger"} or lead not in signal.worded or signal.close:
        return national
    if not situations.harmed_by_someone_not_close(text):
        return national
    return (VICTIM_SUPPORT, *(c for c in national if c is not VICTIM_SUPPORT))


# Kinds of harm from a person: a child harmed or in danger is a safeguarding matter.
HARM_KINDS = frozenset({"abuse", "danger", "attack"})
# Kinds for which a child named in the words adds Childline (a child's own thoughts of suicide
# or self-harm: the parent or teacher who typed it can pass the number on).
CHILD_KINDS = HARM_KINDS | {"suicide", "self_harm", "crisis"}
# Kinds that, leading, keep their own numbers first whoever is named.
EMERGENCY_KINDS = frozenset({"fire", "medical"})


def _for_children(national: tuple[Contact, ...], signal: Signal, text: str) -> tuple[Contact, ...]:
    """The national numbers when a child is at risk. A child's own words about a parent or
    carer harming them lead with Childline; an adult's words about a child harmed or in
    danger lead with the NSPCC Helpline (after the domestic abuse helpline where the writer's
    partner, an ex or a relative is named) and list Childline; a child's thoughts of suicide
    or self-harm list Childline after the rest. Nothing changes for other kinds (a child who
    swallowed bleach is the medical emergency's) or when no child is named."""
    kinds = set(signal.kinds)
    lead = signal.leading[0] if signal.leading else ""
    # A fire or a medical emergency read in the words is the emergency's, a child there or not
    # ("kitchen on fire kids are upstairs"): its numbers stay first and nothing is added.
    if not kinds & CHILD_KINDS or lead in EMERGENCY_KINDS:
        return national
    # Danger read beside thoughts of suicide is the person's own ("wants to kill herself"); a
    # child put out or in a cold home is in danger from where they are, not from a person.
    # Harm is what the patterns read when they read anything: the model also reads "my lad has
    # been self harming" close to abuse, and the NSPCC would lead a child's self-harm.
    read = set(signal.worded) or kinds
    harmed = lead != "exposure" and (
        bool(read & {"abuse", "attack"})
        or ("danger" in read and not read & (CHILD_KINDS - HARM_KINDS))
    )
    if harmed and needs.a_childs_own_words(text):
        return (CHILDLINE, *national)
    if not needs.understand(text).about_a_child:
        return national
    if not harmed:
        return (*national, CHILDLINE)
    # The writer's partner or ex (or a relative) named: the adult writing may be at risk too, so
    # the help for the kind read (the abuse helpline) stays first and the NSPCC comes next.
    if signal.close or situations.writers_partner_named(text):
        return (*national[:1], NSPCC_HELPLINE, *national[1:], CHILDLINE)
    return (NSPCC_HELPLINE, *national, CHILDLINE)


def _silent_call(kinds: set[str]) -> bool:
    """Whether the panel tells how to make a silent 999 call (press 55): for someone who may
    not be able to speak because a person is near (abuse, an attack, danger unnamed), not for
    a fire alone, where the caller must speak to be sent the fire service, nor for a cold home
    or a young person put out ("exposure"), where no one near is the danger."""
    if kinds & {"abuse", "attack"}:
        return True
    return "danger" in kinds and "fire" not in kinds


def category_names(term_id: uuid.UUID | str | None) -> list[str]:
    """The names of a chosen category and of its parents (a child of "Domestic abuse" is
    about abuse whatever its own name says)."""
    names: list[str] = []
    seen: set[object] = set()
    current = term_id
    while current and current not in seen and len(names) < 10:
        seen.add(current)
        row = TaxonomyTerm.objects.filter(pk=current).values_list("name", "parent_id").first()
        if row is None:
            break
        names.append(row[0])
        current = row[1]
    return names


def assess_search(text: str, term_id: uuid.UUID | str | None = None) -> Signal:
    """The signal of a search: what was typed and the chosen category."""
    return assess(text or "", category_names=category_names(term_id) if term_id else ())


# The partnership's own crisis contacts.


def _crisis_term_ids() -> set[uuid.UUID]:
    named = TaxonomyTerm.objects.filter(name__icontains="crisis").values_list("pk", "name")
    roots = [pk for pk, name in named if "crisis" in assess_category(name).kinds]
    return TaxonomyTerm.objects.descendant_ids(roots) if roots else set()


def _service_contact(service: Service) -> Contact:
    phone = next((p.number for p in service.phones.all() if p.number), "")
    return Contact(
        service.name,
        phone,
        service.description[:200].rsplit(" ", 1)[0] + "…"
        if len(service.description) > 200
        else service.description,
        reverse("directory:view-service", args=[service.pk]),
    )


def default_local_contacts() -> list[Contact]:
    """Up to three active, published services filed under a category whose name says crisis
    (for example "Crisis support"): the panel's local help until managers set their own."""
    term_ids = _crisis_term_ids()
    if not term_ids:
        return []
    filed = Attribute.objects.filter(link_entity="service", taxonomy_term_id__in=term_ids)
    services = (
        Service.objects.published()
        .filter(status=ServiceStatus.ACTIVE, pk__in=filed.values("link_id"))
        .prefetch_related("phones")
        .order_by("name", "pk")[:DEFAULT_LOCAL]
    )
    return [_service_contact(s) for s in services]


def local_contacts() -> list[Contact]:
    """The managers' active crisis contacts in their order, or the default."""
    configured = list(CrisisContact.objects.shown().select_related("service"))
    if not configured:
        return default_local_contacts()
    return [
        Contact(
            c.name,
            c.phone,
            c.description,
            c.url
            or (reverse("directory:view-service", args=[c.service_id]) if c.service_id else ""),
        )
        for c in configured
    ]


# "Exit this page", carried in the session from an abuse-related search (kept in core).


def remember_exit(request: HttpRequest, signal: Signal) -> None:
    """After a search: keep "Exit this page" on the next pages if it signalled abuse."""
    exit_page.remember_exit(request, wanted=signal.exit_page)


# Use cases: partnership managers keep the crisis contacts.


def _require_manager(actor: User) -> None:
    require_place_manager(actor, "the crisis contacts")


def _details(contact: CrisisContact) -> dict[str, object]:
    return {
        "name": contact.name,
        "phone": contact.phone,
        "description": contact.description,
        "url": contact.url,
        "service": str(contact.service_id) if contact.service_id else None,
        "order": contact.order,
        "active": contact.active,
    }


FIELDS = ("name", "phone", "description", "url", "service", "active")


@transaction.atomic
def add_crisis_contact(
    *,
    actor: User,
    name: str,
    phone: str = "",
    description: str = "",
    url: str = "",
    service: Service | None = None,
    active: bool = True,
) -> CrisisContact:
    """Add a crisis contact at the end of the panel's list."""
    _require_manager(actor)
    last = CrisisContact.objects.aggregate(last=Max("order"))["last"]
    contact = CrisisContact.objects.create(
        name=name,
        phone=phone,
        description=description,
        url=url,
        service=service,
        active=active,
        order=0 if last is None else last + 1,
    )
    audit.record("crisis_contact.added", actor=actor, target=contact, details=_details(contact))
    return contact


@transaction.atomic
def change_crisis_contact(
    *, actor: User, contact: CrisisContact, changes: dict[str, object]
) -> CrisisContact:
    """Change a crisis contact's details (name, phone, description, url, service, active)."""
    _require_manager(actor)
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise ValueError(f"Not a crisis contact field: {', '.join(sorted(unknown))}")
    before = _details(contact)
    for name, value in changes.items():
        setattr(contact, name, value)
    contact.save(update_fields=[*changes, "updated_at"])
    after = _details(contact)
    changed = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    audit.record("crisis_contact.changed", actor=actor, target=contact, details=changed)
    return contact


@transaction.atomic
def move_crisis_contact(*, actor: User, contact: CrisisContact, up: bool) -> None:
    """Move a contact one place up or down the panel's list."""
    _require_manager(actor)
    ordered = list(CrisisContact.objects.select_for_update().order_by("order", "pk"))
    at = next(i for i, c in enumerate(ordered) if c.pk == contact.pk)
    to = at - 1 if up else at + 1
    if not 0 <= to < len(ordered):
        return
    ordered[at], ordered[to] = ordered[to], ordered[at]
    for position, row in enumerate(ordered):
        if row.order != position:
            row.order = position
            row.save(update_fields=["order"])
    audit.record(
        "crisis_contact.moved",
        actor=actor,
        target=contact,
        details={"from": at + 1, "to": to + 1},
    )


@transaction.atomic
def remove_crisis_contact(*, actor: User, contact: CrisisContact) -> None:
    """Remove a crisis contact from the panel for good."""
    _require_manager(actor)
    details = _details(contact)
    audit.record("crisis_contact.removed", actor=actor, target=contact, details=details)
    contact.delete()


def crisis_services() -> QuerySet[Service]:
    """The services a contact may link to: published ones filed under a crisis category."""
    filed = Attribute.objects.filter(link_entity="service", taxonomy_term_id__in=_crisis_term_ids())
    return (
        Service.objects.published()
        .filter(pk__in=filed.values("link_id"))
        .select_related("organization")
        .order_by("name", "pk")
    )
