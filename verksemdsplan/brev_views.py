"""Pages of the oppdragsbrev: the overview with deadlines, the letter, editing beside the
letter above, the workflow, version comparison, the PDF and the public innsyn page."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.formats import number_format
from django.utils.http import quote_etag
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alver.lib import klokke, mellomlager, tal
from alver.lib.historikk import endringslogg
from alver.lib.samtidig import Konflikt
from alver.models import Eining

from . import brev as tenester
from . import permissions
from .models import Brevmal, Brevseksjon, Brevversjon, Oppdragsbrev, Tema, Verksemdsplan
from .services import merk_ferdig

# seconds a public letter may be reused without asking: short, since a newly exempt oppdrag
# must disappear from it soon
INNSYN_MAKS_ALDER = 300


def frist(aar):
    maanad, dag = settings.OPPDRAGSBREV_FRIST
    return datetime.date(aar, maanad, dag)


def _aar(request):
    aar = request.GET.get("aar", "")
    return tal.aar(aar, klokke.i_dag().year)


@login_required
def oversikt(request):
    """Per unit: is the letter published and the verksemdsplan done, and by the deadline?"""
    if not permissions.kan_lese(request.user):
        raise Http404
    aar = _aar(request)
    side = Paginator(Eining.objects.aktive().select_related("leiar").order_by("path"), 100).get_page(
        request.GET.get("side")
    )
    einingar = list(side)
    brev = {b.eining_id: b for b in Oppdragsbrev.objects.filter(aar=aar, eining__in=einingar)}
    publisert = dict(
        Brevversjon.objects.filter(brev__in=brev.values())
        .order_by("brev", "-publisert_at")
        .values_list("brev__eining_id", "publisert_at")
    )  # newest first, so the dict keeps the first publication: that one counts for the deadline
    ferdig = dict(
        Verksemdsplan.objects.filter(aar=aar, eining__in=einingar).values_list("eining_id", "ferdig_at")
    )
    f = frist(aar)
    rader = []
    for e in einingar:
        p, v = publisert.get(e.pk), ferdig.get(e.pk)
        rader.append(
            {
                "eining": e,
                "brev": brev.get(e.pk),
                "publisert": p,
                "brev_i_tide": bool(p and timezone.localdate(p) <= f),
                "ferdig": v,
                "plan_i_tide": bool(v and timezone.localdate(v) <= f),
            }
        )
    return render(
        request,
        "verksemdsplan/brev_oversikt.html",
        {
            "aar": aar,
            "frist": f,
            "side": side,
            "rader": rader,
            "i_dag": klokke.i_dag(),
            "kan_endre_brevmal": permissions.kan_endre_brevmal(request.user),
        },
    )


def _vis(request, eining, brev, endre):
    """Editors see the letter as it now reads; readers the last published version."""
    if brev is None:
        return None, None
    siste = brev.versjonar.first()
    if endre:
        return tenester.innhald(brev), siste
    return siste.innhald, siste


@login_required
def brev(request, aar, kode):
    eining, b, endre = permissions.brev_for_lesing(request.user, aar, kode)
    data, siste = _vis(request, eining, b, endre)
    # no letter yet: what it will be based on, or that the parent unit has none (and what then)
    forelder, naermaste = tenester.grunnlag(eining, aar) if b is None else (b.basert_paa, None)
    return render(
        request,
        "verksemdsplan/brev.html",
        {
            "eining": eining,
            "aar": aar,
            "b": b,
            "data": data,
            "siste": siste,
            "versjonar": b.versjonar.select_related("publisert_av") if b else [],
            "kan_endre": endre,
            "lenker": permissions.kan_lese(request.user),
            "kan_godkjenne": b is not None and permissions.kan_godkjenne(request.user, b),
            "kan_publisere": b is not None and permissions.kan_publisere(request.user, b),
            # four eyes: the one who would approve but wrote it last is told why they cannot
            "eiga_endring": b is not None
            and b.status == Oppdragsbrev.Status.TIL_GODKJENNING
            and b.sist_endra_av_id == request.user.pk
            and b.godkjenning == Oppdragsbrev.Godkjenning.LEIAR
            and permissions.kan_godkjenne_brev(request.user, eining),
            "godkjenningsregel": tenester.godkjenningsregel(b) if b else "",
            "kandidatar": tenester.godkjennar_kandidatar(b, request.user)
            if b and endre and eining.depth == 1 and b.status == Oppdragsbrev.Status.UTKAST
            else [],
            "forelder": forelder,
            "naermaste": naermaste,
            "foreldreeining": Eining.objects.get_parent(eining) if b is None and eining.depth > 1 else None,
            "logg": tenester.brevlogg(b) if b and endre else [],
            "kan_gjenopprette": b is not None and permissions.kan_gjenopprette_brevtekst(request.user, b),
            "frist": frist(aar),
            "i_dag": klokke.i_dag(),
        },
    )


@require_POST
@login_required
def brev_gjenopprett(request, aar, kode):
    """Put back a section's text from before a change in the log (administrators)."""
    _eining, b, _endre = permissions.brev_for_lesing(request.user, aar, kode)
    if b is None:
        raise Http404
    if not permissions.kan_gjenopprette_brevtekst(request.user, b):
        raise PermissionDenied
    seksjon = tal.heiltal(request.POST.get("seksjon"), *tal.ID)
    historikk = tal.heiltal(request.POST.get("historikk"), *tal.ID)
    versjon = tal.heiltal(request.POST.get("versjon"), *tal.ID)
    if not (seksjon and historikk and versjon):
        raise Http404
    try:
        tenester.gjenopprett_tekst(b, versjon, seksjon_pk=seksjon, historikk_id=historikk, user=request.user)
    except Brevseksjon.history.model.DoesNotExist:
        raise Http404 from None
    except Konflikt:
        messages.error(
            request,
            _("The letter was changed by someone else meanwhile; nothing was restored. See the change log."),
        )
    except tenester.Brevfeil as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The earlier text is back, as a new change in the log."))
    return redirect(b)


