from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _


@login_required
def index(request):
    return render(
        request,
        "ikkje_bygd.html",
        {
            "tittel": _("Checklists"),
            "skildring": _(
                "The internal-control checklists will live here: purpose, type and check points, answered by every leader and followed up in the monthly leader dialogue."
            ),
        },
    )
