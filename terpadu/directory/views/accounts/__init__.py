"""Account pages: two-factor, “Akun saya” and “Pengguna” (account administration)."""

from django.urls import URLPattern, URLResolver, path

from terpadu.core.access import AUTHENTICATED
from terpadu.core.navigation import NavItem, register

from . import me, two_factor, user_actions, users

register(
    NavItem("Pengguna", "directory:user_list", users.ACCOUNT_ADMINS, order=80, section="Administrasi"),
    NavItem("Akun saya", "directory:account", AUTHENTICATED, order=90, section="Administrasi"),
)

urlpatterns: list[URLPattern | URLResolver] = [
    path("akun/", me.account, name="account"),
    path("akun/kata-sandi/", me.password_change, name="password_change"),
    path("akun/token/", me.token_create, name="token_create"),
    path("akun/token/<int:token_id>/cabut/", me.token_revoke, name="token_revoke"),
    path("akun/2fa/aktifkan/", two_factor.two_factor_setup, name="two_factor_setup"),
    path("akun/2fa/verifikasi/", two_factor.two_factor_verify, name="two_factor_verify"),
    path("pengguna/", users.user_list, name="user_list"),
    path("pengguna/baru/", users.user_create, name="user_create"),
    path("pengguna/<int:pk>/", users.user_detail, name="user_detail"),
    path("pengguna/<int:pk>/peran/", user_actions.user_role_grant, name="user_role_grant"),
    path("pengguna/<int:pk>/peran/<int:assignment_id>/cabut/", user_actions.user_role_revoke, name="user_role_revoke"),
    path("pengguna/<int:pk>/status/", user_actions.user_set_active, name="user_set_active"),
    path("pengguna/<int:pk>/atur-ulang-sandi/", user_actions.user_password_reset, name="user_password_reset"),
    path("pengguna/<int:pk>/atur-ulang-2fa/", user_actions.user_two_factor_reset, name="user_two_factor_reset"),
]