@require_POST
@login_required
def brev_ny(request, aar, kode):
    eining, _brev = permissions.krev_brevendring(request.user, aar, kode)
    basert_paa = None
    if "basert_paa" in request.POST:
        # anything but a valid id is refused by lag_brev, as a forged one is
        basert_paa = tal.heiltal(request.POST["basert_paa"], *tal.ID, standard=0)
    try:
        tenester.lag_brev(eining, aar, user=request.user, basert_paa=basert_paa)
    except tenester.Brevfeil as exc:
        messages.error(request, str(exc))
        return redirect("verksemdsplan:brev", aar=aar, kode=kode)
    messages.success(request, _("The letter is made as a draft."))
    return redirect("verksemdsplan:brev_endre", aar=aar, kode=kode)


MAKS_TEKST = 20000  # characters per section, in the editor and its preview


def _for_lange(tekstar, maks=MAKS_TEKST):
    """The titles of the texts longer than `maks`, counted as the browser's maxlength counts
    (a line break is one character, though the form sends it as two)."""
    return [tittel for tittel, tekst in tekstar if len(tekst.replace("\r\n", "\n")) > maks]


def _for_lang_melding(titlar):
    return _("The text under %(tema)s is longer than %(maks)s characters. Shorten it; nothing was saved.") % {
        "tema": ", ".join(titlar),
        "maks": number_format(MAKS_TEKST, force_grouping=True),
    }


def _plasshaldar(rettleiing):
    """«Write here – » and the guidance's first line, without its Markdown marks."""
    linjer = (linje.strip().lstrip("#->*").strip() for linje in (rettleiing or "").splitlines())
    fyrste = next((linje for linje in linjer if linje), "")
    return _("Write here – %(hint)s") % {"hint": fyrste} if fyrste else _("Write here …")


