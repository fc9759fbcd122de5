"""The default cache lists its folder to cull it at most once a minute, not at every write."""

from __future__ import annotations

from unittest import mock

from config import cache as file_cache
from config.cache import FileCache


def make(tmp_path, **options) -> FileCache:
    file_cache._last_cull.pop(str(tmp_path), None)
    return FileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 5, "CULL_FREQUENCY": 2, **options}})


def files(tmp_path) -> int:
    return len(list(tmp_path.glob("*.djcache")))


def test_a_hundred_writes_list_the_folder_once(tmp_path):
    cache = make(tmp_path)
    with mock.patch.object(FileCache, "_list_cache_files", autospec=True, return_value=[]) as ls:
        for i in range(100):
            cache.set(f"k{i}", i)
    assert ls.call_count == 1
    assert cache.get("k99") == 99


def test_the_next_look_culls_what_grew_meanwhile(tmp_path):
    cache = make(tmp_path)
    for i in range(12):
        cache.set(f"k{i}", i)
    assert files(tmp_path) == 12  # no look since the first write
    file_cache._last_cull[str(tmp_path)] -= 61
    cache.set("later", 1)
    assert files(tmp_path) == 12 - 12 // 2 + 1  # half culled, as Django's cache does, then written


def test_an_interval_of_zero_culls_at_every_write_as_django_does(tmp_path):
    cache = make(tmp_path, CULL_INTERVAL=0)
    for i in range(12):
        cache.set(f"k{i}", i)
    assert files(tmp_path) <= 5


def test_it_is_the_default_cache_without_cache_url():
    from config import settings as project_settings

    assert project_settings.CACHE_URL == ""  # the suite runs as a machine without Redis would
    assert project_settings.CACHES["default"]["BACKEND"] == "config.cache.FileCache"
