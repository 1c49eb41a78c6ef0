"""Where internal control slips: the year's answers counted along the organisation, the months
and the points, from a fixed number of queries however many units, points and answers there are.

The database is asked once for the units (the subtree, one prefix match on the tree path), once
for the points (their named units prefetched) and twice over the answers, grouped in SQL: by the
row each unit falls in (the start unit's own answers, or a child's subtree: a prefix of the path),
point, period and answer; and by unit, for the leaders who have not answered. What is due is
worked out in Python from the points and units (`checklists.plikt`): for each point, how many
units of each row it applies to, times the periods it is in force and begun.

Counting: a point due for a tertial or the year counts in every month of that period, as the same
period's answer (the matrix and the points' months); the year-so-far figures count each period
once. Missing is due and not answered; once the period's deadline has passed it is «late».
A unit closed today is left out, with its answers; a unit counts for the whole year."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.utils.translation import gettext as _

from alver.lib import klokke, periodar
from alver.lib.tre import i_subtre
from alver.models import Eining

from . import plikt
from .models import Sjekkliste, Sjekkpunkt, Svar

SIDE = 50  # rows of the matrix per page
TOPP_NEI = 5
LISTE = 20  # the bounded lists: lowest completion, leaders who have not answered
MED_ID = 500  # up to this many units, the answers are asked for by unit id


@dataclass
class Tal:
    """Counts for one cell, row, point or the whole: due, answered, «no», «partly», and how
    many of the missing are past their deadline."""

    forfalne: int = 0
    svart: int = 0
    nei: int = 0
    delvis: int = 0
    for_seint: int = 0

    @property
    def manglar(self):
        return max(self.forfalne - self.svart, 0)

    @property
    def prosent(self):
        return round(100 * self.svart / self.forfalne) if self.forfalne else None

    @property
    def farge(self):
        """The colour of the cell (always shown with its text)."""
        if not self.forfalne:
            return "neutral"
        if self.for_seint or self.nei:
            return "danger"
        if self.manglar or self.delvis:
            return "warning"
        return "success"

    @property
    def tekst(self):
        """«12/14 · 1 no · 2 missing»: answered of due, then what stands out."""
        if not self.forfalne:
            return "–"
        delar = [f"{self.svart}/{self.forfalne}"]
        if self.nei:
            delar.append(_("%(n)s no") % {"n": self.nei})
        if self.delvis:
            delar.append(_("%(n)s partly") % {"n": self.delvis})
        if self.manglar:
            if self.for_seint == self.manglar:
                delar.append(_("%(n)s late") % {"n": self.manglar})
            elif self.for_seint:
                delar.append(
                    _("%(n)s missing, %(seint)s late") % {"n": self.manglar, "seint": self.for_seint}
                )
            else:
                delar.append(_("%(n)s missing") % {"n": self.manglar})
        return " · ".join(delar)

    def legg_til(self, forfalne, svart, nei, delvis, seint):
        self.forfalne += forfalne
        self.svart += svart
        self.nei += nei
        self.delvis += delvis
        if seint:
            self.for_seint += max(forfalne - svart, 0)

    def som_dict(self):
        return {
            "forfalne": self.forfalne,
            "svart": self.svart,
            "nei": self.nei,
            "delvis": self.delvis,
            "manglar": self.manglar,
            "for_seint": self.for_seint,
        }


@dataclass
class Rad:
    """A row: the start unit's own answers (`eigen`), or a child of it with its subtree."""

    eining: Eining
    eigen: bool = False
    har_under: bool = False  # units below: the row drills down rather than opening the answers
    maanader: list = field(default_factory=list)  # Tal per month
    aaret: Tal = field(default_factory=Tal)  # the year so far, each period once
    celler: list = field(default_factory=list)  # (Tal, month) for the template


@dataclass
class Punktrad:
    punkt: Sjekkpunkt
    maanader: list = field(default_factory=list)
    aaret: Tal = field(default_factory=Tal)
    celler: list = field(default_factory=list)


@dataclass
class Manglande:
    """A unit with answers missing for periods begun: the leader who has not answered."""

    eining: Eining
    forfalne: int
    svart: int
    for_seint: int

    @property
    def manglar(self):
        return self.forfalne - self.svart


