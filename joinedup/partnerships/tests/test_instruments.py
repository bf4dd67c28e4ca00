from __future__ import annotations

import copy
import json
import shutil

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from joinedup.core.models import AuditEvent
from joinedup.partnerships import services
from joinedup.partnerships.documents import SHIPPED_DIR, shipped_documents, validate_document
from joinedup.partnerships.models import ElementKind, FrameworkElement, Instrument, Statement

NLC_ELEMENTS = {
    "competing-priorities",
    "aligning-goals",
    "ownership-and-buy-in",
    "processes-vs-outcomes",
    "risk-aversion",
    "hierarchies",
    "siloed-funding-and-competition",
    "funding-periods",
    "flexibility-to-innovate",
    "internal-systems-and-bureaucracy",
    "existing-cross-sector-structures",
    "local-ownership-and-clear-responsibilities",
    "scale-of-regional-autonomy",
    "dedicated-flexible-funding",
    "streamlined-decision-making",
    "building-relationships",
    "awareness-of-what-others-offer",
    "distance",
    "communication",
    "facilitative-leadership",
    "solutions-focused-tone",
    "staff-wellbeing",
    "formal-informal",
    "horizontal-vertical",
    "professional-non-professional",
}
FOUNDATIONS = {
    "shared-purpose",
    "collaborative-mindset",
    "healthy-relationships",
    "collaborative-behaviours",
    "collaborative-infrastructure",
    "shared-learning",
}


def small_document(**changes):
    document = {
        "key": "our-check",
        "version": 1,
        "title": "Our own check",
        "scale": {"min": 1, "max": 5},
        "bands": [
            {"key": "strength", "label": "Strength", "min": 4.0},
            {"key": "borderline", "label": "Borderline", "min": 3.0},
            {"key": "concern", "label": "Concern", "min": None},
        ],
        "elements": [{"key": "our-thing", "kind": "enabler", "label": "Our thing"}],
        "sections": [
            {
                "key": "one",
                "title": "One",
                "statements": [
                    {"key": "s1", "text": "We do our thing.", "element": "our-thing"},
                    {"key": "s2", "text": "We share purpose.", "element": "shared-purpose"},
                ],
            }
        ],
    }
    document.update(changes)
    return document


def test_shipped_files_are_valid():
    for path, document in shipped_documents():
        assert validate_document(document) == [], path.name


def test_every_statement_is_covered_by_every_named_framework_element(instruments):
    msr = instruments["motivations-structures-relationships"]
    covered = set(Statement.objects.filter(instrument=msr).values_list("element__key", flat=True))
    assert covered == NLC_ELEMENTS
    kinds = dict(FrameworkElement.objects.filter(key__in=NLC_ELEMENTS).values_list("key", "kind"))
    assert {k for k, v in kinds.items() if v == ElementKind.DIMENSION} == {
        "formal-informal",
        "horizontal-vertical",
        "professional-non-professional",
    }
    foundations = instruments["foundations-of-collaboration"]
    assert (
        set(Statement.objects.filter(instrument=foundations).values_list("element__key", flat=True))
        == FOUNDATIONS
    )


def test_reverse_scored_statements_are_marked(instruments):
    reverse = Statement.objects.filter(reverse_scored=True).values_list("key", flat=True)
    assert set(reverse) == {"competing-priorities-2", "siloed-funding-and-competition-2"}


def test_loaded_instrument_keeps_scale_and_bands(instruments):
    msr = instruments["motivations-structures-relationships"]
    assert (msr.scale_min, msr.scale_max, msr.version) == (1, 5, 1)
    assert [b["min"] for b in msr.bands] == [4.0, 3.0, None]
    assert msr.scale_labels["5"] == "Strongly agree"


def test_loading_twice_changes_nothing(instruments, capsys):
    call_command("load_instruments")
    assert "unchanged motivations-structures-relationships v1" in capsys.readouterr().out
    assert Instrument.objects.count() == 2
    assert AuditEvent.objects.filter(action="instrument.loaded").count() == 2


