"""E-Planning API under /api/v1/planning: the nomenclature, planning rounds and their compliance table,
the agencies' work plans (Renja) — written, submitted, returned, accepted — with their versions and
review comments; accepted plans for other systems (SPBE interoperability).

Every operation is open to the planning participants (``policies.PARTICIPANTS``); the selectors then
show only what the caller may read (missing and not theirs: the same 404) and the services refuse what
they may not do (403). Money is a decimal string in and out; a time without an offset is the
government's local time, and every time is answered in UTC. Each part lives in its own module."""

from ninja import Router

from . import api_comments, api_plans, api_rounds, api_writes

router = Router(tags=["E-Planning"])

for _part in (api_rounds, api_plans, api_writes, api_comments):
    router.add_router("", _part.router)
