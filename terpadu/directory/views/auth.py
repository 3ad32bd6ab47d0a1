"""Login, logout and two-factor pages."""

from __future__ import annotations

from django.contrib.auth import views as auth_views

from terpadu.core.access import PUBLIC, access

from ..forms import LoginForm


@access(PUBLIC)
class LoginView(auth_views.LoginView):
    template_name = "directory/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True


@access(PUBLIC)
class LogoutView(auth_views.LogoutView):
    pass
