import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, F, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from alver import permissions
from alver.lib import klokke, tal
from alver.lib.samtidig import Konflikt, vis_konflikt
from alver.models import Eining
from alver.permissions import Rolle
from alver.services import Importfeil
from alver.templatetags.alver import kroner
from verksemdsplan import permissions as oppdrag_tilgang
from verksemdsplan.models import Kategori, Oppdrag

from . import permissions as rapport_tilgang
from . import rapportar, tasks
from . import services as tenester
from .forms import OkonomiImportForm, OkonomiKommentarForm, ReglarForm, StatusrapportForm
from .models import Periode, Rapportutskrift, Statusrapport

GRENSE = 10  # each list on Mi side shows this many and links to the full, filtered list


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
        i_dag = klokke.i_dag()
        mine = Oppdrag.objects.aktive().opne().filter(owner=user).select_related("eining", "kategori")
        ctx |= {
            "i_dag": i_dag,
            # new assignments have no deadline yet: they come first, to be given one
            "nye": _liste(
                mine.filter(created_at__gte=klokke.no() - datetime.timedelta(days=14)).order_by(
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
        # what I must report in the open periods (my own oppdrag not yet reported)
        opne = [
            p for p in Periode.objects.filter(open=True).order_by("frist")[:3] if tenester.laast_av(p) is None
        ]
        ctx["aa_rapportere"] = [
            (p, tenester.oppdrag_i_perioden(p).filter(owner=user).exclude(statusrapportar__periode=p).count())
            for p in opne
        ]
        # freshness: what has gone two periods without a report, mine and in the units I lead
        ctx["ikkje_rapportert"] = _liste(tenester.utan_rapport_to_periodar(mine).order_by("frist", "pk"))
        ctx["ikkje_rapportert_einingar"] = _liste(
            tenester.utan_rapport_to_periodar(
                Oppdrag.objects.aktive().opne().filter(permissions.i_leia_einingar(user, "eining__path"))
            )
            .exclude(owner=user)
            .select_related("owner", "eining")
            .order_by("eining__path", "frist", "pk")
        )
        if permissions.har_rolle(user, Rolle.KOMMUNEDIREKTOR, Rolle.KOMMUNALSJEF):
            # the leaders who quality-assure the thread see what lacks a goal link in their units
            ctx["utan_kopling_einingar"] = _liste(
                Oppdrag.objects.aktive()
                .opne()
                .utan_kopling()
                .filter(permissions.i_leia_einingar(user, "eining__path"), parent__isnull=True)
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


# --- rapportering -----------------------------------------------------------------------------


@login_required
def index(request):
    """The year's periods with deadlines, open or closed; økonomi generates, opens and closes.
    Politicians find the political reports released to them here."""
    user = request.user
    if not rapport_tilgang.kan_sjaa(user):
        if not permissions.har_rolle(user, Rolle.POLITIKAR):
            raise Http404
        return render(
            request,
            "reporting/politisk.html",
            {"periodar": rapport_tilgang.tertialperiodar(user).order_by("-aar", "-til")},
        )
    aar = request.GET.get("aar", "")
    aar = tal.aar(aar, klokke.i_dag().year)
    periodar = list(Periode.objects.filter(aar=aar).order_by("til", "frist"))
    return render(
        request,
        "reporting/index.html",
        {
            "aar": aar,
            "periodar": periodar,
            "kan_styre": rapport_tilgang.kan_styre_periodar(user),
            "kan_importere": rapport_tilgang.kan_importere_okonomi(user),
            "tertialar": {p.pk for p in rapport_tilgang.tertialperiodar(user).filter(aar=aar)},
            "maanadsrapport": rapport_tilgang.les_alt(user) or permissions.leia_einingar(user).exists(),
        },
    )


@login_required
def reglar(request):
    """How often each category's oppdrag are reported and whether to the politicians; økonomi
    and administrators change them, every employee may read them."""
    if not rapport_tilgang.kan_sjaa(request.user):
        raise Http404
    kan_endre = rapport_tilgang.kan_styre_periodar(request.user)
    kategoriar = list(Kategori.objects.select_related("regel").order_by("rekkjefolgje", "pk"))
    form = ReglarForm(request.POST or None, kategoriar=kategoriar)
    if request.method == "POST":
        if not kan_endre:
            raise PermissionDenied
        if form.is_valid():
            n = tenester.lagre_reglar(form.verdiar())
            messages.success(request, ngettext("%(n)s rule changed.", "%(n)s rules changed.", n) % {"n": n})
            return redirect("reporting:reglar")
    return render(request, "reporting/reglar.html", {"form": form, "kan_endre": kan_endre})


@require_POST
@login_required
def generer(request):
    rapport_tilgang.krev_periodestyring(request.user)
    aar = request.POST.get("aar", "")
    aar = tal.aar(aar)
    if aar is None:
        messages.error(request, _("Give a year between 2000 and 2100."))
        return redirect("reporting:index")
    n = tenester.generer_periodar(aar)
    messages.success(request, ngettext("%(n)s period made.", "%(n)s periods made.", n) % {"n": n})
    return redirect(f"{reverse('reporting:index')}?aar={aar}")


@require_POST
@login_required
def opne_lukk(request, kode):
    rapport_tilgang.krev_periodestyring(request.user)
    periode = rapport_tilgang.periode_for(request.user, kode)
    periode.open = not periode.open
    periode._change_reason = _("Opened") if periode.open else _("Closed")
    periode.save()
    return redirect(f"{reverse('reporting:index')}?aar={periode.aar}")


def _radene(user, periode):
    qs = rapport_tilgang.omfang(user, tenester.oppdrag_i_perioden(periode))
    return qs.select_related("owner", "eining", "kategori").order_by("eining__path", "frist", "pk")


def _eining_i_omfang(request, kode):
    """The unit named by ?eining= (404 when unknown); None when none is asked for."""
    if not kode:
        return None
    return get_object_or_404(Eining.objects.aktive(), kode=kode)


@login_required
def periode(request, kode):
    """What this user reports (their own and their units') in the period, with deviations first;
    ?eining= narrows to a unit's subtree and ?maal= to a goal (the roll-up's drill-down)."""
    p = rapport_tilgang.periode_for(request.user, kode)
    qs = _radene(request.user, p)
    eining = _eining_i_omfang(request, request.GET.get("eining", ""))
    berre = eining is not None and request.GET.get("berre") == "1"
    if berre:
        qs = qs.filter(eining=eining)  # the roll-up's «its own» row: not the units below
    elif eining is not None:
        qs = qs.filter(eining__path__startswith=eining.path)
    eigar_meg = request.GET.get("eigar") == "meg"
    if eigar_meg:
        qs = qs.filter(owner=request.user)
    maal = tal.heiltal(request.GET.get("maal", ""), 0, 2**62)
    if maal == 0:
        qs = qs.filter(maal__isnull=True)
    elif maal is not None:
        qs = qs.filter(maal=maal)
    grunnlag = qs
    rapportar = Statusrapport.objects.filter(periode=p, oppdrag__in=qs)
    filt = request.GET.get("vis", "")
    if filt == "manglar":
        qs = qs.exclude(pk__in=rapportar.values("oppdrag_id"))
    elif filt in ("avvik", "raud", "gul"):
        avvik = rapportar.exclude(lys="gron") if filt == "avvik" else rapportar.filter(lys=filt)
        # red before yellow: the items that drive the colour come first
        qs = (
            qs.filter(pk__in=avvik.values("oppdrag_id"))
            .annotate(
                raud=Count(
                    "statusrapportar", filter=Q(statusrapportar__periode=p, statusrapportar__lys="raud")
                )
            )
            .order_by("-raud", "eining__path", "frist", "pk")
        )
    side = Paginator(tenester.med_sist_rapportert(qs), 50).get_page(request.GET.get("side"))
    per_oppdrag = {
        r.oppdrag_id: r for r in rapportar.filter(oppdrag__in=list(side)).select_related("rapportert_av")
    }
    flagga = set(
        tenester.utan_rapport_to_periodar(Oppdrag.objects.filter(pk__in=[o.pk for o in side])).values_list(
            "pk", flat=True
        )
    )
    # readers of everything see other units' rows too; only rows they may report get the link
    kan = set(
        rapport_tilgang.rapporterbare(
            request.user, Oppdrag.objects.filter(pk__in=[o.pk for o in side])
        ).values_list("pk", flat=True)
    )
    for o in side:
        o.rapport = per_oppdrag.get(o.pk)
        o.flagga = o.pk in flagga
        o.kan_rapportere = o.pk in kan
    teljing = rapportar.aggregate(alle=Count("pk"), avvik=Count("pk", filter=~Q(lys="gron")))
    laast = tenester.laast_av(p) if p.open else None
    opa = p.open and laast is None
    til_stadfesting = (
        tenester.utan_avvik(
            p, rapport_tilgang.avviksmodus_omfang(request.user, tenester.oppdrag_i_perioden(p))
        ).count()
        if opa
        else 0
    )
    totalt = grunnlag.count()
    return render(
        request,
        "reporting/periode.html",
        {
            "p": p,
            "side": side,
            "vis": filt,
            "eining": eining,
            "berre": berre,
            "maal": maal,
            "totalt": totalt,
            "rapporterte": teljing["alle"],
            "avvik": teljing["avvik"],
            "manglar": max(totalt - teljing["alle"], 0),
            "filtrert": eining is not None or maal is not None or eigar_meg,
            "eigar_meg": eigar_meg,
            "opa": opa,
            "laast": laast,
            "til_stadfesting": til_stadfesting,
        },
    )


@login_required
def rapporter(request, kode, pk):
    p = rapport_tilgang.periode_for(request.user, kode)
    o = get_object_or_404(_radene(request.user, p), pk=pk)
    if not rapport_tilgang.kan_rapportere(request.user, o):
        raise PermissionDenied
    finst = Statusrapport.objects.filter(oppdrag=o, periode=p).select_related("rapportert_av").first()
    laast = tenester.laast_av(p)
    if not p.open or laast is not None:
        # nothing can be saved: show what was reported, not a form that would refuse
        return render(request, "reporting/rapport_vis.html", {"p": p, "o": o, "r": finst, "laast": laast})
    form = StatusrapportForm(request.POST or None, instance=finst)
    if form.is_bound and form.is_valid():
        try:
            tenester.rapporter(
                o,
                p,
                user=request.user,
                versjon=form.cleaned_data["versjon"] or 0,  # none sent: a conflict if one exists
                **{k: form.cleaned_data[k] for k in ("status", "lys", "kommentar", "framdrift")},
            )
        except Konflikt as exc:
            vis_konflikt(form, exc)
        except tenester.Rapportfeil as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Reported: %(t)s.") % {"t": o.tittel})
            return redirect(p)
    return render(
        request,
        "skjema.html",
        {
            "form": form,
            "tittel": _("Report %(periode)s: %(t)s") % {"periode": p, "t": o.tittel},
            "avbryt": p.get_absolute_url(),
            "smular": [(reverse("reporting:index"), _("Reporting")), (p.get_absolute_url(), str(p))],
        },
    )


@require_POST
@login_required
def alt_i_rute(request, kode):
    """Deviation mode: confirm everything this user may report and has not reported as on track."""
    p = rapport_tilgang.periode_for(request.user, kode)
    qs = rapport_tilgang.avviksmodus_omfang(request.user, tenester.oppdrag_i_perioden(p))
    try:
        n = tenester.alt_anna_i_rute(p, qs, user=request.user)
    except tenester.Rapportfeil as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            ngettext("%(n)s assignment confirmed on track.", "%(n)s assignments confirmed on track.", n)
            % {"n": n},
        )
        att = qs.exclude(statusrapportar__periode=p).count()
        if att:
            messages.warning(
                request,
                ngettext(
                    "%(n)s delayed or overdue assignment was left for you to report.",
                    "%(n)s delayed or overdue assignments were left for you to report.",
                    att,
                )
                % {"n": att},
            )
    return redirect(p)


@login_required
def innlevering(request, kode):
    """Who has reported in the period and who has not, per owner, for what the user may read."""
    p = rapport_tilgang.periode_for(request.user, kode)
    qs = _radene(request.user, p)
    rader = (
        qs.values("owner", "owner__namn", "eining", "eining__namn")
        .annotate(
            alle=Count("pk", distinct=True),
            rapportert=Count("statusrapportar", filter=Q(statusrapportar__periode=p), distinct=True),
        )
        .order_by("eining__namn", "owner__namn")
    )
    side = Paginator(rader, 100).get_page(request.GET.get("side"))
    return render(request, "reporting/innlevering.html", {"p": p, "side": side})


# --- roll-up ------------------------------------------------------------------------------------


def _rot_for(user, kode):
    """The unit a roll-up or report starts from: the one asked for (if the user may read it), else
    the highest unit the user leads, else the kommune for those who read everything."""
    if kode:
        eining = get_object_or_404(Eining.objects.aktive(), kode=kode)
        rapport_tilgang.krev_lesing_av_eining(user, eining)
        return eining
    leiar = permissions.leia_einingar(user).order_by("depth", "path").first()
    if leiar is None and rapport_tilgang.les_alt(user):
        return rapportar.kommunen()
    return leiar


@login_required
def oversikt(request, kode):
    """How the oppdrag stand in the period, along the organisation (each unit under the chosen
    one, with its subtree) and along the goals; every count links to the items behind it."""
    p = rapport_tilgang.periode_for(request.user, kode)
    qs = rapport_tilgang.omfang(request.user, tenester.oppdrag_i_perioden(p))
    rot = _rot_for(request.user, request.GET.get("eining", ""))
    ctx = {"p": p, "rot": rot}
    if rot is not None:
        ctx["organisasjon"], ctx["totalt"] = tenester.rull_opp_organisasjon(p, qs, rot)
        qs = qs.filter(eining__path__startswith=rot.path)
        steg = Eining.steplen
        vegar = [rot.path[:i] for i in range(steg, len(rot.path), steg)]
        ctx["over"] = [
            e
            for e in Eining.objects.aktive().filter(path__in=vegar).order_by("depth")
            if rapport_tilgang.kan_lese_eining(request.user, e)
        ]
    ctx["maal"], ctx["utan_maal"] = tenester.rull_opp_maal(p, qs)
    if rot is None:
        ctx["totalt"] = tenester.tel_opp(p, qs)
    # each row's drill-down: the period page narrowed to what the row counts
    innan = f"eining={rot.kode}&" if rot else ""
    for r in ctx.get("organisasjon", []):
        r["q"] = f"eining={r['eining'].kode}&" + ("berre=1&" if r.get("eigen") else "")
    ctx["totalt"]["q"] = innan
    for r in ctx["maal"]:
        r["q"] = f"{innan}maal={r['maal__pk']}&"
    ctx["utan_maal"]["q"] = f"{innan}maal=0&"
    ctx["reglar"], ctx["utan_regel"] = tenester.reglar_for(p)
    return render(request, "reporting/oversikt.html", ctx)


# --- the monthly report -------------------------------------------------------------------------


def _maanad_for(user, kode):
    p = rapport_tilgang.periode_for(user, kode)
    if p.type != "maanad":
        raise Http404
    return p


def _maanad_og_rot(request, kode):
    """The month and the unit its report or economy is for (403 for those who lead nothing and
    do not read everything)."""
    p = _maanad_for(request.user, kode)
    rot = _rot_for(request.user, request.GET.get("eining", ""))
    if rot is None:
        raise PermissionDenied
    return p, rot


def _maanadsrapport(request, p, rot):
    return rapportar.maanadsrapport(
        p, rot, rapport_tilgang.omfang(request.user, tenester.oppdrag_i_perioden(p))
    )


@login_required
def maanadsrapport(request, kode):
    """A unit's (from the kommune: the whole kommune's) month: economy, then oppdrag by
    category with deviations first and the comments."""
    p, rot = _maanad_og_rot(request, kode)
    ctx = _maanadsrapport(request, p, rot)
    ctx["er_kommunen"] = rot.depth == 1
    ctx["born"] = (
        Eining.objects.aktive().filter(path__startswith=rot.path, depth=rot.depth + 1).order_by("path")
    )
    ctx["utskrifter"] = (
        p.utskrifter.filter(type="maanad", created_by=request.user)[:3] if ctx["er_kommunen"] else []
    )
    return render(request, "reporting/maanadsrapport.html", ctx)


@login_required
def maanadsrapport_pdf(request, kode):
    """A unit's månadsrapport as PDF at once; the kommune's is made in the background."""
    p, rot = _maanad_og_rot(request, kode)
    if rot.depth == 1:
        return redirect(f"{reverse('reporting:maanadsrapport', args=[p.kode])}?eining={rot.kode}")
    ctx = _maanadsrapport(request, p, rot)
    svar = HttpResponse(rapportar.pdf("maanad", p, ctx), content_type="application/pdf")
    svar["Content-Disposition"] = f'attachment; filename="maanadsrapport-{p.kode}-{rot.kode}.pdf"'
    return svar


# --- economy ------------------------------------------------------------------------------------


@login_required
def okonomi(request, kode):
    """The month's economy per unit: budget, actual, forecast, deviation and comment."""
    p, rot = _maanad_og_rot(request, kode)
    rader, sum_ = tenester.okonomi_under(p, rot)
    kan_kommentere = rapport_tilgang.okonomikommentar_test(request.user)
    for r in rader:
        r.kan_kommentere = kan_kommentere(r.eining)
    return render(
        request,
        "reporting/okonomi.html",
        {
            "p": p,
            "rot": rot,
            "rader": rader,
            "sum": sum_,
            "kan_importere": rapport_tilgang.kan_importere_okonomi(request.user),
        },
    )


@login_required
def okonomi_kommentar(request, kode, eining):
    """The unit's leader writes the comment on the month's figures."""
    p = _maanad_for(request.user, kode)
    e = get_object_or_404(Eining.objects.aktive(), kode=eining)
    rapport_tilgang.krev_lesing_av_eining(request.user, e)
    if not rapport_tilgang.kan_kommentere_okonomi(request.user, e):
        raise PermissionDenied
    rad = get_object_or_404(p.okonomirapportar.select_related("eining", "periode"), eining=e)
    form = OkonomiKommentarForm(request.POST or None, instance=rad)
    if form.is_bound and form.is_valid():
        try:
            tenester.kommenter_okonomi(
                rad, form.cleaned_data["kommentar"], form.cleaned_data["versjon"] or 0, user=request.user
            )
        except Konflikt as exc:
            vis_konflikt(form, exc)
        except tenester.Rapportfeil as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The comment is saved."))
            return redirect(f"{reverse('reporting:okonomi', args=[p.kode])}?eining={e.kode}")
    return render(
        request,
        "skjema.html",
        {
            "form": form,
            "tittel": _("Comment on the economy: %(eining)s, %(p)s") % {"eining": e.namn, "p": p},
            "merknad": _("Forecast %(prognose)s, deviation %(avvik)s kroner.")
            % {"prognose": kroner(rad.prognose), "avvik": kroner(rad.avvik)},
            "avbryt": f"{reverse('reporting:okonomi', args=[p.kode])}?eining={e.kode}",
            "smular": [
                (reverse("reporting:index"), _("Reporting")),
                (p.get_absolute_url(), str(p)),
                (reverse("reporting:okonomi", args=[p.kode]), _("Economy")),
            ],
        },
    )


@login_required
def okonomi_import(request, kode):
    """Upload the ledger export for the month; any error saves nothing and names its row."""
    rapport_tilgang.krev_okonomiimport(request.user)
    p = _maanad_for(request.user, kode)
    form = OkonomiImportForm(request.POST or None, request.FILES or None)
    feil = []
    if form.is_bound and form.is_valid():
        fil = form.cleaned_data["fil"]
        try:
            rader, feil = tenester.planlegg_okonomiimport(p, fil.name, fil.read())
        except Importfeil as exc:
            form.add_error("fil", str(exc))
        else:
            if not feil and not rader:
                form.add_error("fil", _("The file has no rows."))
            elif not feil:
                try:
                    n = tenester.lagre_okonomi(p, rader, user=request.user)
                except tenester.Rapportfeil as exc:
                    form.add_error("fil", str(exc))
                    return render(
                        request, "reporting/okonomi_import.html", {"p": p, "form": form, "feil": feil}
                    )
                messages.success(
                    request,
                    ngettext("Economy for %(n)s unit imported.", "Economy for %(n)s units imported.", n)
                    % {"n": n},
                )
                return redirect("reporting:okonomi", p.kode)
    return render(request, "reporting/okonomi_import.html", {"p": p, "form": form, "feil": feil})


# --- the tertial report -------------------------------------------------------------------------


@login_required
def tertialrapport(request, kode):
    """For the politicians: the political categories' oppdrag with their latest status and
    the economy per sector; released by the kommunedirektør."""
    p = rapport_tilgang.tertialperiode_for(request.user, kode)
    ctx = rapportar.tertialrapport(p)
    ctx["kan_frigje"] = rapport_tilgang.kan_frigje(request.user) and p.frigitt_at is None
    ctx["user_er_tilsett"] = rapport_tilgang.kan_sjaa(request.user)
    ctx["utskrifter"] = p.utskrifter.filter(type="tertial", created_by=request.user)[:3]
    return render(request, "reporting/tertialrapport.html", ctx)


@require_POST
@login_required
def frigje(request, kode):
    p = rapport_tilgang.tertialperiode_for(request.user, kode)
    if not rapport_tilgang.kan_frigje(request.user):
        raise PermissionDenied
    try:
        tenester.frigje(p, user=request.user)
    except tenester.Rapportfeil as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The report is released to the politicians."))
    return redirect("reporting:tertialrapport", p.kode)


# --- kommune-wide PDFs, made in the background ----------------------------------------------------


def _utskrift_periode(user, kode, typ):
    """The period of a kommune-wide report this user may print: the tertial report for those
    who may read it, the kommune's monthly report for those who read everything."""
    if typ == Rapportutskrift.Type.TERTIAL:
        return rapport_tilgang.tertialperiode_for(user, kode)
    if typ == Rapportutskrift.Type.MAANAD:
        p = _maanad_for(user, kode)
        if not rapport_tilgang.les_alt(user):
            raise PermissionDenied
        return p
    raise Http404


@require_POST
@login_required
def utskrift_ny(request, kode):
    typ = request.POST.get("type", "")
    p = _utskrift_periode(request.user, kode, typ)
    spraak = translation.get_language() or "nn"
    # one being made already for the same report and language is the one to wait for
    underveg = p.utskrifter.filter(
        type=typ,
        spraak=spraak,
        status__in=Rapportutskrift.UNDERVEGS,
        created_by=request.user,
        created_at__gte=klokke.no() - Rapportutskrift.TIDSGRENSE,
    ).first()
    if underveg is not None:
        return redirect(underveg)
    u = Rapportutskrift.objects.create(periode=p, type=typ, spraak=spraak, created_by=request.user)
    transaction.on_commit(lambda: tasks.lag_utskrift.delay(u.pk))
    return redirect(u)


@login_required
def utskrift(request, kode, pk):
    """The progress of a report PDF (htmx polls while it is made), then the link to it."""
    u = get_object_or_404(Rapportutskrift.objects.select_related("periode"), pk=pk)
    p = _utskrift_periode(request.user, kode, u.type)
    if u.periode_id != p.pk or not rapport_tilgang.kan_lese_utskrift(request.user, u, p):
        raise Http404
    mal = "reporting/partials/utskrift_status.html" if request.htmx else "reporting/utskrift.html"
    return render(request, mal, {"u": u, "p": p})


@login_required
def utskrift_fil(request, kode, pk):
    u = get_object_or_404(Rapportutskrift, pk=pk, status=Rapportutskrift.Status.FERDIG)
    p = _utskrift_periode(request.user, kode, u.type)
    if u.periode_id != p.pk or not rapport_tilgang.kan_lese_utskrift(request.user, u, p):
        raise Http404
    try:
        fil = u.fil.open("rb")
    except FileNotFoundError:
        raise Http404 from None  # removed from the disk: make it again from the report page
    svar = FileResponse(fil, content_type="application/pdf")
    namn = "tertialrapport" if u.type == "tertial" else "maanadsrapport"
    svar["Content-Disposition"] = f'attachment; filename="{namn}-{p.kode}.pdf"'
    return svar
