"""A stand-in for the OS credential store in benchmarks on a headless machine (no Windows Credential Manager, no
Secret Service): entries in a JSON file named by ``WARD_DESK_BENCH_KEYRING``. Selected with
``PYTHON_KEYRING_BACKEND=file_keyring.FileKeyring`` and ``bench/`` on ``PYTHONPATH``. Never for real keys: the
file is not protected the way a credential store is.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend


class FileKeyring(KeyringBackend):
    priority = 1

    @staticmethod
    def _path() -> Path:
        return Path(os.environ["WARD_DESK_BENCH_KEYRING"])

    def _load(self) -> dict:
        try:
            return json.loads(self._path().read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}

    def get_password(self, service, username):
        return self._load().get(f"{service}/{username}")

    def set_password(self, service, username, password):
        entries = self._load()
        entries[f"{service}/{username}"] = password
        self._path().write_text(json.dumps(entries), encoding="utf-8")

    def delete_password(self, service, username):
        entries = self._load()
        entries.pop(f"{service}/{username}", None)
        self._path().write_text(json.dumps(entries), encoding="utf-8")