@login_required
def brev_endre(request, aar, kode):
    eining, b = permissions.krev_brevendring(request.user, aar, kode)
    if b is None:
        raise Http404
    seksjonar = list(b.seksjonar.select_related("tema"))
    # the letter above as it was last published (its draft is not for this editor's eyes)
    forelder = {}
    publisert_over = b.basert_paa.versjonar.first() if b.basert_paa_id else None
    if publisert_over:
        forelder = {s["tema"]: s for s in publisert_over.innhald["seksjonar"]}
    feil = None
    if request.method == "POST":
        versjon = tal.heiltal(request.POST.get("versjon"), *tal.ID, standard=0)
        verdiar = {
            s.pk: (
                request.POST.get(f"tekst_{s.pk}", ""),
                request.POST.get(f"under_{s.pk}") == "on",
            )
            for s in seksjonar
        }
        try:
            # refused whole, never cut: a silently shortened letter said «saved»
            if for_lange := _for_lange((str(s.tema), verdiar[s.pk][0]) for s in seksjonar):
                raise tenester.Brevfeil(_for_lang_melding(for_lange))
            tenester.lagre_tekst(
                b, versjon, verdiar, offentleg=request.POST.get("offentleg") == "on", user=request.user
            )
        except tenester.Brevfeil as exc:
            feil = str(exc)
        except Konflikt:
            feil = _(
                "Someone else saved this letter while you were editing. Your text is below; "
                "open the letter again in a new tab to see theirs, then save again."
            )
            b.refresh_from_db()
        else:
            messages.success(request, _("The letter is saved."))
            return redirect(b)
        for s in seksjonar:
            s.tekst, s.med_underordna = verdiar[s.pk]
    malar = tenester.rettleiing(b)
    oppdrag = tenester.oppdrag_for(b, seksjonar)  # one query for all sections
    rader = []
    for s in seksjonar:
        mal = malar.get(s.tema_id)
        rader.append(
            {
                "s": s,
                "forelder": forelder.get(s.tema.kode),
                "mal": mal,
                "rettleiing": tenester.til_html(mal.rettleiing) if mal and mal.rettleiing.strip() else "",
                "plasshaldar": _plasshaldar(mal.rettleiing if mal else ""),
                "oppdrag": oppdrag[s.tema_id],
            }
        )
    return render(
        request,
        "verksemdsplan/brev_endre.html",
        {
            "eining": eining,
            "aar": aar,
            "b": b,
            "rader": rader,
            "andre": oppdrag[None],
            "publisert_over": publisert_over,
            "feil": feil,
            "kan_sjaa_oppdrag": permissions.kan_lese(request.user),
        },
    )


@require_POST
@login_required
def brev_forhandsvis(request, aar, kode):
    """One section's text as the letter will show it (htmx, while typing in the editor)."""
    _eining, b = permissions.krev_brevendring(request.user, aar, kode)
    if b is None:
        raise Http404
    pk = tal.heiltal(request.POST.get("seksjon"), *tal.ID)
    if pk is None or not b.seksjonar.filter(pk=pk).exists():
        raise Http404
    tekst = request.POST.get(f"tekst_{pk}", "")[:MAKS_TEKST]
    return render(request, "verksemdsplan/partials/brev_forhandsvis.html", {"html": tenester.til_html(tekst)})


