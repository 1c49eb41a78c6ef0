"""The verksemdsplan as one document: per unit and year, a page and a PDF gathering what the chain
holds for the unit — the published assignment letter, the goals and strategies it follows up,
its indicators, its oppdrag with their latest report, the checklist and the budget frame. It
lives here, in the last app of the chain, which may read all of them.

The content is plain data (`innhald`), so the page and the PDF show the same thing, and the
public PDF is laid out once per content: a digest of the content names the stored file.

Two forms:
- for employees: the oppdrag they may read, with owner and latest report, and the checklist
  for those who may read the unit's answers;
- public, only where the unit's letter for the year is published as public
  (`verksemdsplan.brev.offentleg_versjon`): public oppdrag only (`offentlege_oppdrag`), no
  owners, each with the status released to the politicians, goals of adopted plans only, and
  no checklist (internal control stays inside).
"""

import hashlib
import json

from django.core.files.base import ContentFile
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alver.lib import klokke, tre
from alver.lib.dato import kort
from alver.lib.lagring import PrivatLagring
from alver.lib.pdf import lag_pdf
from budget.models import Okonomiplan, Ramme
from checklists import panelar as sjekkliste_panelar
from checklists import permissions as sjekkliste_tilgang
from verksemdsplan import brev as vp_brev
from verksemdsplan import indikatorar as vp_indikatorar
from verksemdsplan import permissions as vp_tilgang
from verksemdsplan import services as vp_services
from verksemdsplan.models import Brevversjon, Oppdragsbrev, Verksemdsplan

from . import innsyn, services
from .models import Statusrapport

MAPPE = "verksemdsplan"


def offentleg(eining, aar):
    """Whether the kommune publishes the unit's verksemdsplan for the year: its letter is
    published as public."""
    return vp_brev.offentleg_versjon(eining, aar) is not None


def innhald(eining, aar, *, user=None):
    """The document as data; `user=None` is the public form (see the module's note). Strings
    are in the active language."""
    public = user is None
    plan = Verksemdsplan.objects.filter(eining=eining, aar=aar).first()
    if public:
        versjon = vp_brev.offentleg_versjon(eining, aar)
        oppdrag_qs = innsyn.offentlege_oppdrag()
    else:
        brev = Oppdragsbrev.objects.filter(eining=eining, aar=aar).first()
        versjon = Brevversjon.objects.filter(brev=brev).first() if brev else None
        oppdrag_qs = vp_tilgang.synlege_oppdrag(user).aktive()
    oppdrag_qs = oppdrag_qs.filter(eining=eining).i_aar(aar)
    maal, strategiar, fra_okonomiplan = vp_services.maal_for_plan(eining, aar, oppdrag_qs)
    leiar = eining.leiar
    return {
        "tittel": _("Operational plan %(aar)s – %(eining)s") % {"aar": aar, "eining": eining.namn},
        "aar": aar,
        "eining": {
            "namn": eining.namn,
            "kode": eining.kode,
            "leiar": leiar.namn if leiar else "",
            "leiar_tittel": leiar.tittel if leiar else "",
        },
        "offentleg": public,
        "ferdig": kort(timezone.localtime(plan.ferdig_at).date()) if plan and plan.ferdig_at else "",
        "brev": _brev(versjon, public),
        **_maal(maal, strategiar, fra_okonomiplan, public),
        "indikatorar": _indikatorar(eining, aar, public),
        **_oppdrag(oppdrag_qs, aar, public),
        "sjekkliste": None
        if public or not sjekkliste_tilgang.kan_lese_svar(user, eining)
        else _sjekkliste(eining, aar),
        "rammer": _rammer(eining, aar),
    }


def _brev(versjon, public):
    if versjon is None:
        return None
    data = vp_brev.offentleg_innhald(versjon.innhald) if public else versjon.innhald
    return {
        "status": vp_brev.publisert_status(versjon),
        "url": reverse(
            "verksemdsplan:innsyn" if public else "verksemdsplan:brev",
            args=[versjon.brev.aar, versjon.brev.eining.kode],
        ),
        # the letter's text; its oppdrag are in the document's own list, with their status
        "seksjonar": [
            {"tema": s["tema"], "overskrift": s["overskrift"], "html": s["html"]}
            for s in data["seksjonar"]
            if s["html"]
        ],
    }


