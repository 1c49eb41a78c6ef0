"""The kommunedirektør's overview of where internal control slips: the year's answers along the
organisation, the months and the points (`checklists.oversikt` counts them)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from alver.lib import tre
from alver.models import Eining

from .. import oversikt as teljing
from .. import permissions as tilgang


@login_required
def oversikt(request, aar):
    """Rows: the children of the start unit (the kommune, or the highest unit the reader leads;
    `?eining=` drills down), columns: the months so far; `?punkt=` narrows to one point. Every
    count links to the answers behind it: a unit's answer page, or the drill-down."""
    liste = tilgang.publisert_sjekkliste_for(request.user, aar)
    rot = tilgang.oversikt_rot(request.user, request.GET.get("eining", ""))
    punkt_pk = request.GET.get("punkt", "")
    try:
        o = teljing.oversikt(liste, rot, punkt_pk=int(punkt_pk) if punkt_pk else None)
    except (ValueError, LookupError) as exc:
        raise Http404 from exc
    side = Paginator(o.rader, teljing.SIDE).get_page(request.GET.get("side"))
    # the way back up, as far as the reader sees
    vegar = tre.over(rot)
    over = [
        e
        for e in Eining.objects.aktive().filter(path__in=vegar).order_by("depth")
        if tilgang.kan_sjaa_oversikt_over(request.user, e)
    ]
    return render(request, "checklists/oversikt.html", {"o": o, "side": side, "over": over, "liste": liste})
