from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from alver import permissions


@login_required
def index(request):
    return render(
        request,
        "ikkje_bygd.html",
        {
            "tittel": _("Reporting"),
            "skildring": _(
                "Reporting will live here: periods and rules, status reports on assignments, monthly and tertial reports, and My page."
            ),
        },
    )


@login_required
def start(request):
    """The start page after login. Mi side grows here as the chain is built (DESIGN.md:
    pages that gather from the whole chain live in reporting, the last app)."""
    user = request.user
    return render(
        request,
        "reporting/start.html",
        {
            "roller": permissions.roller_i_rekkjefolgje(user),
            "leiar_for": permissions.leia_einingar(user).order_by("path"),
        },
    )
