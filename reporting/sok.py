"""One search over the whole chain (`/sok/`): plans, goals, strategies, measures, decisions,
oppdrag, the text of assignment letters, status reports, people and units. It lives here, in the last app, since it reads them
all (docs/ARCHITECTURE.md).

Each kind of thing starts from what its own app's `permissions.py` lets this reader open, so a
search never shows, counts or quotes what the reader may not see: an exempt decision is found by
its public title and case number only, unless the reader may see it in full. One query per kind,
however much there is (the count rides on the rows as a window).
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q, Window
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from alver import permissions as org_tilgang
from alver.lib import sok
from alver.models import Eining, User
from budget import permissions as budget_tilgang
from budget import saksnummer
from budget.models import BudsjettTiltak as Budsjettiltak
from budget.models import Vedtak
from plans import permissions as plan_tilgang
from plans.models import Maal, Strategi, Tiltak
from verksemdsplan import permissions as oppdrag_tilgang
from verksemdsplan.models import Brevseksjon

from . import permissions as offentleg
from .models import Statusrapport

GRENSE = 10  # rows shown per kind; the count says how many more


@dataclass
class Treff:
    tittel: str
    url: str
    kva: str = ""  # where it sits: the plan, the unit and year, the meeting
    utdrag: tuple | None = None  # (field label, HTML) from sok.utdrag


@dataclass
class Gruppe:
    slag: str
    namn: str
    tal: int
    treff: list = field(default_factory=list)


def _rader(qs):
    rader = list(qs.annotate(_alle=Window(Count("pk")))[:GRENSE])
    return rader, (rader[0]._alle if rader else 0)


def _planar(user, q):
    qs = sok.treff(plan_tilgang.synlege_planar(user), ["tittel", "skildring", "saksnummer"], q)
    rader, tal = _rader(qs)
    return tal, [
        Treff(
            p.tittel,
            p.get_absolute_url(),
            p.get_status_display(),
            sok.utdrag(q, [(_("description"), p.skildring)]),
        )
        for p in rader
    ]


def _maal(user, q):
    qs = sok.treff(
        Maal.objects.filter(plan__in=plan_tilgang.synlege_planar(user)).select_related("plan"),
        ["tittel", "skildring", "eige_nummer"],
        q,
    )
    rader, tal = _rader(qs)
    return tal, [
        Treff(m.tittel, m.get_absolute_url(), m.plan.tittel, sok.utdrag(q, [(_("description"), m.skildring)]))
        for m in rader
    ]


def _strategiar(user, q):
    qs = sok.treff(
        Strategi.objects.filter(plan__in=plan_tilgang.synlege_planar(user)).select_related("plan", "maal"),
        ["tittel", "eige_nummer"],
        q,
    )
    rader, tal = _rader(qs)
    return tal, [Treff(s.tittel, s.get_absolute_url(), s.plan.tittel) for s in rader]


def _tiltak(user, q):
    qs = sok.treff(
        Tiltak.objects.filter(handlingsplan__plan__in=plan_tilgang.synlege_planar(user)).select_related(
            "handlingsplan__plan"
        ),
        ["tittel", "skildring"],
        q,
    )
    rader, tal = _rader(qs)
    return tal, [
        Treff(
            t.tittel,
            t.get_absolute_url(),
            str(t.handlingsplan),
            sok.utdrag(q, [(_("description"), t.skildring)]),
        )
        for t in rader
    ]


def _budsjettiltak(user, q):
    if not budget_tilgang.kan_lese_okonomiplan(user):
        return None
    qs = sok.treff(
        Budsjettiltak.objects.select_related("okonomiplan", "ansvarleg_eining"), ["tittel", "skildring"], q
    )
    rader, tal = _rader(qs)
    return tal, [
        Treff(
            t.tittel,
            t.get_absolute_url(),
            f"{t.okonomiplan} · {t.ansvarleg_eining}",
            sok.utdrag(q, [(_("description"), t.skildring)]),
        )
        for t in rader
    ]


def _vedtak(user, q):
    """Decisions by their words or case number («PS 24/20» finds PS 24/2020). An exempt or closed
    case is found by its public title, case number and archive case only for a reader who may not
    see it in full, and shows that title."""
    if not budget_tilgang.kan_lese_vedtak(user):
        return None
    sak = saksnummer.vilkaar(q)
    qs = Vedtak.objects.gjeldande().select_related("mote__organ", "ansvarleg_sektor")
    if budget_tilgang.kan_registrere_vedtak(user):
        qs = sok.treff(qs, ["saksnummer", "arkivsak", "tittel", "tekst"], q, ekstra=sak)
    else:
        # the full words of open cases, the public words of exempt ones; an exempt case the
        # reader may see in full (its sector's people) is still found by its public words
        opne = sok.treff(
            qs.filter(skjerming=""), ["saksnummer", "arkivsak", "tittel", "tekst"], q, ekstra=sak
        )
        skjerma = sok.treff(
            qs.exclude(skjerming=""), ["saksnummer", "arkivsak", "offentleg_tittel"], q, ekstra=sak
        )
        qs = qs.filter(Q(pk__in=opne.values("pk")) | Q(pk__in=skjerma.values("pk"))).order_by(
            "-mote__dato", "-pk"
        )
    rader, tal = _rader(qs)
    kan_sjaa = budget_tilgang.skjerma_sjekk(user)
    ut = []
    for v in rader:
        heil = kan_sjaa(v)
        ut.append(
            Treff(
                f"{v.saksnummer} {v.tittel if heil else v.offentleg_tittel or _('Exempt from public access')}",
                v.get_absolute_url(),
                str(v.mote),
                sok.utdrag(q, [(_("decision text"), v.tekst)]) if heil else None,
            )
        )
    return tal, ut


def _oppdrag(user, q):
    if not oppdrag_tilgang.kan_lese(user):
        return None
    qs = sok.treff(
        oppdrag_tilgang.synlege_oppdrag(user).aktive().select_related("eining"),
        OPPDRAG_FELT,
        q,
    )
    rader, tal = _rader(qs)
    return tal, [
        Treff(
            o.tittel,
            o.get_absolute_url(),
            f"{o.eining} · {o.aar} · {o.get_status_display()}",
            sok.utdrag(
                q,
                [
                    (_("description"), o.skildring),
                    (_("status comment"), o.status_kommentar),
                ],
            ),
        )
        for o in rader
    ]


def _rapportar(user, q):
    if not oppdrag_tilgang.kan_lese(user):
        return None
    qs = sok.treff(
        Statusrapport.objects.filter(
            oppdrag__in=oppdrag_tilgang.synlege_oppdrag(user).aktive()
        ).select_related("oppdrag", "periode"),
        RAPPORT_FELT,
        q,
    )
    rader, tal = _rader(qs)
    return tal, [
        Treff(
            r.oppdrag.tittel,
            r.oppdrag.get_absolute_url() + "#rapportar",
            f"{r.periode} · {r.get_lys_display()}",
            sok.utdrag(q, [(_("comment"), r.kommentar)]),
        )
        for r in rader
    ]


def _brev(user, q):
    """The written text of assignment letters, section by section."""
    qs = sok.treff(
        Brevseksjon.objects.filter(brev__in=oppdrag_tilgang.brev_for_sok(user)).select_related(
            "brev__eining", "tema"
        ),
        BREV_FELT,
        q,
    )
    rader, tal = _rader(qs)
    return tal, [
        Treff(
            str(s.brev),
            s.brev.get_absolute_url(),
            f"{s.tema} · {s.brev.get_status_display()}",
            sok.utdrag(q, [(_("text"), s.tekst)]),
        )
        for s in rader
    ]


def _personar(user, q):
    if not org_tilgang.kan_lese_organisasjon(user):
        return None
    qs = sok.treff(User.objects.filter(is_active=True).select_related("eining"), PERSON_FELT, q)
    rader, tal = _rader(qs)
    return tal, [
        Treff(p.namn, p.get_absolute_url(), " · ".join(str(x) for x in (p.tittel, p.eining) if x))
        for p in rader
    ]


def _einingar(user, q):
    if not org_tilgang.kan_lese_organisasjon(user):
        return None
    qs = sok.treff(Eining.objects.aktive(), ["namn", "kode"], q)
    rader, tal = _rader(qs)
    return tal, [Treff(e.namn, e.get_absolute_url(), f"{e.get_type_display()} · {e.kode}") for e in rader]


# the fields searched in the big tables: the GIN indexes (migrations *_sok) are on these
OPPDRAG_FELT = ["tittel", "skildring", "status_kommentar"]
RAPPORT_FELT = ["kommentar"]
BREV_FELT = ["tekst"]
OFFENTLEG_OPPDRAG_FELT = ["tittel", "skildring"]
PERSON_FELT = ["namn", "tittel", "email"]

SLAG = [
    ("oppdrag", _("Assignments"), _oppdrag),
    ("vedtak", _("Political decisions"), _vedtak),
    ("maal", _("Goals"), _maal),
    ("strategiar", _("Strategies"), _strategiar),
    ("tiltak", _("Measures in action plans"), _tiltak),
    ("budsjettiltak", _("Measures in the economic plan"), _budsjettiltak),
    ("planar", _("Plans"), _planar),
    ("brev", _("Assignment letters"), _brev),
    ("rapportar", _("Status reports"), _rapportar),
    ("personar", _("People"), _personar),
    ("einingar", _("Units"), _einingar),
]


def sok_alt(user, q):
    """The groups with hits, in the order above; a kind this reader may not open is not asked."""
    ut = []
    for slag, namn, finn in SLAG:
        svar = finn(user, q)
        if svar is None:
            continue
        tal, treff = svar
        if tal:
            ut.append(Gruppe(slag, namn, tal, treff))
    return ut


# --- the public search (/innsyn/sok/): public content only, each hit to its public page ---


def _offentlege_planar(q):
    rader, tal = _rader(sok.treff(offentleg.offentlege_planar(), ["tittel", "skildring", "saksnummer"], q))
    return tal, [
        Treff(
            p.tittel,
            reverse("reporting:innsyn_plan", args=[p.pk]),
            p.get_status_display(),
            sok.utdrag(q, [(_("description"), p.skildring)]),
        )
        for p in rader
    ]


def _offentlege_maal(q):
    qs = offentleg.offentlege_maal().select_related("plan")
    rader, tal = _rader(sok.treff(qs, ["tittel", "skildring", "eige_nummer"], q))
    return tal, [
        Treff(
            m.tittel,
            reverse("reporting:innsyn_maal", args=[m.pk]),
            m.plan.tittel,
            sok.utdrag(q, [(_("description"), m.skildring)]),
        )
        for m in rader
    ]


def _offentlege_strategiar(q):
    qs = offentleg.offentlege_strategiar().select_related("plan")
    rader, tal = _rader(sok.treff(qs, ["tittel", "eige_nummer"], q))
    return tal, [
        Treff(
            s.tittel,
            reverse("reporting:innsyn_maal", args=[s.maal_id])
            if s.maal_id
            else reverse("reporting:innsyn_plan", args=[s.plan_id]),
            s.plan.tittel,
        )
        for s in rader
    ]


def _offentlege_oppdrag(q):
    """By title and description only: the status comment is the working state, which the public
    reads only as far as the last released report."""
    qs = offentleg.offentlege_oppdrag().select_related("eining")
    rader, tal = _rader(sok.treff(qs, OFFENTLEG_OPPDRAG_FELT, q))
    return tal, [
        Treff(
            o.tittel,
            reverse("reporting:innsyn_oppdrag", args=[o.pk]),
            f"{o.eining.namn} · {o.aar}",
            sok.utdrag(q, [(_("description"), o.skildring)]),
        )
        for o in rader
    ]


def _offentlege_brev(q):
    qs = offentleg.offentlege_brevseksjonar().select_related("brev__eining", "tema")
    rader, tal = _rader(sok.treff(qs, BREV_FELT, q))
    return tal, [
        Treff(
            str(s.brev),
            reverse("verksemdsplan:innsyn", args=[s.brev.aar, s.brev.eining.kode]),
            str(s.tema),
            sok.utdrag(q, [(_("text"), s.tekst)]),
        )
        for s in rader
    ]


OFFENTLEGE_SLAG = [
    ("maal", _("Goals"), _offentlege_maal),
    ("strategiar", _("Strategies"), _offentlege_strategiar),
    ("oppdrag", _("Assignments"), _offentlege_oppdrag),
    ("planar", _("Plans"), _offentlege_planar),
    ("brev", _("Assignment letters"), _offentlege_brev),
]


def sok_offentleg(q):
    ut = []
    for slag, namn, finn in OFFENTLEGE_SLAG:
        tal, treff = finn(q)
        if tal:
            ut.append(Gruppe(slag, namn, tal, treff))
    return ut