def _maal(maal, strategiar, fra_okonomiplan, public):
    ope_maal = set(innsyn.offentlege_maal().values_list("pk", flat=True)) if public else None
    ope_strategiar = set(innsyn.offentlege_strategiar().values_list("pk", flat=True)) if public else None

    def synleg(m):
        return ope_maal is None or m.pk in ope_maal

    def synleg_strategi(s):
        return ope_strategiar is None or s.pk in ope_strategiar

    def maal_url(m):
        return reverse("reporting:innsyn_maal", args=[m.pk]) if public else m.get_absolute_url()

    def strategi_url(s):
        if not public:
            return s.get_absolute_url()
        return reverse("reporting:innsyn_maal", args=[s.maal_id]) if s.maal_id else ""

    gitt = []
    for o in fra_okonomiplan:
        if o.maal and synleg(o.maal):
            gitt.append(
                {
                    "tittel": o.maal.tittel,
                    "under": str(o.maal.plan),
                    "url": maal_url(o.maal),
                    "strategi": False,
                }
            )
        elif o.strategi and synleg_strategi(o.strategi):
            s = o.strategi
            gitt.append(
                {"tittel": s.tittel, "under": str(s.maal or s.plan), "url": strategi_url(s), "strategi": True}
            )
    return {
        "okonomiplan": str(fra_okonomiplan[0].okonomiplan) if fra_okonomiplan else "",
        "maal_gitt": gitt,
        "maal": [{"tittel": m.tittel, "under": str(m.plan), "url": maal_url(m)} for m in maal if synleg(m)],
        "strategiar": [
            {"tittel": s.tittel, "under": str(s.maal or s.plan), "url": strategi_url(s)}
            for s in strategiar
            if synleg_strategi(s)
        ],
    }


def _indikatorar(eining, aar, public):
    eigne, delegerte = vp_indikatorar.for_side(eining, aar)
    ope = set(innsyn.offentlege_maal().values_list("pk", flat=True)) if public else None
    ut = []
    for pi in eigne + delegerte:
        if pi.ansvarleg_eining:
            ansvarleg = pi.ansvarleg_eining.namn
        elif pi.ansvarleg and not public:
            ansvarleg = pi.ansvarleg.namn
        else:
            ansvarleg = eining.namn
        ut.append(
            {
                "namn": pi.indikator.namn,
                "maal": [m.tittel for m in pi.maal_liste if ope is None or m.pk in ope],
                "mal": f"{pi.maal_tekst} {pi.indikator.get_maaleeining_display()}"
                if pi.maal is not None
                else "",
                "ansvarleg": ansvarleg,
                "fraa": "" if pi.verksemdsplan.eining_id == eining.pk else pi.verksemdsplan.eining.namn,
            }
        )
    return ut


