import datetime

from django.contrib.auth.decorators import login_required
from django.db.models import F, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alver import permissions
from alver.permissions import Rolle
from verksemdsplan import permissions as oppdrag_tilgang
from verksemdsplan.models import Oppdrag

GRENSE = 10  # each list on Mi side shows this many and links to the full, filtered list


@login_required
def index(request):
    return render(
        request,
        "ikkje_bygd.html",
        {
            "tittel": _("Reporting"),
            "skildring": _(
                "Reporting will live here: periods and rules, status reports on assignments, monthly and tertial "
                "reports, and My page."
            ),
        },
    )


@login_required
def start(request):
    """The start page after login is Mi side (the seed puts it in the reporting module)."""
    return redirect("reporting:mi_side")


def _liste(qs):
    """A bounded list and its full size, in two queries however much there is."""
    return {"rader": list(qs[:GRENSE]), "tal": qs.count()}


@login_required
def mi_side(request):
    user = request.user
    ctx = {
        "roller": permissions.roller_i_rekkjefolgje(user),
        "leiar_for": permissions.leia_einingar(user).order_by("path"),
    }
    if oppdrag_tilgang.kan_lese(user):
        i_dag = timezone.localdate()
        mine = Oppdrag.objects.aktive().opne().filter(owner=user).select_related("eining", "kategori")
        ctx |= {
            "i_dag": i_dag,
            # new assignments have no deadline yet: they come first, to be given one
            "nye": _liste(
                mine.filter(created_at__gte=timezone.now() - datetime.timedelta(days=14)).order_by(
                    "-created_at", "-pk"
                )
            ),
            "mine": _liste(mine.order_by(F("frist").asc(nulls_first=True), "-pk")),
            "forseinka": _liste(mine.filter(frist__lt=i_dag).order_by("frist", "pk")),
            "snart": _liste(
                mine.filter(frist__gte=i_dag, frist__lte=i_dag + datetime.timedelta(days=30)).order_by(
                    "frist", "pk"
                )
            ),
            "utan_kopling": _liste(mine.utan_kopling().order_by("frist", "pk")),
            "delegert": _liste(
                Oppdrag.objects.aktive()
                .filter(parent__owner=user)
                .select_related("owner", "parent")
                .order_by("status", "frist", "pk")
            ),
        }
        if permissions.har_rolle(user, Rolle.KOMMUNEDIREKTOR, Rolle.KOMMUNALSJEF):
            # the leaders who quality-assure the thread see what lacks a goal link in their units
            vegar = Q()
            for veg in permissions.leia_einingar(user).values_list("path", flat=True):
                vegar |= Q(eining__path__startswith=veg)
            qs = Oppdrag.objects.aktive().opne().utan_kopling() if vegar else Oppdrag.objects.none()
            ctx["utan_kopling_einingar"] = _liste(
                qs.filter(vegar, parent__isnull=True)
                .select_related("owner")
                .order_by(F("frist").asc(nulls_first=True), "pk")
            )
            ctx["mine_einingar"] = permissions.leia_einingar(user).order_by("depth").first()
        if permissions.har_rolle(user, Rolle.KOMMUNEDIREKTOR, Rolle.ADMINISTRATOR):
            ctx["utan_eigar"] = _liste(
                Oppdrag.objects.aktive()
                .opne()
                .filter(owner__isnull=True)
                .select_related("eining")
                .order_by("frist", "pk")
            )
    return render(request, "reporting/mi_side.html", ctx)
