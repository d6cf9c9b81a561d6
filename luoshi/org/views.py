from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from luoshi.audit.services import Actor, record

from .models import User
from .passwords import must_change


@login_required
def home(request):
    """Send each person to where their work is."""
    user = request.user
    if user.is_supervisor:
        return redirect("plans:list")
    if user.is_liaison:
        return redirect("reports:my_tasks")
    if user.is_leader:
        return redirect("supervise:dashboard")
    if user.is_administrator and user.is_staff:
        return redirect("admin:index")
    return render(request, "org/no_role.html", status=403)


@login_required
def password_change(request):
    """Every person changes their own password here; forced after an admin reset, at first login, on expiry."""
    form = PasswordChangeForm(request.user, request.POST or None)
    forced = must_change(request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save()
            User.objects.filter(pk=user.pk).update(must_change_password=False)
            record(
                Actor.from_request(request),
                "change_own_password",
                user,
                summary=f"修改本人密码：{user.username}",
            )
        update_session_auth_hash(request, user)
        messages.success(request, "密码已修改。")
        target = request.POST.get("next") or ""
        if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
            target = reverse("home")
        return redirect(target)
    return render(
        request,
        "org/password_change.html",
        {"form": form, "forced": forced, "next": request.GET.get("next") or request.POST.get("next") or ""},
    )