def _oppdrag(oppdrag_qs, aar, public):
    """The unit's oppdrag by category, each with its latest report: for the public, up to the
    last released report (the status the politicians were given)."""
    rapportar = Statusrapport.objects.all()
    frigjeven = None
    if public:
        frigjeven = innsyn.siste_frigjevne()
        rapportar = rapportar.filter(periode__til__lte=frigjeven.til) if frigjeven else rapportar.none()
    rader = services.med_siste_rapport(
        oppdrag_qs.select_related("kategori", "owner", "parent__eining")
        .annotate(siste_pk=services.siste_rapport_pk(rapportar))
        .order_by("kategori__rekkjefolgje", F("frist").asc(nulls_last=True), "pk")
    )
    grupper = {}
    for o in rader:
        r = o.siste
        grupper.setdefault(str(o.kategori) if o.kategori else _("Other assignments"), []).append(
            {
                "tittel": o.tittel,
                "url": reverse("reporting:innsyn_oppdrag", args=[o.pk]) if public else o.get_absolute_url(),
                "eigar": "" if public else (o.owner.namn if o.owner else _("no owner")),
                "frist": kort(o.frist) if o.frist else "",
                "fraa_aar": o.aar if o.aar < aar else None,
                "delegert_fraa": o.parent.eining.namn if o.parent_id and not public else "",
                # the public see the status as reported; inside, the oppdrag's own status too
                "status": "" if public else o.get_status_display(),
                "rapport": {
                    "lys": r.lys,
                    "lys_tekst": r.get_lys_display(),
                    "status": r.get_status_display(),
                    "framdrift": r.framdrift,
                    "periode": str(r.periode),
                    "kommentar": r.kommentar,
                }
                if r
                else None,
            }
        )
    return {
        "oppdrag": [{"kategori": k, "rader": v} for k, v in grupper.items()],
        "oppdrag_tal": len(rader),
        "frigjeven": {"namn": str(frigjeven), "kode": frigjeven.kode} if frigjeven else None,
    }


def _sjekkliste(eining, aar):
    s = sjekkliste_panelar.aarsstatus(eining, aar)
    if s["liste"] is None:
        return None
    return {
        "forfalne": s["forfalne"],
        "svart": s["svart"],
        "nei": s["nei"],
        "manglar": s["manglar"],
        "url": (
            reverse("checklists:svar", args=[eining.kode]) + f"?maanad={s['maanad'].kode}"
            if s["maanad"]
            else ""
        ),
    }


def _rammer(eining, aar):
    """The budget frame of the unit, or of the nearest unit above it that has one (its sector),
    in the newest adopted økonomiplan covering the year: the year and the rest of the plan."""
    plan = (
        Okonomiplan.objects.filter(
            status=Okonomiplan.Status.VEDTATT, forste_aar__lte=aar, forste_aar__gt=aar - Okonomiplan.AAR
        )
        .order_by("-forste_aar")
        .first()
    )
    if plan is None:
        return None
    rader = list(
        Ramme.objects.filter(okonomiplan=plan, eining__path__in=tre.over(eining, med_seg=True), aar__gte=aar)
        .select_related("eining")
        .order_by("-eining__depth", "aar")
    )
    if not rader:
        return None
    naermaste = rader[0].eining
    return {
        "okonomiplan": str(plan),
        "eining": naermaste.namn,
        "eiga": naermaste.pk == eining.pk,
        "rader": [
            {"aar": r.aar, "drift": r.drift, "investering": r.investering}
            for r in rader
            if r.eining_id == naermaste.pk
        ],
    }


# --- the PDF --------------------------------------------------------------------------------


def lag(data):
    """The document as PDF bytes."""
    return lag_pdf(
        None, "reporting/verksemdsplan_pdf.html", {"d": data, "dato": klokke.i_dag()}, tittel=data["tittel"]
    )


def offentleg_pdf(data):
    """The public PDF, laid out once per public content and language and kept in private
    storage: the name carries a digest of the content, so a change (a new letter version, a
    report released, an oppdrag made exempt) gives a new file and the older ones of the unit and
    year are removed. Returns the stored file's name."""
    lagring = PrivatLagring()
    sprak = translation.get_language() or "nn"
    nokkel = hashlib.sha256(json.dumps([sprak, data], sort_keys=True, default=str).encode()).hexdigest()[:40]
    prefiks = f"{data['aar']}-{data['eining']['kode']}-{sprak}-"
    namn = f"{MAPPE}/{prefiks}{nokkel}.pdf"
    if lagring.exists(namn):
        return namn
    lagra = lagring.save(namn, ContentFile(lag(data)))
    if lagra != namn:  # another request stored it first: keep that one
        lagring.delete(lagra)
    for gammal in lagring.listdir(MAPPE)[1]:
        if gammal.startswith(prefiks) and f"{MAPPE}/{gammal}" != namn:
            lagring.delete(f"{MAPPE}/{gammal}")
    return namn
