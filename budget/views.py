from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _


@login_required
def index(request):
    return render(
        request,
        "ikkje_bygd.html",
        {
            "tittel": _("Economic plan"),
            "skildring": _(
                "The four-year action and economic plan will live here: budget frames per sector, the measures prioritised and financed, worded political orders, and the decisions of each political round."
            ),
        },
    )
