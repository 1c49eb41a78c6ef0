"""The årshjul gathered from where each fact lives: the fixed dates (`Hending`), the political
meetings and the økonomiplan's handling dates (budget), the reporting deadlines (reporting),
the checklist's deadline (checklists), and a person's own oppdrag deadlines and milestones
(verksemdsplan). One query per source, whatever the size of the kommune; a link only where
the reader may open it."""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from alver.permissions import Rolle, har_rolle
from budget import permissions as budget_tilgang
from budget.models import Mote, Okonomiplan
from checklists import permissions as sjekkliste_tilgang
from reporting import permissions as rapport_tilgang
from reporting import startside
from reporting.models import Periode
from verksemdsplan import permissions as oppdrag_tilgang
from verksemdsplan.models import Milepael, Oppdrag

from .models import Hending, Ring

# how many of a unit's or a person's own deadlines one year shows (the rest: the oppdrag list)
EIGE_GRENSE = 300


@dataclass(frozen=True)
class Oppforing:
    dato: datetime.date
    tittel: str
    ring: str
    kjelde: str  # fast, mote, okonomiplan, periode, sjekkliste, oppdrag, milepael
    uid: str  # stable across runs: the iCalendar UID
    url: str = ""  # empty when the reader may not open it
    heimel: str = ""
    skildring: str = ""

    @property
    def maanad(self):
        return self.dato.month


class Lesar:
    """What one reader may open, asked once per request (not once per entry)."""

    def __init__(self, user):
        self.user = user
        self.oppdrag = oppdrag_tilgang.kan_lese(user)
        self.okonomiplan = budget_tilgang.kan_lese_okonomiplan(user)
        self.vedtak = budget_tilgang.kan_lese_vedtak(user)
        self.rapportering = rapport_tilgang.kan_sjaa(user)
        self.rapportoversikt = self.rapportering or har_rolle(user, Rolle.POLITIKAR)
        self.sjekkliste = sjekkliste_tilgang.kan_sjaa_utkast(user)
        self.plans = user.is_authenticated  # every logged-in reader reads the plans

    @property
    def nokkel(self):
        """What the reader may open, as a cache key's part: readers alike see the same."""
        flagg = (self.oppdrag, self.okonomiplan, self.vedtak, self.rapportering, self.rapportoversikt)
        return "".join(str(int(bool(f))) for f in (*flagg, self.sjekkliste, self.plans))


def _url_for_fast(kode, aar, lesar):
    """Where the work of a built-in date is done."""
    if kode == "okonomiplan_vedtak" and lesar.okonomiplan:
        return reverse("budget:okonomiplan", args=[aar + 1])
    if kode in ("aarsrekneskap_avlagt", "aarsmelding_avlagt", "rekneskap_vedtak", "rapport_1", "rapport_2"):
        return reverse("reporting:index") if lesar.rapportoversikt else ""
    if kode in ("planstrategi", "handlingsplan_rullering") and lesar.plans:
        return reverse("plans:index")
    if kode in (
        "oppdragsbrev_start",
        "oppdragsbrev_utkast",
        "oppdragsbrev_endeleg",
        "oppdragsmote",
        "klar_31_januar",
    ):
        return reverse("verksemdsplan:brev_oversikt") if lesar.oppdrag else ""
    return ""


def faste(aar, lesar, *, berre_heimel=False, hendingar=None):
    """The built-in dates of the year; `hendingar`: the active ones read already (a span over
    the new year asks for two years from one read)."""
    qs = Hending.objects.filter(aktiv=True) if hendingar is None else hendingar
    if berre_heimel:
        qs = [h for h in qs if h.heimel]
    return [
        Oppforing(
            dato=h.dato(aar),
            tittel=h.visingstittel,
            ring=h.ring,
            kjelde="fast",
            uid=f"fast-{h.pk}-{aar}",
            url=_url_for_fast(h.kode, aar, lesar) if h.kode else "",
            heimel=h.heimel,
            skildring=h.skildring,
        )
        for h in qs
        if h.gjeld(aar)
    ]


