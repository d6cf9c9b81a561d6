from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render


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
