"""“Pengguna”: the accounts an admin looks after — list, open an account for an employee, detail."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from terpadu.core.access import access, roles
from terpadu.core.errors import ValidationFailed
from terpadu.core.forms import show_errors
from terpadu.core.roles import Role, actor_of
from terpadu.core.scoping import get_for_user

from ... import account_services, policies
from ...account_forms import AccountCreateForm, AccountFilterForm, RoleGrantForm
from ...models import User
from ._common import no_store

ACCOUNT_ADMINS = roles(Role.PLATFORM_ADMIN, Role.AGENCY_ADMIN)
PAGE_SIZE = 25


def account_for(request: HttpRequest, pk: int) -> User:
    """An account the acting admin looks after; the same 404 for missing and not theirs."""
    return get_for_user(account_services.account_list_for_user(user=request.user), request.user, pk)


@access(ACCOUNT_ADMINS)
def user_list(request: HttpRequest) -> HttpResponse:
    agencies = account_services.agencies_for_granting(user=request.user)
    form = AccountFilterForm(request.GET or None, agencies=agencies)
    filters = form.cleaned_data if form.is_valid() else {}
    agency = filters.get("agency")
    accounts = account_services.account_list_for_user(
        user=request.user, q=filters.get("q", ""), role=filters.get("role", ""), agency_id=agency.pk if agency else None
    )
    page = Paginator(accounts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "directory/accounts/user_list.html", {"form": form, "page_obj": page})


@access(ACCOUNT_ADMINS)
def user_create(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    employees = account_services.account_candidates_for_user(user=request.user, q=q)
    grantable = account_services.grantable_roles(user=request.user)
    form = AccountCreateForm(request.POST or None, employees=employees, roles=grantable)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account, password = account_services.user_create_for_employee(
                user=request.user,
                employee=data["employee"],
                username=data["username"],
                roles=[Role(value) for value in data["roles"]],
            )
        except ValidationFailed as exc:
            show_errors(form, exc)
        else:
            context = {"account": account, "password": password, "created": True}
            return no_store(render(request, "directory/accounts/temporary_password.html", context))
    context = {"form": form, "q": q, "candidate_count": len(employees)}
    return render(request, "directory/accounts/user_create.html", context)


def detail_context(request: HttpRequest, account: User, grant_form: RoleGrantForm | None = None) -> dict[str, Any]:
    actor = actor_of(request.user)
    agency_id = account.employee.agency_id if account.employee_id and account.employee else None
    target = account.get_actor()
    can_manage = policies.can_manage_account(actor, target, agency_id)
    assignments = [
        (a, can_manage and policies.can_grant_role(actor, Role(a.role), a.agency_id))
        for a in account.role_assignments.select_related("agency").order_by("role", "agency__code")
    ]
    grant_form = grant_form or RoleGrantForm(
        roles=account_services.grantable_roles(user=request.user),
        agencies=account_services.agencies_for_granting(user=request.user),
        initial={"agency": agency_id},
    )
    return {
        "account": account,
        "assignments": assignments,
        "can_manage": can_manage,
        "can_reset_two_factor": policies.can_reset_two_factor(actor, target, agency_id),
        "grant_form": grant_form,
    }


@access(ACCOUNT_ADMINS)
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    account = account_for(request, pk)
    return render(request, "directory/accounts/user_detail.html", detail_context(request, account))
