"""The default cache of one machine: Django's file cache, culled now and then, not at every write.

Django's ``FileBasedCache`` lists its whole folder before every ``set`` to see whether it holds
more than ``MAX_ENTRIES`` files. With the portal's drawn charts that folder holds tens of
thousands of files, and one listing of 30,000 costs about 60 ms: a dashboard whose 14 charts
were not drawn yet stores their specifications and paid for 14 listings (docs/performance.md).
Here a process lists the folder at most once per ``CULL_INTERVAL`` seconds (an option, 60 by
default); between two looks the folder may outgrow ``MAX_ENTRIES`` by what was written
meanwhile, and the next look culls it as Django would.
"""

from __future__ import annotations

import threading
import time

from django.core.cache.backends.filebased import FileBasedCache

_last_cull: dict[str, float] = {}  # cache folder → monotonic time of this process's last look
_lock = threading.Lock()


class FileCache(FileBasedCache):
    def __init__(self, dir, params):  # noqa: A002 - Django's signature
        options = dict(params.get("OPTIONS") or {})
        self.cull_interval = float(options.pop("CULL_INTERVAL", 60))
        super().__init__(dir, {**params, "OPTIONS": options})

    def _cull(self) -> None:
        now = time.monotonic()
        with _lock:
            last = _last_cull.get(self._dir)
            if last is not None and now - last < self.cull_interval:
                return
            _last_cull[self._dir] = now
        super()._cull()
