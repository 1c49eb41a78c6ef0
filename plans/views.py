from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _


@login_required
def index(request):
    return render(
        request,
        "ikkje_bygd.html",
        {
            "tittel": _("Plans"),
            "skildring": _(
                "The municipal master plan, sector plans and thematic plans will live here: goals and sub-goals, strategies, action plans rolled every year, and their measures."
            ),
        },
    )
