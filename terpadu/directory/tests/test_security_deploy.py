"""Production settings, checked in a fresh interpreter (inside pytest, settings.TESTING is always true)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings

REPO = Path(settings.BASE_DIR)


def _production_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TERPADU_", "DATABASE_URL", "DJANGO_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "terpadu.settings",
            "TERPADU_DEBUG": "0",
            "TERPADU_HTTPS": "1",
            "TERPADU_SECRET_KEY": secrets.token_urlsafe(64)[:64],
            "TERPADU_ALLOWED_HOSTS": "terpadu.example.go.id",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'terpadu.sqlite3'}",
            "TERPADU_VAR_DIR": str(tmp_path),
        }
    )
    return env


def _run(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=REPO, env=_production_env(tmp_path), capture_output=True, text=True, timeout=120
    )


def test_argon2_hashes_passwords_outside_the_tests(tmp_path: Path) -> None:
    # given the production environment (no TERPADU_TESTING, no pytest loaded)
    script = (
        "import django; django.setup(); from django.conf import settings as s; print(s.TESTING, s.PASSWORD_HASHERS[0])"
    )
    # when the settings are loaded, then Argon2 is the first hasher
    result = _run(["-c", script], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False django.contrib.auth.hashers.Argon2PasswordHasher"


def test_the_deployment_check_is_clean(tmp_path: Path) -> None:
    # given the production environment, when `manage.py check --deploy` runs
    result = _run(["manage.py", "check", "--deploy"], tmp_path)
    # then it passes without a warning
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr
