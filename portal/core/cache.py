"""A small shared cache for figures that are expensive to compute and the same for everyone who
may see them (the annual report's statistics): Redis when REDIS_URL is set, so every instance
shares one copy, else this process's memory.

Only plain JSON-able values go in, under keys that name everything the value depends on; a
value never carries anything a reader could not see anyway. A Redis that does not answer is
treated as a miss: the figures are computed again, and the site stays up.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from flask import current_app

log = logging.getLogger(__name__)

_local: dict[str, tuple[float, str]] = {}
_local_lock = threading.Lock()
_clients: dict[str, Any] = {}
PREFIX = "portal:cache:"


def _redis():
    url = current_app.config.get("CACHE_REDIS_URL")
    if not url:
        return None
    if url not in _clients:
        import redis

        _clients[url] = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
    return _clients[url]


def _get(key: str) -> str | None:
    client = _redis()
    if client is not None:
        try:
            raw = client.get(PREFIX + key)
        except Exception as error:  # noqa: BLE001 - a cache that fails is a miss, never a 500
            log.warning("cache unavailable (%s): computing %s", error, key)
            return None
        return raw.decode() if raw is not None else None
    with _local_lock:
        found = _local.get(key)
        if found is None or found[0] < time.monotonic():
            _local.pop(key, None)
            return None
        return found[1]


def _put(key: str, value: str, seconds: int) -> None:
    client = _redis()
    if client is not None:
        try:
            client.set(PREFIX + key, value, ex=seconds)
        except Exception as error:  # noqa: BLE001 - see _get
            log.warning("cache unavailable (%s): %s not kept", error, key)
        return
    with _local_lock:
        if len(_local) > 1000:  # a bound, not an LRU: this cache holds a few report years
            _local.clear()
        _local[key] = (time.monotonic() + seconds, value)


def remembered(key: str, seconds: int, compute: Callable[[], Any]) -> Any:
    """The value kept under `key`, or compute() kept for `seconds`. CACHE_ENABLED off (the
    tests' setting, but for the tests of the cache itself) computes every time."""
    if not current_app.config.get("CACHE_ENABLED", True) or seconds <= 0:
        return compute()
    raw = _get(key)
    if raw is not None:
        return json.loads(raw)
    value = compute()
    _put(key, json.dumps(value), seconds)
    return value


def forget_all() -> None:
    """Empty this process's cache (tests)."""
    with _local_lock:
        _local.clear()
