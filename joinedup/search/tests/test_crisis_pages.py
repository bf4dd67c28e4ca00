"""The crisis panel on the search page and the API; "Exit this page"
carried from an abuse search to the service page; the managers' crisis contacts pages."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from jsonschema import Draft202012Validator

from joinedup.core import exit_page
from joinedup.core.models import AuditEvent
from joinedup.directory.models import Phone, TaxonomyTerm
from joinedup.search import crisis
from joinedup.search.models import CrisisContact
from joinedup.search.services import rebuild_index

pytestmark = pytest.mark.django_db

PANEL = 'id="crisis-help"'


@pytest.fixture
def terms(db) -> dict[str, TaxonomyTerm]:
    mental = TaxonomyTerm.objects.create(name="Mental health")
    return {
        "crisis": TaxonomyTerm.objects.create(name="Crisis support", parent=mental),
        "abuse": TaxonomyTerm.objects.create(name="Domestic abuse"),
        "refuge": TaxonomyTerm.objects.create(
            name="Safe accommodation", parent=TaxonomyTerm.objects.get(name="Domestic abuse")
        ),
        "debt": TaxonomyTerm.objects.create(name="Debt advice"),
    }


@pytest.fixture
def directory(make_service, terms):
    cafe = make_service(
        "Evening crisis café",
        "Somewhere safe to go in the evening when you are struggling to cope.",
        terms=(terms["crisis"],),
    )
    Phone.objects.create(service=cafe, number="0117 000 1111")
    make_service(
        "Women's aid", "Support for women experiencing domestic abuse.", terms=(terms["abuse"],)
    )
    make_service("Debt advice line", "Free help with debts and bills.", terms=(terms["debt"],))
    make_service("Memory café", "A dementia friendly café.")
    rebuild_index()
    return cafe


def page(client, **params: str) -> str:
    response = client.get("/", params)
    assert response.status_code == 200
    return str(response.content.decode())


def test_crisis_query_shows_the_panel_before_the_results(client, directory):
    html = page(client, q="I want to kill myself")
    assert PANEL in html and "data-crisis-panel" in html and 'role="region"' in html
    for number in ("tel:999", "tel:116123", "tel:111", "tel:08082000247", "tel:01170001111"):
        assert f'href="{number}"' in html
    assert "Evening crisis café" in html
    # Before the search form, the filters and the first result in the page's order.
    assert html.index(PANEL) < html.index('role="search"') < html.index("results-heading")
    assert 'class="govuk-exit-this-page"' not in html  # not an abuse search


@pytest.mark.parametrize("text", ["dementia café", "debt advice", "feeling low", ""])
def test_ordinary_search_has_no_panel(client, directory, text):
    html = page(client, q=text, postcode="" if text else "BS5 6XX")
    assert PANEL not in html and "data-crisis-panel" not in html


def test_abuse_query_shows_the_helpline_first_and_exit_this_page(client, directory):
    html = page(client, q="my husband hits me")
    panel = html[html.index(PANEL) :]
    assert panel.index("0808 2000 247") < panel.index("116 123")
    assert "press 55" in panel
    exit_link = re.search(r'<a href="([^"]+)"[^>]*govuk-exit-this-page__button', html)
    assert exit_link and exit_link.group(1) == exit_page.EXIT_URL
    assert html.index("govuk-exit-this-page") < html.index("<h1")


def test_a_crisis_category_filter_shows_the_panel(client, directory, terms):
    html = page(client, taxonomy_term=str(terms["refuge"].pk))  # a child of Domestic abuse
    assert PANEL in html and "govuk-exit-this-page" in html
    assert PANEL in page(client, taxonomy_term=str(terms["crisis"].pk))
    assert PANEL not in page(client, taxonomy_term=str(terms["debt"].pk))
    assert PANEL not in page(client, taxonomy_term="not-a-uuid")


def test_exit_this_page_is_carried_to_the_service_page_and_dropped_after(client, directory):
    service_url = reverse("directory:view-service", args=[directory.pk])
    assert "govuk-exit-this-page" not in client.get(service_url).content.decode()
    page(client, q="scared of my partner")
    assert "govuk-exit-this-page" in client.get(service_url).content.decode()
    page(client, q="debt advice")
    assert "govuk-exit-this-page" not in client.get(service_url).content.decode()


def test_an_ordinary_search_starts_no_session(client, directory):
    page(client, q="debt advice")
    assert "sessionid" not in client.cookies


def test_managers_contacts_replace_the_default_in_their_order(client, directory, pam):
    first = crisis.add_crisis_contact(actor=pam, name="Night line", phone="0800 111 222")
    crisis.add_crisis_contact(actor=pam, name="Crisis house", url="https://crisis.example")
    crisis.add_crisis_contact(actor=pam, name="Old number", phone="0800 1", active=False)
    crisis.move_crisis_contact(actor=pam, contact=first, up=False)
    html = page(client, q="suicidal")
    # The panel comes before the search form (and the results after it).
    panel = html[html.index(PANEL) : html.index('role="search"')]
    assert panel.index("Crisis house") < panel.index("Night line")
    assert 'href="tel:0800111222"' in panel
    assert "Old number" not in panel and "Evening crisis café" not in panel


def test_default_local_contacts_are_services_under_a_crisis_category(directory):
    assert [c.name for c in crisis.default_local_contacts()] == ["Evening crisis café"]
    assert [c.name for c in crisis.local_contacts()] == ["Evening crisis café"]


# The API.


def _schema(client, name: str) -> Draft202012Validator:
    document = client.get("/api/search/openapi.json").json()
    return Draft202012Validator(
        {"$ref": f"#/components/schemas/{name}", "components": document["components"]}
    )


def _api(client, **params: str) -> dict[str, Any]:
    response = client.get("/api/search", params)
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    assert [e.message for e in _schema(client, "SearchResponse").iter_errors(body)] == []
    return body


def test_api_gives_the_crisis_object(client, directory):
    found = _api(client, q="my boyfriend beats me")["crisis"]
    assert found["shown"] is True and found["kinds"] == ["abuse"]
    assert found["exit_this_page"] is True
    names = [c["name"] for c in found["contacts"]]
    assert names[:3] == ["National Domestic Abuse Helpline", "NHS 111", "Samaritans"]
    local = found["contacts"][3]
    assert local["name"] == "Evening crisis café" and local["national"] is False
    assert local["url"].startswith("http://testserver/")
    quiet = _api(client, q="debt advice")["crisis"]
    assert quiet == {"shown": False, "kinds": [], "exit_this_page": False, "contacts": []}


# The managers' pages.


def test_crisis_contacts_pages_are_for_managers_only(client, bob, charlie, pam, password):
    contact = crisis.add_crisis_contact(actor=pam, name="Night line", phone="0800 111 222")
    urls = [
        reverse("search:crisis-contacts"),
        reverse("search:add-crisis-contact"),
        reverse("search:edit-crisis-contact", args=[contact.pk]),
        reverse("search:remove-crisis-contact", args=[contact.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 302  # signed out: to sign in
    for outsider in (charlie, bob):
        client.force_login(outsider)
        for url in urls:
            assert client.get(url).status_code == 403
        assert client.post(urls[3]).status_code == 403
        move = reverse("search:move-crisis-contact", args=[contact.pk])
        assert client.post(move, {"direction": "up"}).status_code == 403
    assert CrisisContact.objects.count() == 1
    client.force_login(pam)
    for url in urls:
        assert client.get(url).status_code == 200


def test_manager_adds_changes_reorders_and_removes(client, pam, directory):
    client.force_login(pam)
    listing = client.get(reverse("search:crisis-contacts")).content.decode()
    assert "Shown until you add your own" in listing and "Evening crisis café" in listing
    add = reverse("search:add-crisis-contact")
    response = client.post(add, {"name": "", "phone": "call us", "active": "on"})
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html
    assert "Enter the name of the crisis service" in html
    assert "Enter a phone number using numbers" in html
    response = client.post(add, {"name": "Night line", "active": "on"})
    assert "Enter a phone number or a website" in response.content.decode()
    client.post(add, {"name": "Night line", "phone": "0800 111 222", "active": "on"})
    client.post(
        add,
        {
            "name": "Crisis café",
            "url": "crisis.example",
            "service": str(directory.pk),
            "active": "on",
        },
    )
    night, cafe = CrisisContact.objects.order_by("order")
    assert cafe.url == "https://crisis.example" and cafe.service == directory
    client.post(reverse("search:move-crisis-contact", args=[cafe.pk]), {"direction": "up"})
    assert list(CrisisContact.objects.order_by("order")) == [cafe, night]
    client.post(
        reverse("search:edit-crisis-contact", args=[night.pk]),
        {"name": "Night line", "phone": "0800 999 000", "description": "10pm to 6am"},
    )
    night.refresh_from_db()
    assert night.phone == "0800 999 000" and night.active is False
    client.post(reverse("search:remove-crisis-contact", args=[cafe.pk]))
    assert list(CrisisContact.objects.all()) == [night]
    actions = AuditEvent.objects.filter(action__startswith="crisis_contact.")
    assert sorted(actions.values_list("action", "actor")) == [
        ("crisis_contact.added", pam.pk),
        ("crisis_contact.added", pam.pk),
        ("crisis_contact.changed", pam.pk),
        ("crisis_contact.moved", pam.pk),
        ("crisis_contact.removed", pam.pk),
    ]
    changed = AuditEvent.objects.get(action="crisis_contact.changed").details
    assert changed["phone"] == ["0800 111 222", "0800 999 000"] and changed["active"] == [
        True,
        False,
    ]