@dataclass
class Oversikt:
    liste: Sjekkliste
    rot: Eining
    maanader: list  # Kalenderperiode per month shown
    punkt: list  # every point of the checklist (for the filter)
    valt: Sjekkpunkt | None
    rader: list
    punktrader: list
    totalt: Tal
    meist_nei: list  # Punktrad, most «no» first
    lagast: list  # Rad, lowest completion first (bounded)
    manglande: list  # Manglande (bounded)
    tal_manglande: int  # how many units have missing answers in all


# --- what the database is asked -------------------------------------------------------------


def _aktiv(dag, fk=""):
    """Active on the day (as `Eining.objects.aktive`), for units reached through `fk`."""
    return (Q(**{f"{fk}gyldig_til__isnull": True}) | Q(**{f"{fk}gyldig_til__gte": dag})) & (
        Q(**{f"{fk}gyldig_fra__isnull": True}) | Q(**{f"{fk}gyldig_fra__lte": dag})
    )


def einingar_i(rot, dag):
    """The active units in the subtree, with their leaders: one query."""
    return list(
        Eining.objects.filter(i_subtre(rot)).filter(_aktiv(dag)).select_related("leiar").order_by("path")
    )


def punkt_i(liste):
    """Every point of the checklist, every version (each answers for its own periods): one query,
    and one for the named units."""
    return list(
        Sjekkpunkt.objects.filter(sjekktype__foremaal__sjekkliste=liste)
        .select_related("sektor", "sjekktype__foremaal")
        .prefetch_related("einingar")
        .order_by("sjekktype__foremaal__rekkjefolgje", "sjekktype__rekkjefolgje", "rekkjefolgje", "pk")
    )


def _svar(rot, punkt, koder, dag, einingar):
    """The answers to the points for the periods, given by the active units of the subtree. A
    small subtree is asked for by its units' ids (the answers' index then finds them); a large
    one by the path prefix and the units' validity."""
    qs = Svar.objects.filter(punkt__in=[p.pk for p in punkt], periode__in=koder)
    if len(einingar) <= MED_ID:
        qs = qs.filter(eining_id__in=[e.pk for e in einingar])
    else:
        qs = qs.filter(i_subtre(rot, "eining"), _aktiv(dag, "eining__"))
    return qs.order_by()  # no default ordering in the GROUP BY


def _svar_per_rad(rot, punkt, koder, dag, einingar):
    """{(row key, point id, period): [answered, no, partly]}: one grouped query. The row key is
    the path of the child the unit sits under, or the start unit's own path."""
    lengd = len(rot.path) + Eining.steplen
    ut = defaultdict(lambda: [0, 0, 0])
    qs = (
        _svar(rot, punkt, koder, dag, einingar)
        .values("punkt_id", "periode", "verdi", rad=Substr("eining__path", 1, lengd))
        .annotate(n=Count("pk"))
    )
    for r in qs:
        t = ut[(r["rad"], r["punkt_id"], r["periode"])]
        t[0] += r["n"]
        if r["verdi"] == Svar.Verdi.NEI:
            t[1] += r["n"]
        elif r["verdi"] == Svar.Verdi.DELVIS:
            t[2] += r["n"]
    return ut


# --- who answers what ---------------------------------------------------------------------


class _Tre:
    """The rows under the start unit and, per point, how many units of each row it applies to."""

    def __init__(self, rot, einingar, punkt):
        self.rot = rot
        self.einingar = einingar
        self.rader = {}  # row key → Rad, in path order
        if rot.type != Eining.Type.KOMMUNE:  # the kommune answers to no one
            self.rader[rot.path] = Rad(eining=rot, eigen=True)
        lengd = len(rot.path) + Eining.steplen
        self.rad_for = {}  # unit id → row key
        for e in einingar:
            if e.pk == rot.pk:
                if rot.type != Eining.Type.KOMMUNE:
                    self.rad_for[e.pk] = rot.path
                continue
            nokkel = e.path[:lengd]
            if len(e.path) == lengd:
                self.rader[nokkel] = Rad(eining=e)
            elif nokkel in self.rader:
                self.rader[nokkel].har_under = True
            if nokkel in self.rader:
                self.rad_for[e.pk] = nokkel
        self.talde = [e for e in einingar if e.pk in self.rad_for]
        # for each point: how many units of each row it applies to, and which units
        self.tal = defaultdict(int)  # (row key, point id) → units
        self.punkt_for = defaultdict(list)  # unit id → points that apply
        for p in punkt:
            namngjevne = {e.pk for e in p.einingar.all()}
            for e in self.talde:
                if plikt.gjeld(p, e, namngjevne):
                    self.tal[(self.rad_for[e.pk], p.pk)] += 1
                    self.punkt_for[e.pk].append(p)