def moter(fra, til, lesar, organ_ids=None):
    qs = Mote.objects.filter(dato__range=(fra, til)).select_related("organ")
    if organ_ids:
        qs = qs.filter(organ_id__in=organ_ids)
    return [
        Oppforing(
            dato=m.dato,
            tittel=_("Meeting: %(organ)s") % {"organ": m.organ.namn} + (f" ({m.nummer})" if m.nummer else ""),
            ring=Ring.POLITISK,
            kjelde="mote",
            uid=f"mote-{m.pk}",
            url=m.get_absolute_url() if lesar.vedtak else "",
        )
        for m in qs.order_by("dato", "organ__rekkjefolgje", "pk")
    ]


def okonomiplan(fra, til, lesar):
    """The handling dates the sekretariat entered on the økonomiplan: formannskapet's
    recommendation, the public inspection, the kommunestyre's meeting."""
    felt = {
        "innstilling_dato": _("The executive committee's recommendation on the økonomiplan %(aar)s"),
        "ettersyn_fra": _("The økonomiplan %(aar)s is open for public inspection"),
        "kommunestyre_dato": _("The kommunestyre handles the økonomiplan %(aar)s"),
    }
    vilkaar = Q()
    for f in felt:
        vilkaar |= Q(**{f"{f}__range": (fra, til)})
    ut = []
    for plan in Okonomiplan.objects.filter(vilkaar).only("pk", "forste_aar", *felt):
        for f, tekst in felt.items():
            dato = getattr(plan, f)
            if dato and fra <= dato <= til:
                ut.append(
                    Oppforing(
                        dato=dato,
                        tittel=tekst % {"aar": plan.forste_aar},
                        ring=Ring.POLITISK,
                        kjelde="okonomiplan",
                        uid=f"okonomiplan-{plan.pk}-{f}",
                        url=reverse("budget:okonomiplan", args=[plan.forste_aar])
                        if lesar.okonomiplan
                        else "",
                        heimel="kommunelova § 14-3" if f == "ettersyn_fra" else "",
                    )
                )
    return ut


def periodar(fra, til, lesar):
    if not lesar.rapportering:
        return []
    return [
        Oppforing(
            dato=p.frist,
            tittel=_("Reporting deadline: %(periode)s") % {"periode": p},
            ring=Ring.ADMINISTRATIV,
            kjelde="periode",
            uid=f"periode-{p.pk}",
            url=p.get_absolute_url(),
        )
        for p in Periode.objects.filter(frist__range=(fra, til)).order_by("frist", "type")
    ]


def sjekklister(fra, til, lesar):
    if not lesar.oppdrag:
        return []
    from checklists.models import Sjekkliste

    return [
        Oppforing(
            dato=s.frist,
            tittel=_("The checklist %(aar)s is published") % {"aar": s.aar},
            ring=Ring.ADMINISTRATIV,
            kjelde="sjekkliste",
            uid=f"sjekkliste-{s.pk}",
            url=s.get_absolute_url() if (s.publisert or lesar.sjekkliste) else "",
        )
        for s in Sjekkliste.objects.filter(frist__range=(fra, til))
    ]


