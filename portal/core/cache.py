"""A small shared cache for what is expensive to make and the same for everyone who may see it
(the annual report's statistics, generated PDF and DOCX files): Redis when REDIS_URL is set,
so every instance shares one copy, else this process's memory.

Plain JSON-able values (remembered) or file bytes (remembered_file) go in, under keys that
name everything the value depends on; a value never carries anything a reader could not see
anyway, and the caller checks permissions before it asks. A Redis that does not answer is
treated as a miss: the value is made again, and the site stays up. In this process, values
are kept least recently used first out, within DOCUMENT_CACHE_MB.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import current_app

log = logging.getLogger(__name__)

_clients: dict[str, Any] = {}
PREFIX = "portal:cache:"
# Without Redis, this process's store: key -> (expires at, bytes), least recently used first,
# within DOCUMENT_CACHE_MB (documents fill it; the report statistics are a few KB).
_local: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
_local_size = 0
_local_lock = threading.Lock()
_code_version: str | None = None


def _redis():
    url = current_app.config.get("CACHE_REDIS_URL")
    if not url:
        return None
    if url not in _clients:
        import redis

        _clients[url] = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
    return _clients[url]


def _redis_get(client, key: str) -> bytes | None:
    try:
        return client.get(PREFIX + key)
    except Exception as error:  # noqa: BLE001 - a cache that fails is a miss, never a 500
        log.warning("cache unavailable (%s): computing %s", error, key)
        return None


def _redis_put(client, key: str, value: str | bytes, seconds: int) -> None:
    try:
        client.set(PREFIX + key, value, ex=seconds)
    except Exception as error:  # noqa: BLE001 - see _redis_get
        log.warning("cache unavailable (%s): %s not kept", error, key)


def _get(key: str) -> bytes | None:
    client = _redis()
    if client is not None:
        return _redis_get(client, key)
    with _local_lock:
        found = _local.get(key)
        if found is None:
            return None
        if found[0] < time.monotonic():
            _drop(key)
            return None
        _local.move_to_end(key)
        return found[1]


def _drop(key: str) -> None:
    global _local_size
    found = _local.pop(key, None)
    if found is not None:
        _local_size -= len(found[1])


def _put(key: str, value: bytes, seconds: int) -> None:
    global _local_size
    client = _redis()
    if client is not None:
        _redis_put(client, key, value, seconds)
        return
    budget = int(float(current_app.config.get("DOCUMENT_CACHE_MB", 64)) * 1024 * 1024)
    if len(value) > budget:
        return
    with _local_lock:
        _drop(key)
        while _local and _local_size + len(value) > budget:
            _drop(next(iter(_local)))
        _local[key] = (time.monotonic() + seconds, value)
        _local_size += len(value)


def remembered(key: str, seconds: int, compute: Callable[[], Any]) -> Any:
    """The value kept under `key`, or compute() kept for `seconds`. CACHE_ENABLED off (the
    tests' setting, but for the tests of the cache itself) computes every time."""
    if not _enabled(seconds):
        return compute()
    raw = _get(key)
    if raw is not None:
        return json.loads(raw)
    value = compute()
    _put(key, json.dumps(value).encode(), seconds)
    return value


def _enabled(seconds: int) -> bool:
    return bool(current_app.config.get("CACHE_ENABLED", True)) and seconds > 0


def remembered_file(key: str, seconds: int, make: Callable[[], bytes]) -> bytes:
    """The file kept under `key`, or make() kept for `seconds`. The key must name everything
    the file's content depends on (its digest, with code_version())."""
    if not _enabled(seconds):
        return make()
    found = _get("file:" + key)
    if found is not None:
        return found
    value = make()
    _put("file:" + key, value, seconds)
    return value


def digest(*parts: str | bytes) -> str:
    """A short name for content: the same parts give the same digest."""
    hashed = hashlib.sha256()
    for part in parts:
        hashed.update(part.encode() if isinstance(part, str) else part)
        hashed.update(b"\x00")
    return hashed.hexdigest()[:40]


def code_version() -> str:
    """The portal's code, templates, styles and translations as this process runs them: a
    kept document made by older code is never served by newer code."""
    global _code_version
    if _code_version is None:
        root = Path(__file__).resolve().parent.parent.parent
        hashed = hashlib.sha256()
        patterns = (
            "pyproject.toml",
            "portal/**/*.py",
            "portal/**/*.html",
            "portal/**/*.css",
            "translations/**/*.mo",
        )
        for pattern in patterns:
            for path in sorted(root.glob(pattern)):
                hashed.update(str(path.relative_to(root)).encode())
                hashed.update(path.read_bytes())
        _code_version = hashed.hexdigest()[:16]
    return _code_version


def forget_all() -> None:
    """Empty this process's cache (tests)."""
    global _local_size
    with _local_lock:
        _local.clear()
        _local_size = 0
