from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from joinedup.core import postcodes
from joinedup.directory.models import (
    Attribute,
    CostOption,
    Language,
    Location,
    LocationType,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    TaxonomyTerm,
)
from joinedup.search import semantic


@pytest.fixture
def words_only(settings):
    """Search on words alone: for tests of word, distance and filter rules that meaning would
    blur (a tiny directory of near-identical texts)."""
    settings.JOINEDUP_SEMANTIC_SEARCH = False
    semantic.reset()
    yield
    semantic.reset()


@pytest.fixture
def org(db) -> Organization:
    return Organization.objects.create(name="Ashdown Community Trust")


@pytest.fixture
def make_service(org) -> Callable[..., Service]:
    """A service with just the parts a test names: place (postcode), online, phone, terms..."""

    def make(
        name: str,
        description: str = "",
        *,
        postcode: str = "",
        online: bool = False,
        phone: bool = False,
        terms: tuple[TaxonomyTerm, ...] = (),
        languages: tuple[str, ...] = (),
        cost: float | None = None,
        days: str = "",
        areas: str = "",
        **fields: Any,
    ) -> Service:
        service = Service.objects.create(
            organization=org, name=name, description=description, **fields
        )
        if postcode:
            lat, lng = postcodes.locate(postcode)
            place = Location.objects.create(name=f"{name} site", latitude=lat, longitude=lng)
            ServiceAtLocation.objects.create(service=service, location=place)
        if online:
            place = Location.objects.create(name="Online", location_type=LocationType.VIRTUAL)
            ServiceAtLocation.objects.create(service=service, location=place)
        if phone:
            Phone.objects.create(service=service, number="0800 000 0000")
        for term in terms:
            Attribute.objects.create(taxonomy_term=term, link_id=service.id, link_entity="service")
        for code in languages:
            Language.objects.create(service=service, code=code)
        if cost is not None:
            CostOption.objects.create(service=service, option="Session", amount=cost)
        if days:
            Schedule.objects.create(service=service, byday=days, freq="WEEKLY")
        if areas:
            ServiceArea.objects.create(
                service=service, extent=areas, extent_type="postcode_districts"
            )
        return service

    return make
