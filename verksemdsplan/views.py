from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _


@login_required
def index(request):
    return render(
        request,
        "ikkje_bygd.html",
        {
            "tittel": _("Business plan"),
            "skildring": _(
                "Each unit's one-year business plan will live here: the chief executive's order letter, the assignments with their owners and delegation, goals, strategies and indicators."
            ),
        },
    )