@login_required
def brevmal(request):
    """The guidance per theme for the units' letters, and which themes a unit must answer."""
    permissions.krev_brevmal(request.user)
    temaer = list(Tema.objects.all())
    malar = {m.tema_id: m for m in Brevmal.objects.all()}
    feil, konflikt = None, {}
    verdiar = {
        t.pk: (
            malar[t.pk].rettleiing if t.pk in malar else "",
            malar[t.pk].paakravd if t.pk in malar else False,
            malar[t.pk].versjon if t.pk in malar else 0,
        )
        for t in temaer
    }
    if request.method == "POST":
        verdiar = {
            t.pk: (
                request.POST.get(f"rettleiing_{t.pk}", "").replace("\r\n", "\n"),
                request.POST.get(f"paakravd_{t.pk}") == "on",
                tal.heiltal(request.POST.get(f"versjon_{t.pk}"), 0, tal.ID[1], standard=0),
            )
            for t in temaer
        }
        try:
            if for_lange := _for_lange((str(t), verdiar[t.pk][0]) for t in temaer):
                raise tenester.Brevfeil(_for_lang_melding(for_lange))
            tenester.lagre_malar(verdiar)
        except tenester.Brevfeil as exc:
            feil = str(exc)
        except tenester.Malkonflikt as exc:
            feil = _(
                "Someone else saved the guidance for %(tema)s while you were editing; nothing was saved. "
                "Their change is shown by the theme; check it, then save again to keep yours."
            ) % {"tema": ", ".join(str(t) for t in temaer if t.pk in exc.ferske)}
            for t, fersk in exc.ferske.items():
                tekst, paakravd, _v = verdiar[t]
                verdiar[t] = (tekst, paakravd, fersk.versjon)  # saving again is a deliberate choice
                konflikt[t] = endringslogg(fersk.history, grense=3)
        else:
            messages.success(request, _("The guidance is saved."))
            return redirect("verksemdsplan:brevmal")
    logg = []
    for t in temaer:
        if t.pk in malar:
            for post in endringslogg(malar[t.pk].history, grense=10):
                post.grunn = f"{t}: {post.grunn}" if post.grunn else str(t)
                logg.append(post)
    logg.sort(key=lambda p: p.tid, reverse=True)
    return render(
        request,
        "verksemdsplan/brevmal.html",
        {
            "rader": [
                {
                    "tema": t,
                    "rettleiing": verdiar[t.pk][0],
                    "paakravd": verdiar[t.pk][1],
                    "versjon": verdiar[t.pk][2],
                    "konflikt": konflikt.get(t.pk),
                }
                for t in temaer
            ],
            "feil": feil,
            "logg": logg[:30],
        },
    )


@require_POST
@login_required
def brev_steg(request, aar, kode, steg):
    eining, b, endre = permissions.brev_for_lesing(request.user, aar, kode)
    if b is None or steg not in tenester.OVERGANGAR:
        raise Http404
    if steg == "godkjenn":
        lov = permissions.kan_godkjenne(request.user, b)
    elif steg == "publiser":
        lov = permissions.kan_publisere(request.user, b)
    else:
        lov = endre
    if not lov:
        raise PermissionDenied
    val = {}
    if steg == "send":
        godkjennar = request.POST.get("godkjennar", "")
        if godkjennar == "leiargruppa":
            val["leiargruppa"] = True
        elif godkjennar:
            pk = tal.heiltal(godkjennar, *tal.ID)
            val["godkjennar"] = (
                tenester.godkjennar_kandidatar(b, request.user).filter(pk=pk).first() if pk else None
            )
            if val["godkjennar"] is None:
                messages.error(request, _("Choose an approver who did not write the letter."))
                return redirect(b)
    elif steg == "godkjenn" and b.godkjenning == Oppdragsbrev.Godkjenning.LEIARGRUPPA:
        try:
            val["dato"] = datetime.date.fromisoformat(request.POST.get("dato", ""))
        except ValueError:
            val["dato"] = None
    try:
        tenester.steg(b, steg, user=request.user, **val)
    except tenester.Brevfeil as exc:
        messages.error(request, str(exc))
    else:
        b.refresh_from_db()
        messages.success(
            request, _("Done: the letter is now «%(status)s».") % {"status": b.get_status_display()}
        )
    return redirect(b)