def _maanader(aar, dag):
    """The months of the year up to the current one."""
    siste = 12 if aar < dag.year else (dag.month if aar == dag.year else 0)
    return [periodar.Kalenderperiode(aar, periodar.MAANAD, n) for n in range(1, siste + 1)]


def _periodar(punkt, aar, dag):
    """The periods the point is due for so far (in force and begun), each with «late»."""
    return [
        (k, plikt.frist(punkt, k) < dag)
        for k in plikt.periodar_for(punkt, aar)
        if plikt.i_kraft(punkt, k) and plikt.er_begynt(k, dag)
    ]


def _maanadsplikt(punkt, maanader, dag):
    """Per month: the period the point answers for then (None if not in force), and «late»."""
    ut = []
    for m in maanader:
        k = plikt.periode(punkt, m)
        ut.append((k, plikt.frist(punkt, k) < dag) if plikt.i_kraft(punkt, k) else (None, False))
    return ut


def _koder(aar):
    return [p.kode for p in periodar.aaret(aar)]


# --- the overview ---------------------------------------------------------------------------


def oversikt(liste, rot, *, punkt_pk=None, dag=None):
    """Everything the overview page shows, for the subtree of `rot` (its children as rows),
    all points or the one chosen. Raises LookupError for a point not in the checklist."""
    dag = dag or klokke.i_dag()
    aar = liste.aar
    alle_punkt = punkt_i(liste)
    valt = None
    punkt = alle_punkt
    if punkt_pk is not None:
        valt = next((p for p in alle_punkt if p.pk == punkt_pk), None)
        if valt is None:
            raise LookupError(punkt_pk)
        punkt = [valt]
    einingar = einingar_i(rot, dag)
    tre = _Tre(rot, einingar, punkt)
    maanader = _maanader(aar, dag)
    koder = _koder(aar)
    svar = _svar_per_rad(rot, punkt, koder, dag, einingar)
    rader = list(tre.rader.values())
    for r in rader:
        r.maanader = [Tal() for _m in maanader]
    punktrader = [Punktrad(punkt=p, maanader=[Tal() for _m in maanader]) for p in punkt]
    totalt = Tal()
    for p, pr in zip(punkt, punktrader, strict=True):
        per_maanad = _maanadsplikt(p, maanader, dag)
        per_periode = _periodar(p, aar, dag)
        for nokkel, r in tre.rader.items():
            n = tre.tal[(nokkel, p.pk)]
            if not n:
                continue
            for i, (k, seint) in enumerate(per_maanad):
                if k is None:
                    continue
                s, nei, delvis = svar.get((nokkel, p.pk, k), (0, 0, 0))
                r.maanader[i].legg_til(n, s, nei, delvis, seint)
                pr.maanader[i].legg_til(n, s, nei, delvis, seint)
            for k, seint in per_periode:
                s, nei, delvis = svar.get((nokkel, p.pk, k), (0, 0, 0))
                r.aaret.legg_til(n, s, nei, delvis, seint)
                pr.aaret.legg_til(n, s, nei, delvis, seint)
                totalt.legg_til(n, s, nei, delvis, seint)
    for r in [*rader, *punktrader]:
        r.celler = list(zip(r.maanader, maanader, strict=True))
    manglande = _manglande(tre, punkt, aar, koder, dag)
    return Oversikt(
        liste=liste,
        rot=rot,
        maanader=maanader,
        punkt=alle_punkt,
        valt=valt,
        rader=rader,
        punktrader=punktrader,
        totalt=totalt,
        meist_nei=sorted(
            (pr for pr in punktrader if pr.aaret.nei or pr.aaret.delvis),
            key=lambda pr: (-pr.aaret.nei, -pr.aaret.delvis),
        )[:TOPP_NEI],
        lagast=sorted(
            (r for r in rader if r.aaret.forfalne),
            key=lambda r: (r.aaret.svart / r.aaret.forfalne, -r.aaret.for_seint, r.eining.path),
        )[:LISTE],
        manglande=manglande[:LISTE],
        tal_manglande=len(manglande),
    )


