"""The person's own API tokens: list, create (the key is shown once, on the page that created it), revoke."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from luoshi.audit.services import Actor
from luoshi.lib.errors import ServiceError
from luoshi.org.models import User
from luoshi.org.permissions import role_required

from . import services
from .forms import TokenForm
from .models import ApiToken

BUSINESS = (User.Role.SUPERVISOR, User.Role.LEADER, User.Role.LIAISON)


@role_required(*BUSINESS)
def token_list(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            token, new_key = services.create_token(Actor.from_request(request), **form.cleaned_data)
        except ServiceError as e:
            form.add_error(None, str(e))
        else:
            form = TokenForm()
            messages.success(request, f"已创建接口令牌“{token.name}”。请立即复制保存：它只显示这一次。")
    tokens = ApiToken.objects.filter(user=request.user)
    return render(request, "api/tokens.html", {"form": form, "tokens": tokens, "new_key": new_key})


@require_POST
@role_required(*BUSINESS)
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken.objects.filter(user=request.user), pk=pk)
    try:
        services.revoke_token(Actor.from_request(request), token)
    except ServiceError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, f"已撤销接口令牌“{token.name}”。")
    return redirect("apitokens:list")
