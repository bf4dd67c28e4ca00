"""CACHE_URL picks the cache the rate limits count in (issue 16, ADR 31)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from joinedup.settings import cache_from_url


def test_cache_url_picks_the_backend():
    assert cache_from_url("redis://127.0.0.1:6379/1") == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/1",
    }
    assert cache_from_url("rediss://cache.internal:6380/0")["BACKEND"].endswith("RedisCache")
    assert cache_from_url("locmem://")["BACKEND"].endswith("LocMemCache")
    with pytest.raises(RuntimeError):
        cache_from_url("memcached://x")


def test_the_environment_sets_the_cache_and_the_old_variables_still_work():
    show = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    base = {**os.environ, "DJANGO_SETTINGS_MODULE": "joinedup.settings"}
    for extra, expected in [
        ({"CACHE_URL": "redis://127.0.0.1:6379/1"}, "RedisCache"),
        ({"CACHE_BACKEND": "django.core.cache.backends.dummy.DummyCache"}, "DummyCache"),
        ({}, "LocMemCache"),
    ]:
        env = {k: v for k, v in base.items() if k not in ("CACHE_URL", "CACHE_BACKEND")}
        out = subprocess.run(
            [sys.executable, "-c", show], env={**env, **extra}, capture_output=True, text=True
        )
        assert out.stdout.strip().endswith(expected), out.stderr