def _manglande(tre, punkt, aar, koder, dag):
    """The units with answers missing for the periods begun so far, the most late first: one
    grouped query over the answers, by unit, counting those for periods past their deadline.
    Only the units already loaded are counted, so for a large subtree the query needs no check
    of the units' validity (and for the whole kommune no join to them at all)."""
    periodar_for = {p.pk: _periodar(p, aar, dag) for p in punkt}
    seine = {p.pk: [k for k, seint in periodar_for[p.pk] if seint] for p in punkt}
    qs = Svar.objects.filter(punkt__in=[p.pk for p in punkt], periode__in=koder).order_by()
    if len(tre.einingar) <= MED_ID:
        qs = qs.filter(eining_id__in=[e.pk for e in tre.einingar])
    elif tre.rot.depth > 1:
        qs = qs.filter(i_subtre(tre.rot, "eining"))
    qs = qs.values("eining_id")
    filter_seint = Q()
    for pk, ks in seine.items():
        if ks:
            filter_seint |= Q(punkt_id=pk, periode__in=ks)
    if filter_seint:
        qs = qs.annotate(svart=Count("pk"), seint=Count("pk", filter=filter_seint))
    else:
        qs = qs.annotate(svart=Count("pk"))
    svart = {r["eining_id"]: (r["svart"], r.get("seint", 0)) for r in qs}
    n_periodar = {pk: len(v) for pk, v in periodar_for.items()}
    n_seine = {pk: len(v) for pk, v in seine.items()}
    ut = []
    for e in tre.talde:
        dei = tre.punkt_for[e.pk]
        forfalne = sum(n_periodar[p.pk] for p in dei)
        s, s_seint = svart.get(e.pk, (0, 0))
        if s >= forfalne:
            continue
        seint = sum(n_seine[p.pk] for p in dei)
        ut.append(Manglande(eining=e, forfalne=forfalne, svart=s, for_seint=max(seint - s_seint, 0)))
    ut.sort(key=lambda m: (-m.for_seint, -m.manglar, m.eining.path))
    return ut


# --- for the månadsrapport ----------------------------------------------------------------


def oppsummering(aar, maanad_kode, eining=None):
    """The checklist answers due in a month, for reporting's månadsrapport: the whole (the unit's
    subtree, its own answers included) and one row per child of `eining` (default: the kommune),
    each with its subtree. A tertial or yearly point counts with the period the month falls in.
    Without a published checklist for the year every count is 0 (`sjekkliste` is None).
    Fixed number of queries. Raises ValueError for a code that is not a month.

        {"sjekkliste": Sjekkliste | None, "periode": Kalenderperiode,
         "forfalne", "svart", "nei", "delvis", "manglar", "for_seint": int,
         "per_eining": [{"eining": Eining, "forfalne", "svart", "nei", "delvis", "manglar",
                         "for_seint": int}, ...]}"""
    maanad = periodar.les(maanad_kode, (periodar.MAANAD,))
    if maanad is None or maanad.aar != aar:
        raise ValueError(f"Not a month of {aar}: {maanad_kode!r}")
    dag = klokke.i_dag()
    liste = Sjekkliste.objects.filter(aar=aar, status=Sjekkliste.Status.PUBLISERT).first()
    rot = eining or Eining.objects.filter(depth=1).filter(_aktiv(dag)).order_by("path").first()
    punkt = punkt_i(liste) if liste is not None else []
    einingar = einingar_i(rot, dag) if rot is not None else []
    totalt = Tal()
    per_eining = []
    if rot is not None:
        tre = _Tre(rot, einingar, punkt)
        plikt_no = []
        for p in punkt:
            k = plikt.periode(p, maanad)
            if plikt.i_kraft(p, k) and plikt.er_begynt(k, dag):
                plikt_no.append((p, k, plikt.frist(p, k) < dag))
        svar = (
            _svar_per_rad(rot, [p for p, _k, _s in plikt_no], {k for _p, k, _s in plikt_no}, dag, einingar)
            if plikt_no
            else {}
        )
        for nokkel, r in tre.rader.items():
            for p, k, seint in plikt_no:
                n = tre.tal[(nokkel, p.pk)]
                if n:
                    s, nei, delvis = svar.get((nokkel, p.pk, k), (0, 0, 0))
                    r.aaret.legg_til(n, s, nei, delvis, seint)
                    totalt.legg_til(n, s, nei, delvis, seint)
            if not r.eigen:
                per_eining.append({"eining": r.eining, **r.aaret.som_dict()})
    return {"sjekkliste": liste, "periode": maanad, **totalt.som_dict(), "per_eining": per_eining}
