"""Helpers for the test suite only."""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class CheapArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id with tiny cost parameters: the same algorithm and hash format as production,
    without spending 100 MB and tens of milliseconds on every test user."""

    time_cost = 1
    memory_cost = 64
    parallelism = 1
