"""A small government with agencies and users, and requests made through the services.

Times are fixed so that tests control the clock: the request opens on Monday 4 May 2026 08.00 WITA and
is due on Monday 11 May 2026 16.00 WITA (08.00 UTC).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from terpadu.core.roles import Role
from terpadu.deadlines import services
from terpadu.deadlines.models import Obligation
from terpadu.deadlines.rules import ItemDraft
from terpadu.directory.models import Agency, Government, User
from terpadu.directory.tests.factories import AgencyFactory, GovernmentFactory, user_with_role

OPENS = datetime(2026, 5, 4, 0, 0, tzinfo=UTC)
DUE = datetime(2026, 5, 11, 8, 0, tzinfo=UTC)
BEFORE_DUE = DUE - timedelta(days=1)
MINUTE = timedelta(minutes=1)

ITEMS = [
    ItemDraft("Program kerja", "long_text", True),
    ItemDraft("Kebutuhan anggaran (Rp)", "number", True),
    ItemDraft("Catatan", "text", False),
]


@dataclass
class World:
    government: Government
    kominfo: Agency
    dinkes: Agency
    bappeda: Agency
    sekda: User
    bupati: User
    wabup: User
    kadis_kominfo: User
    admin_kominfo: User
    operator_kominfo: User
    employee_kominfo: User
    admin_dinkes: User
    admin_bappeda: User
    auditor: User


def world() -> World:
    government = GovernmentFactory(name="Kabupaten Uji", timezone="Asia/Makassar")
    kominfo = AgencyFactory(
        government=government, code="3.01", name="Dinas Komunikasi dan Informatika", short_name="Diskominfo"
    )
    dinkes = AgencyFactory(government=government, code="3.03", name="Dinas Kesehatan", short_name="Dinkes")
    bappeda = AgencyFactory(
        government=government, code="2.01", name="Badan Perencanaan Pembangunan Daerah", short_name="Bappeda"
    )
    return World(
        government=government,
        kominfo=kominfo,
        dinkes=dinkes,
        bappeda=bappeda,
        sekda=user_with_role(Role.SECRETARY, government=government, username="sekda"),
        bupati=user_with_role(Role.REGIONAL_HEAD, government=government, username="bupati"),
        wabup=user_with_role(Role.DEPUTY_HEAD, government=government, username="wabup"),
        kadis_kominfo=user_with_role(Role.AGENCY_HEAD, agency=kominfo, username="kadis.kominfo"),
        admin_kominfo=user_with_role(Role.AGENCY_ADMIN, agency=kominfo, username="admin.kominfo"),
        operator_kominfo=user_with_role(Role.AGENCY_OPERATOR, agency=kominfo, username="operator.kominfo"),
        employee_kominfo=user_with_role(Role.EMPLOYEE, agency=kominfo, username="pegawai.kominfo"),
        admin_dinkes=user_with_role(Role.AGENCY_ADMIN, agency=dinkes, username="admin.dinkes"),
        admin_bappeda=user_with_role(Role.AGENCY_ADMIN, agency=bappeda, username="admin.bappeda"),
        auditor=user_with_role(Role.AUDITOR, government=government, username="inspektur"),
    )


def make_request(
    w: World,
    *,
    requester: User | None = None,
    agencies: list[Agency] | None = None,
    items: list[ItemDraft] | None = None,
    opens_at: datetime = OPENS,
    due_at: datetime = DUE,
    publish: bool = True,
    title: str = "Input Program Kerja dan Kebutuhan Anggaran 2027",
) -> Obligation:
    obligation = services.obligation_create(
        user=requester or w.sekda,
        title=title,
        instructions="Isi dalam satu minggu.",
        opens_at=opens_at,
        due_at=due_at,
        items=items or ITEMS,
        agency_ids=[a.pk for a in (agencies or [w.kominfo, w.dinkes])],
    )
    if publish:
        obligation = services.obligation_publish(user=requester or w.sekda, obligation=obligation, now=opens_at)
    return obligation


def item_ids(obligation: Obligation) -> list[int]:
    return list(obligation.items.order_by("order").values_list("pk", flat=True))


def complete_values(obligation: Obligation) -> dict[int, str]:
    program, budget, _ = item_ids(obligation)
    return {program: "Transformasi digital", budget: "1500000000"}


def submit(
    w: World,
    obligation: Obligation,
    agency: Agency | None = None,
    *,
    at: datetime = BEFORE_DUE,
    user: User | None = None,
):
    agency = agency or w.kominfo
    respondent = user or (w.operator_kominfo if agency == w.kominfo else w.admin_dinkes)
    return services.response_submit(
        user=respondent, obligation=obligation, agency=agency, values=complete_values(obligation), now=at
    )