def eigne(fra, til, lesar, *, eining=None, oppdrag=None, berre_uferdige=False):
    """A person's own open oppdrag deadlines and milestones, or (with `eining`) those of the
    oppdrag of one unit. Politicians have none: they do not read the administration's lists.
    `oppdrag`: the person's open oppdrag already read (Mi side has them), not asked again;
    `berre_uferdige`: milestones not yet done only (the coming dates; the year keeps them all)."""
    if not lesar.oppdrag:
        return []
    milepaelar = Milepael.objects.filter(dato__range=(fra, til), oppdrag__in=Oppdrag.objects.aktive().opne())
    if berre_uferdige:
        milepaelar = milepaelar.filter(ferdig_dato__isnull=True)
    if oppdrag is not None:
        frister = sorted(
            (o for o in oppdrag if o.frist and fra <= o.frist <= til), key=lambda o: (o.frist, o.pk)
        )
    else:
        frister = (
            Oppdrag.objects.aktive().opne().filter(frist__range=(fra, til)).only("pk", "tittel", "frist")
        )
        frister = frister.filter(eining=eining) if eining is not None else frister.filter(owner=lesar.user)
        frister = frister.order_by("frist", "pk")
    if eining is not None:
        milepaelar = milepaelar.filter(oppdrag__eining=eining)
    else:
        milepaelar = milepaelar.filter(Q(oppdrag__owner=lesar.user) | Q(ansvarleg_person=lesar.user))
    ut = [
        Oppforing(
            dato=o.frist,
            tittel=_("Deadline: %(tittel)s") % {"tittel": o.tittel},
            ring=Ring.EIGE,
            kjelde="oppdrag",
            uid=f"oppdrag-{o.pk}",
            url=o.get_absolute_url(),
        )
        for o in frister[:EIGE_GRENSE]
    ]
    ut += [
        Oppforing(
            dato=m.dato,
            tittel=_("Milestone: %(tittel)s (%(oppdrag)s)")
            % {"tittel": m.tittel, "oppdrag": m.oppdrag.tittel},
            ring=Ring.EIGE,
            kjelde="milepael",
            uid=f"milepael-{m.pk}",
            url=m.oppdrag.get_absolute_url(),
        )
        for m in milepaelar.select_related("oppdrag")
        .only("pk", "tittel", "dato", "oppdrag__tittel")
        .order_by("dato", "pk")
        .distinct()[:EIGE_GRENSE]
    ]
    return ut


def aaret(user, aar, *, ringar=None, eining=None):
    """Every entry of the calendar year `aar` this reader sees, in date order; `ringar` keeps some
    rings, `eining` shows a unit's oppdrag in the own ring in place of the reader's own."""
    lesar = Lesar(user)
    fra, til = datetime.date(aar, 1, 1), datetime.date(aar, 12, 31)
    ringar = set(ringar or Ring.values)
    ut = []
    if Ring.POLITISK in ringar or Ring.ADMINISTRATIV in ringar:
        ut += [o for o in faste(aar, lesar) if o.ring in ringar]
    if Ring.POLITISK in ringar:
        ut += moter(fra, til, lesar) + okonomiplan(fra, til, lesar)
    if Ring.ADMINISTRATIV in ringar:
        ut += periodar(fra, til, lesar) + sjekklister(fra, til, lesar)
    if Ring.EIGE in ringar:
        ut += eigne(fra, til, lesar, eining=eining)
    return sortert(ut)


def sortert(oppforingar):
    rekkjefolgje = {r: i for i, r in enumerate(Ring.values)}
    return sorted(oppforingar, key=lambda o: (o.dato, rekkjefolgje[o.ring], o.tittel.casefold()))


def komande(user, dagar=45, grense=6):
    """The next dates for the start page: political, administrative and own, from today."""
    from django.utils.translation import get_language

    from alver.lib import klokke, mellomlager

    i_dag = klokke.i_dag()
    lesar = Lesar(user)
    til = i_dag + datetime.timedelta(days=dagar)

    def felles():
        # the same for every reader with the same access: kept until the next change
        ut = []
        hendingar = list(Hending.objects.filter(aktiv=True))
        for aar in range(i_dag.year, til.year + 1):
            ut += [o for o in faste(aar, lesar, hendingar=hendingar) if i_dag <= o.dato <= til]
        ut += moter(i_dag, til, lesar) + okonomiplan(i_dag, til, lesar) + periodar(i_dag, til, lesar)
        return ut + sjekklister(i_dag, til, lesar)

    nokkel = f"aarshjul:komande:{i_dag}:{dagar}:{get_language()}:{lesar.nokkel}"
    ut = mellomlager.til_neste_endring(nokkel, 300, felles)
    # my own deadlines from my open oppdrag as Mi side read them for its lists (once a request)
    mine = startside.mine_opne(user, i_dag) if lesar.oppdrag else None
    return sortert(ut + eigne(i_dag, til, lesar, oppdrag=mine, berre_uferdige=True))[:grense]
