"""`/sok/`: one search over the whole chain, grouped by kind (`reporting.sok`)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from alver.lib import sok as soklib

from .. import sok


@login_required
def sok_side(request):
    q = request.GET.get("q", "").strip()
    kutta = len(q) > soklib.MAKS_LENGD
    q = q[: soklib.MAKS_LENGD]
    for_kort = bool(q) and len(q) < soklib.MIN_LENGD
    grupper = sok.sok_alt(request.user, q) if q and not for_kort else []
    return render(
        request,
        "reporting/sok.html",
        {
            "q": q,
            "kutta": kutta,
            "for_kort": for_kort,
            "grupper": grupper,
            "alle": sum(g.tal for g in grupper),
            "grense": sok.GRENSE,
        },
    )