def test_a_new_version_is_a_new_instrument_and_old_waves_keep_theirs(
    instruments, tmp_path, partnership, pam, carers_centre
):
    old = instruments["foundations-of-collaboration"]
    wave = services.create_wave(
        actor=pam,
        partnership=partnership,
        instrument=old,
        title="2025",
        organizations=[carers_centre],
    )
    shutil.copy(SHIPPED_DIR / "foundations-of-collaboration.v1.json", tmp_path)
    document = json.loads((SHIPPED_DIR / "foundations-of-collaboration.v1.json").read_text())
    document["version"] = 2
    document["sections"][0]["statements"][0]["text"] = "Reworded in version 2."
    (tmp_path / "foundations-of-collaboration.v2.json").write_text(json.dumps(document))
    report = services.load_shipped_instruments(directory=tmp_path)
    assert report.created == ["foundations-of-collaboration v2"]
    assert report.unchanged == ["foundations-of-collaboration v1"]
    wave.refresh_from_db()
    assert wave.instrument == old
    assert (
        Instrument.objects.filter(key="foundations-of-collaboration")
        .latest_versions()
        .get()
        .version
        == 2
    )


def test_changing_a_loaded_version_in_place_is_refused(instruments, tmp_path):
    document = json.loads((SHIPPED_DIR / "foundations-of-collaboration.v1.json").read_text())
    document["title"] = "Quietly changed"
    (tmp_path / "f.json").write_text(json.dumps(document))
    report = services.load_shipped_instruments(directory=tmp_path)
    assert report.created == []
    assert "new version number" in report.errors[0]


def test_manager_imports_an_instrument_using_new_and_known_elements(partnership, pam, instruments):
    instrument = services.import_instrument(
        actor=pam, partnership=partnership, document=small_document()
    )
    assert instrument.partnership == partnership
    assert list(instrument.statements.values_list("element__key", flat=True)) == [
        "our-thing",
        "shared-purpose",
    ]
    assert AuditEvent.objects.for_target(instrument).get().action == "instrument.imported"
    assert set(Instrument.objects.available_to(partnership)) == {instrument, *instruments.values()}


def test_import_reports_every_problem_at_once(partnership, pam):
    document = small_document(version=0, bands=[{"key": "only", "label": "Only", "min": 3.0}])
    document["sections"][0]["statements"].append({"key": "s1", "text": "", "element": "nowhere"})
    with pytest.raises(services.InstrumentDocumentError) as caught:
        services.import_instrument(actor=pam, partnership=partnership, document=document)
    errors = caught.value.errors
    assert "version: 0 is less than the minimum of 1" in errors
    assert any(e.startswith("sections[0].statements[2].text") for e in errors)
    assert not Instrument.objects.exists()


def test_import_semantic_checks(partnership, pam, instruments):
    document = small_document(scale={"min": 5, "max": 1})
    document["sections"][0]["statements"].append(
        {"key": "s1", "text": "Again", "element": "nowhere"}
    )
    with pytest.raises(services.InstrumentDocumentError) as caught:
        services.import_instrument(actor=pam, partnership=partnership, document=document)
    assert caught.value.errors == [
        "scale: min must be below max",
        "statements: key 's1' is used twice",
        "sections[0].statements[2].element: 'nowhere' is not a declared or known framework element",
    ]


def test_import_of_an_existing_version_is_refused(partnership, pam, instruments):
    services.import_instrument(actor=pam, partnership=partnership, document=small_document())
    with pytest.raises(services.InstrumentDocumentError, match="higher version"):
        services.import_instrument(
            actor=pam, partnership=partnership, document=copy.deepcopy(small_document())
        )


def test_import_does_not_relabel_a_shared_element(partnership, pam, instruments):
    document = small_document(
        elements=[
            {"key": "our-thing", "kind": "enabler", "label": "Our thing"},
            {"key": "shared-purpose", "kind": "challenge", "label": "Hijacked"},
        ]
    )
    services.import_instrument(actor=pam, partnership=partnership, document=document)
    assert FrameworkElement.objects.get(key="shared-purpose").label == "Shared purpose"


def test_import_of_something_that_is_not_an_object(partnership, pam):
    with pytest.raises(services.InstrumentDocumentError) as caught:
        services.import_instrument(
            actor=pam, partnership=partnership, document=["not", "an", "object"]
        )
    assert caught.value.errors == ["(document): ['not', 'an', 'object'] is not of type 'object'"]


@pytest.mark.parametrize("who", ["alice", "bob", "charlie"])
def test_only_managers_import_instruments(partnership, request, who):
    with pytest.raises(PermissionDenied):
        services.import_instrument(
            actor=request.getfixturevalue(who), partnership=partnership, document=small_document()
        )


def test_load_command_fails_loudly_on_a_bad_file(tmp_path, db, capsys):
    from django.core.management.base import CommandError

    (tmp_path / "broken.json").write_text(json.dumps({"key": "Bad Key"}))
    with pytest.raises(CommandError, match="7 problem"):
        call_command("load_instruments", str(tmp_path))
    err = capsys.readouterr().err
    assert "broken.json: (document): 'version' is a required property" in err