@login_required
def brev_samanlikn(request, aar, kode):
    eining, b, _endre = permissions.brev_for_lesing(request.user, aar, kode)
    if b is None:
        raise Http404
    versjonar = list(b.versjonar.all())
    if not versjonar:
        raise Http404
    nummer = {v.nummer: v for v in versjonar}

    def vel(namn, standard):
        v = request.GET.get(namn, "")
        n = tal.heiltal(v, *tal.ID)
        return nummer.get(n) if n else standard

    ny = vel("b", versjonar[0])
    gammal = vel("a", versjonar[1] if len(versjonar) > 1 else versjonar[0])
    if ny is None or gammal is None:
        raise Http404
    return render(
        request,
        "verksemdsplan/brev_samanlikn.html",
        {
            "eining": eining,
            "aar": aar,
            "b": b,
            "versjonar": versjonar,
            "gammal": gammal,
            "ny": ny,
            "seksjonar": tenester.samanlikn(gammal.innhald, ny.innhald),
        },
    )


def _pdf_svar(innhald, aar, eining):
    svar = (
        HttpResponse(innhald, content_type="application/pdf")
        if isinstance(innhald, bytes)
        else FileResponse(innhald.open("rb"), content_type="application/pdf")
    )
    svar["Content-Disposition"] = f'inline; filename="oppdragsbrev-{aar}-{eining.kode}.pdf"'
    return svar


@login_required
def brev_pdf(request, aar, kode):
    """A published letter is served as it was laid out once; a draft is laid out anew."""
    eining, b, endre = permissions.brev_for_lesing(request.user, aar, kode)
    if b is None:
        raise Http404
    siste = b.versjonar.first()
    if siste and (b.status == Oppdragsbrev.Status.PUBLISERT or not endre):
        siste.brev = b
        return _pdf_svar(tenester.versjon_pdf(siste, offentleg=False), aar, eining)
    data = tenester.innhald(b)
    status = "" if b.status == Oppdragsbrev.Status.UTKAST else b.get_status_display()  # «DRAFT» says it
    innhald = tenester.lag_brev_pdf(eining, aar, data, status=status, utkast=True)
    return _pdf_svar(innhald, aar, eining)


def _offentleg(aar, kode):
    siste = tenester.offentleg_versjon(get_object_or_404(Eining, kode=kode), aar)
    if siste is None:
        raise Http404
    return siste.brev, siste


@mellomlager.offentleg_side(300)
def innsyn(request, aar, kode):
    """The public page: no login, only a published public letter, no exempt oppdrag; kept whole
    for readers with no login until the next change (`mellomlager.offentleg_side`)."""
    b, siste = _offentleg(aar, kode)
    data = tenester.offentleg_innhald(siste.innhald)
    return render(
        request,
        "verksemdsplan/brev_innsyn.html",
        {"b": b, "eining": b.eining, "aar": aar, "data": data, "siste": siste},
    )


def innsyn_pdf(request, aar, kode):
    """Laid out once per public content and served from storage to every reader. The stored
    file's name changes whenever its content does (a new version, an oppdrag made exempt), so
    it is the ETag; a browser or proxy may keep it a few minutes and then ask again."""
    b, siste = _offentleg(aar, kode)
    fil = tenester.versjon_pdf(siste, offentleg=True)
    etag = quote_etag(fil.name.rsplit("/", 1)[-1])
    if etag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
        svar = HttpResponseNotModified()
    else:
        svar = _pdf_svar(fil, aar, b.eining)
    svar["ETag"] = etag
    patch_cache_control(svar, public=True, max_age=INNSYN_MAKS_ALDER)
    return svar


@require_POST
@login_required
def verksemdsplan_ferdig(request, aar, kode):
    """The unit's leader marks the verksemdsplan done for the year (or not done again)."""
    eining = get_object_or_404(Eining, kode=kode)
    if not permissions.kan_lese(request.user) or not tal.gyldig_aar(aar):
        raise Http404
    if not permissions.kan_merke_ferdig(request.user, eining):
        raise PermissionDenied
    merk_ferdig(eining, aar)
    return redirect(reverse("verksemdsplan:side", args=[aar, kode]))
