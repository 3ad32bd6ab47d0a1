"""Upload policies per use ("purpose") and who may download a stored file of each purpose.

A module registers its purposes at import time::

    register_upload_policy(UploadPolicy("surat-lampiran", frozenset({"application/pdf"}), 10 * MB))
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from terpadu.core.roles import Actor, Role

MB = 1024 * 1024
_PURPOSE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,49}$")


@dataclass(frozen=True)
class UploadPolicy:
    """What one use of uploads accepts: MIME types judged from the content, and a size limit."""

    purpose: str
    allowed: frozenset[str]
    max_bytes: int


@dataclass(frozen=True)
class FileFacts:
    """What a download rule may look at (no model instance leaves this module)."""

    id: int
    government_id: int
    purpose: str
    uploaded_by_id: int | None


#: may this actor download this file? (the government is already checked by scoping)
DownloadRule = Callable[[Actor, FileFacts], bool]


def uploader_or_platform_admin(actor: Actor, file: FileFacts) -> bool:
    """The default rule: the uploader, or the platform admin of the file's government."""
    return actor.user_id == file.uploaded_by_id or actor.has_role(Role.PLATFORM_ADMIN)


_POLICIES: dict[str, tuple[UploadPolicy, DownloadRule]] = {}


def register_upload_policy(policy: UploadPolicy, *, can_download: DownloadRule | None = None) -> None:
    """Declare a purpose (idempotent: registering the same purpose again replaces it)."""
    if not _PURPOSE.match(policy.purpose):
        raise ValueError(f"purpose must be a lower-case slug of at most 50 characters: {policy.purpose!r}")
    if policy.max_bytes <= 0 or not policy.allowed:
        raise ValueError("an upload policy needs allowed types and a positive size limit")
    _POLICIES[policy.purpose] = (policy, can_download or uploader_or_platform_admin)


def policy_for(purpose: str) -> UploadPolicy:
    try:
        return _POLICIES[purpose][0]
    except KeyError:
        raise ValueError(f"no upload policy registered for purpose {purpose!r}") from None


def may_download(actor: Actor, file: FileFacts) -> bool:
    entry = _POLICIES.get(file.purpose)
    rule = entry[1] if entry else uploader_or_platform_admin
    return actor.government_id == file.government_id and rule(actor, file)
