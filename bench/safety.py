"""Safety and situations: example situations run through the real search page.

    .venv/bin/python bench/safety.py [--examples PATH] [--database-url URL] [--import PATH]

Each example is something a resident or a practitioner might type, with what the page must do:
show the crisis panel (the element with the attribute `data-crisis-panel`) or not, have at
least one result in each group of expected categories among the first five, and no forbidden
category among the first three (a result has a category when one of its taxonomy terms, or a
parent of one, has that name). The examples are read here only to score: nothing from them is
in the product.

By default the demo place (`joinedup load_demo`) is built into a throwaway SQLite database;
`--database-url` runs against an existing database instead (nothing is written to it unless
`--import` is given), and `--import PATH` imports a directory file (and indexes it) first. On a
directory without taxonomy terms only the panel and "not empty" are checked. Every search goes
through Django's test client, so the figures are what a person sees. Prints JSON: one object per
example (with the names of its first five results), then a summary.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_EXAMPLES = ROOT.parent / "shared" / "data" / "relevance" / "safety_examples.json"
TOP_EXPECTED = 5
TOP_FORBIDDEN = 3
_SERVICE_LINK = re.compile(r'<h3[^>]*>\s*<a class="govuk-link" href="/services/([0-9a-f-]{36})/"')


def _setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _categories(service_ids: list[str]) -> dict[str, list[str]]:
    """Each service's taxonomy term names with all their parents', in order, without repeats."""
    from joinedup.directory.models import Attribute, TaxonomyTerm

    terms = {t.pk: (t.name, t.parent_id) for t in TaxonomyTerm.objects.all()}
    out: dict[str, list[str]] = {sid: [] for sid in service_ids}
    for link_id, term_id in Attribute.objects.filter(
        link_entity="service", link_id__in=service_ids
    ).values_list("link_id", "taxonomy_term_id"):
        names = out[str(link_id)]
        seen = set()
        current: Any = term_id
        while current is not None and current in terms and current not in seen:
            seen.add(current)
            name, parent = terms[current]
            if name not in names:
                names.append(name)
            current = parent
    return out


def _names(service_ids: list[str]) -> dict[str, str]:
    """Each service's name and its organisation's, as a person reads them on the card: on a
    directory without taxonomy terms they are what shows what kind of help came first."""
    from joinedup.directory.models import Service

    return {
        str(pk): f"{name} ({org})" if org else name
        for pk, name, org in Service.objects.filter(pk__in=service_ids).values_list(
            "pk", "name", "organization__name"
        )
    }


def _has(categories: list[str], name: str) -> bool:
    return name.lower() in {c.lower() for c in categories}


def run_example(client: Any, example: dict[str, Any], with_taxonomy: bool) -> dict[str, Any]:
    started = time.perf_counter()
    response = client.get("/", {"q": example["text"]})
    seconds = time.perf_counter() - started
    page = response.content.decode("utf-8")
    ids = list(dict.fromkeys(_SERVICE_LINK.findall(page)))
    categories = _categories(ids[:TOP_EXPECTED])
    top5 = [categories[sid] for sid in ids[:TOP_EXPECTED]]
    names = _names(ids[:TOP_EXPECTED])
    panel = "data-crisis-panel" in page
    out: dict[str, Any] = {
        "id": example["id"],
        "text": example["text"],
        "status": response.status_code,
        "seconds": round(seconds, 3),
        "crisis_panel": panel,
        "crisis_panel_expected": bool(example.get("crisis_panel")),
        "crisis_panel_ok": panel or not example.get("crisis_panel"),
        "results_on_page": len(ids),
        "not_empty": bool(ids),
        "closest_matches_heading": "data-closest-matches" in page,
        "top5_categories": top5,
        "top5": [names.get(sid, "") for sid in ids[:TOP_EXPECTED]],
    }
    if with_taxonomy:
        groups = [
            {"group": group, "met": any(_has(c, name) for c in top5 for name in group)}
            for group in example.get("expect_groups", [])
        ]
        forbidden = [
            {"rank": rank, "category": name}
            for rank, cats in enumerate(top5[:TOP_FORBIDDEN], start=1)
            for name in example.get("forbid_top3", [])
            if _has(cats, name)
        ]
        out.update(
            expect_groups=groups,
            expected_ok=all(g["met"] for g in groups),
            forbidden_top3=forbidden,
            forbidden_ok=not forbidden,
        )
    return out


def summarise(results: list[dict[str, Any]], with_taxonomy: bool) -> dict[str, Any]:
    risky = [r for r in results if r["crisis_panel_expected"]]
    summary: dict[str, Any] = {
        "examples": len(results),
        "crisis_panel_on_risk_examples": f"{sum(r['crisis_panel'] for r in risky)}/{len(risky)}",
        "crisis_panel_on_other_examples": sum(
            r["crisis_panel"] for r in results if not r["crisis_panel_expected"]
        ),
        "not_empty": f"{sum(r['not_empty'] for r in results)}/{len(results)}",
        "seconds_per_search": round(sum(r["seconds"] for r in results) / max(len(results), 1), 3),
    }
    if with_taxonomy:
        summary["expected_category_in_top5"] = (
            f"{sum(r['expected_ok'] for r in results)}/{len(results)}"
        )
        summary["no_forbidden_in_top3"] = (
            f"{sum(r['forbidden_ok'] for r in results)}/{len(results)}"
        )
        summary["failures"] = [
            r["id"]
            for r in results
            if not (r["expected_ok"] and r["forbidden_ok"] and r["crisis_panel_ok"])
        ]
    else:
        summary["failures"] = [
            r["id"] for r in results if not (r["not_empty"] and r["crisis_panel_ok"])
        ]
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", default=str(DEFAULT_EXAMPLES))
    parser.add_argument("--database-url", help="run against this database (default: the demo)")
    parser.add_argument("--import", dest="import_path", help="import this directory file first")
    args = parser.parse_args()
    examples = json.loads(Path(args.examples).read_text(encoding="utf-8"))["examples"]
    with tempfile.TemporaryDirectory(prefix="joinedup-safety-") as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'safety.sqlite3'}"
        _setup(url)
        from django.core.management import call_command
        from django.test import Client

        from joinedup.directory.models import Attribute

        source = "database"
        if not args.database_url:
            call_command("migrate", verbosity=0, interactive=False)
        if args.import_path:
            from joinedup.directory.importers import import_directory
            from joinedup.search.services import rebuild_index

            import_directory(paths=[Path(args.import_path)])
            rebuild_index()
            source = Path(args.import_path).name
        elif not args.database_url:
            call_command("load_demo", verbosity=0, stdout=io.StringIO())
            source = "demo place"
        with_taxonomy = Attribute.objects.filter(link_entity="service").exists()
        client = Client()
        results = [run_example(client, example, with_taxonomy) for example in examples]
        print(
            json.dumps(
                {
                    "benchmark": "safety",
                    "examples_file": Path(args.examples).name,
                    "directory": source,
                    "taxonomy": with_taxonomy,
                    "results": results,
                    "summary": summarise(results, with_taxonomy),
                },
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
