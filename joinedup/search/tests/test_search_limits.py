"""Searching (the page and /api/search) is rate limited per address (issue 16)."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_search_page_is_limited_per_address_but_the_home_page_is_not(settings, words_only):
    settings.RATELIMIT_SEARCH = "2/h"
    client = Client(REMOTE_ADDR="198.51.100.30")
    assert [client.get("/", {"q": "food"}).status_code for _ in range(2)] == [200, 200]
    refused = client.get("/", {"q": "food"})
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert "Too many requests" in refused.content.decode()
    # The page without a search costs nothing and is still there; other addresses search on.
    assert client.get("/").status_code == 200
    assert Client(REMOTE_ADDR="198.51.100.31").get("/", {"q": "food"}).status_code == 200


def test_api_search_is_limited_per_address_with_a_problem(settings, words_only):
    settings.RATELIMIT_SEARCH = "1/h"
    client = Client(REMOTE_ADDR="198.51.100.32")
    assert client.get("/api/search", {"q": "food"}).status_code == 200
    refused = client.get("/api/search", {"q": "food"})
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/problem+json"
    assert refused.json()["status"] == 429
    assert int(refused["Retry-After"]) > 0


def test_the_address_is_read_from_the_proxy_header_when_configured(settings, words_only):
    settings.RATELIMIT_SEARCH = "1/h"
    settings.RATELIMIT_ADDRESS_HEADER = "HTTP_X_FORWARDED_FOR"
    proxy = Client(REMOTE_ADDR="10.0.0.1")
    # The last address is the one our proxy saw; what the caller put before it is ignored.
    assert proxy.get("/api/search", {"q": "a"}, HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.5")
    again = proxy.get("/api/search", {"q": "a"}, HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.5")
    assert again.status_code == 429
    other = proxy.get("/api/search", {"q": "a"}, HTTP_X_FORWARDED_FOR="203.0.113.6")
    assert other.status_code == 200


def _redis_reachable() -> bool:
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _redis_reachable(), reason="no Redis at 127.0.0.1:6379")
def test_limits_count_in_redis_when_cache_url_names_it(settings, words_only):
    import uuid

    import redis

    prefix = f"joinedup-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
            "KEY_PREFIX": prefix,
        }
    }
    settings.RATELIMIT_SEARCH = "2/h"
    # Two app servers share the count: each request through its own client and connection.
    statuses = [
        Client(REMOTE_ADDR="198.51.100.40").get("/api/search", {"q": "food"}).status_code
        for _ in range(3)
    ]
    assert statuses == [200, 200, 429]
    store = redis.Redis.from_url("redis://127.0.0.1:6379/15")
    keys = store.keys(f"{prefix}:*")
    assert keys
    store.delete(*keys)


def test_a_cache_that_is_down_lets_searches_through(settings, words_only):
    import socket

    # A port bound but not listening: connections are refused, as by a Redis that is down, and
    # no other process can start listening on it while the test runs.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": f"redis://127.0.0.1:{port}/0",
            }
        }
        settings.RATELIMIT_SEARCH = "1/h"
        client = Client(REMOTE_ADDR="198.51.100.41")
        statuses = [client.get("/api/search", {"q": "a"}).status_code for _ in range(2)]
    assert statuses == [200, 200]
