"""Mi side's blocks: what each role needs first on the start page after login.

One function per block. Each asks the database a small fixed number of queries — one per kind of
fact, counted and summed in SQL (annotate, Count, Sum), never one per row — so the page's query
count does not grow with the data. A block with nothing to show returns None (or an empty list),
and the page leaves it out: no empty tables.

Which blocks a reader gets, and in which order, follows their roles (`seksjonar`). Each block
links only to pages its reader may open: the view asks each app's `permissions.py` before a block
is gathered, and the templates ask the same helpers for the links inside it.
"""

import datetime

from django.conf import settings
from django.db.models import Case, Count, Exists, F, Max, OuterRef, Q, Value, When, Window
from django.db.models.functions import Coalesce, Substr
from django.utils import timezone, translation

from alver import permissions
from alver.lib import klokke, mellomlager
from alver.models import Eining, OrgImport
from alver.permissions import Rolle
from budget import hovudoversikt
from budget import permissions as budget_tilgang
from budget.models import Mote, Okonomiplan
from checklists import oversikt as sjekkliste_oversikt
from checklists import permissions as sjekkliste_tilgang
from checklists.models import Sjekkliste
from verksemdsplan import permissions as oppdrag_tilgang
from verksemdsplan.brev_views import frist as brevfrist
from verksemdsplan.models import Oppdrag, Oppdragsbrev, Verksemdsplan

from . import oppfolging
from . import permissions as rapport_tilgang
from . import services as tenester
from .models import Frekvens, Periode, Regel, Statusrapport

GRENSE = 10  # each list on Mi side shows this many and links to the full, filtered list
VARSEL = 5  # the newest unread notifications; the rest are a click away on the notification page
MOTE = 5  # the next meetings shown
SNART = 30  # «due soon»: a deadline within this many days
RAPPORTAR = 5  # released reports shown to a politician

# The order of the page's sections. A reader gets those their roles call for, in this order: the
# kommune's overview first for the kommunedirektør, a leader's own working lists before the
# functional roles' blocks, and an employee's own assignments after their role's blocks.
KOMMUNEN = "kommunen"
GODKJENNING = "godkjenning"
LEIAR = "leiar"  # the working lists of a leader (before the functional roles)
SEKRETARIAT = "sekretariat"
OKONOMI = "okonomi"
HR = "hr"
POLITIKAR = "politikar"
OPPDRAG = "oppdrag"  # the working lists of an employee who leads nothing


def liste(qs, grense=GRENSE):
    """A bounded list and its full size, in one query however much there is: each row carries
    the count of all (a window over the whole result, computed before the limit). A grouped
    or distinct query, where a window would count other rows, takes a second query."""
    if qs.query.distinct or qs.query.group_by is not None:
        return {"rader": list(qs[:grense]), "tal": qs.count()}
    rader = list(qs.annotate(_alle=Window(Count("pk")))[:grense])
    return {"rader": rader, "tal": rader[0]._alle if rader else 0}


def seksjonar(user):
    """The sections of Mi side for this reader, in the order they are shown."""
    if not permissions.kan_lese_organisasjon(user):
        return []
    leiar = permissions.har_rolle(user, Rolle.KOMMUNEDIREKTOR, Rolle.KOMMUNALSJEF, Rolle.TENESTELEIAR)
    tilsett = permissions.er_tilsett(user)
    ut = []
    if permissions.har_rolle(user, Rolle.KOMMUNEDIREKTOR):
        ut.append(KOMMUNEN)
    if tilsett:
        ut.append(GODKJENNING)
    if tilsett and leiar:
        ut.append(LEIAR)
    for rolle, seksjon in (
        (Rolle.SEKRETARIAT, SEKRETARIAT),
        (Rolle.OKONOMI, OKONOMI),
        (Rolle.HR, HR),
        (Rolle.POLITIKAR, POLITIKAR),
    ):
        if permissions.har_rolle(user, rolle):
            ut.append(seksjon)
    if tilsett and not leiar:
        ut.append(OPPDRAG)
    return ut


# --- the reporting periods the blocks look at ------------------------------------------------


def siste_ferdige_maanad(dag):
    """The latest month whose reporting deadline has passed: its reports are in, so its counts
    hold (the month being reported now is still coming in). One query."""
    return Periode.objects.filter(type=Frekvens.MAANAD, frist__lt=dag).order_by("-til").first()


def kalender(user, dag):
    """The reporting periods around `dag` (`services.Kalender`), read once per request (cached on
    the user object, as the roles are): four of the page's blocks ask about them."""
    k = getattr(user, "_alver_kalender", None)
    if k is None or k.dag != dag:
        k = user._alver_kalender = tenester.Kalender(dag)
    return k


def _sektor(felt):
    """The path of the sector a row's unit sits in (the kommune's own path for the kommune)."""
    return Substr(felt, 1, 2 * Eining.steplen)


# --- kommunedirektør: the kommune at a glance ------------------------------------------------


def kommunen(user, dag):
    """The kommune at a glance: deviations, economy, letters and plans, and the checklist per
    sector. The same for every reader of it, and at Oslo's size a read of the whole kommune's
    reports and answers, so it is made at most every MI_SIDE_OVERSYN_SEKUND seconds and the page
    says when (`oversyn_per`)."""
    blokker, per = _oversyn(
        "kommunen",
        dag,
        lambda: {
            "avvik_per_sektor": avvik_per_sektor(dag),
            "okonomi_per_sektor": okonomi_per_sektor(),
            "brev_og_planar": brev_og_planar(dag),
            "sjekkliste_per_sektor": sjekkliste_per_sektor(dag),
        },
    )
    if not sjekkliste_tilgang.kan_sjaa_oversikt(user):
        blokker = {**blokker, "sjekkliste_per_sektor": None}
    return {**blokker, "oversyn_per": per}


def _oversyn(namn, dag, lag):
    """(blocks, made_at or None): `lag()` cached for MI_SIDE_OVERSYN_SEKUND seconds (0: made
    every time, and no time to show). The key has the day, since the blocks count from it, and
    the language, since some of them hold words."""
    levetid = settings.MI_SIDE_OVERSYN_SEKUND
    if not levetid:
        return lag(), None
    return mellomlager.eller_lag(
        f"alver:mi-side:{namn}:1:{translation.get_language()}:{dag.isoformat()}", levetid, lag
    )


def avvik_per_sektor(dag):
    """Per sector, in the latest month whose deadline has passed: red and yellow reports, and the
    assignments not reported. Counted as the period page counts them (the oppdrag to report in
    the period, a report's light), so each count opens the same rows there. Four queries."""
    p = siste_ferdige_maanad(dag)
    if p is None:
        return None
    qs = tenester.oppdrag_i_perioden(p)
    totalt = dict(
        qs.annotate(s=_sektor("eining__path"))
        .order_by()
        .values("s")
        .annotate(n=Count("pk"))
        .values_list("s", "n")
    )
    if not totalt:
        return None
    rapportar = {
        r["s"]: r
        for r in Statusrapport.objects.filter(periode=p, oppdrag__in=qs)
        .annotate(s=_sektor("oppdrag__eining__path"))
        .order_by()
        .values("s")
        .annotate(
            alle=Count("pk"),
            raud=Count("pk", filter=Q(lys=Statusrapport.Lys.RAUD)),
            gul=Count("pk", filter=Q(lys=Statusrapport.Lys.GUL)),
        )
    }
    rader = []
    for e in Eining.objects.filter(path__in=list(totalt)).order_by("path"):
        r = rapportar.get(e.path, {})
        rader.append(
            {
                "eining": e,
                "raud": r.get("raud", 0),
                "gul": r.get("gul", 0),
                "manglar": totalt[e.path] - r.get("alle", 0),
                # the period page opens active units only; the kommune's row is its own oppdrag
                "query": None if e.nedlagd else f"eining={e.kode}" + ("&berre=1" if e.depth == 1 else ""),
            }
        )
    return {
        "periode": p,
        "rader": rader,
        "sum": {k: sum(r[k] for r in rader) for k in ("raud", "gul", "manglar")},
    }


def okonomi_per_sektor():
    """Forecast against budget per sector for the latest month imported from the ledger, as the
    economy page sums it (a sector without a row of its own is the sum of the rows under it).
    Four queries."""
    p = Periode.objects.filter(type=Frekvens.MAANAD, okonomirapportar__isnull=False).order_by("-til").first()
    kommune = Eining.objects.aktive().filter(depth=1).order_by("path").first()
    if p is None or kommune is None:
        return None
    rader, sum_ = tenester.okonomi_per_eining_under(p, kommune)
    if not rader:
        return None
    return {"periode": p, "rader": rader, "sum": sum_}


def brev_og_planar(dag):
    """The year's assignment letters by status, and the verksemdsplanar marked done by the deadline
    (31 January), after it, or not yet, over the active units. Three queries."""
    aar = dag.year
    frist = brevfrist(aar)
    aktive = Eining.objects.aktive()
    einingar = aktive.count()
    if not einingar:
        return None
    per_status = dict(
        Oppdragsbrev.objects.filter(aar=aar, eining__in=aktive)
        .order_by()
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    # marked done by the end of the deadline day, in the kommune's time zone
    grense = timezone.make_aware(
        datetime.datetime.combine(frist + datetime.timedelta(days=1), datetime.time())
    )
    planar = Verksemdsplan.objects.filter(aar=aar, eining__in=aktive).aggregate(
        i_tide=Count("pk", filter=Q(ferdig_at__lt=grense)),
        seint=Count("pk", filter=Q(ferdig_at__gte=grense)),
    )
    status = [
        {"status": s, "tekst": s.label, "n": per_status.get(s.value, 0)}
        for s in reversed(Oppdragsbrev.Status)
        if per_status.get(s.value)
    ]
    return {
        "aar": aar,
        "frist": frist,
        "over_fristen": dag > frist,
        "einingar": einingar,
        "brev": status,
        "utan_brev": max(einingar - sum(per_status.values()), 0),
        "planar_i_tide": planar["i_tide"],
        "planar_seint": planar["seint"],
        "planar_manglar": max(einingar - planar["i_tide"] - planar["seint"], 0),
    }


def sjekkliste_per_sektor(dag):
    """The year's published checklist: answered of due so far, per sector and in all, from the
    checklists' own overview (a fixed number of queries). None without a published checklist;
    `kommunen` leaves it out for a reader who may not open the overview."""
    liste = Sjekkliste.objects.filter(aar=dag.year, status=Sjekkliste.Status.PUBLISERT).first()
    kommune = sjekkliste_tilgang.kommunen()
    if liste is None or kommune is None:
        return None
    o = sjekkliste_oversikt.oversikt(liste, kommune, dag=dag)
    if not o.totalt.forfalne:
        return None
    return {"liste": liste, "totalt": o.totalt, "rader": [r for r in o.rader if r.aaret.forfalne]}


# --- a leader's and an employee's own working lists ------------------------------------------


def oppdrag_lister(user, dag):
    """My open assignments and the lists cut from them, what I delegated, what went two periods
    without a report (mine, and in the units I lead), and for the leaders who quality-assure the
    thread what lacks a goal link in their units and (kommunedirektør, administrator) what has no
    owner. One query per list."""
    passerte = kalender(user, dag).siste_passerte()
    ut = {
        **_mine_lister(mine_opne(user, dag), dag),
        "delegert": liste(
            Oppdrag.objects.aktive()
            .filter(parent__owner=user)
            .select_related("owner", "parent")
            # what is still open comes first, by deadline; finished or cancelled work after it
            .annotate(
                avslutta=Case(
                    When(status__in=[Oppdrag.Status.FULLFORT, Oppdrag.Status.AVBROTE], then=Value(1)),
                    default=Value(0),
                )
            )
            .order_by("avslutta", F("frist").asc(nulls_last=True), "pk")
        ),
    }
    if permissions.har_rolle(user, Rolle.KOMMUNEDIREKTOR):
        # the kommunedirektør's units are the whole kommune: those lists are kommune-wide
        lister, ut["einingar_per"] = _oversyn(
            f"einingar-{user.pk}", dag, lambda: _i_einingane(user, passerte)
        )
        ut |= lister
    elif permissions.leia(user):
        ut |= _til_neste_endring(user, dag, "einingar", lambda: _i_einingane(user, passerte))
    else:
        ut |= _i_einingane(user, passerte)
    return ut


def _til_neste_endring(user, dag, namn, lag):
    """A leader's lists over the units they lead, kept until the next change to the domain (any
    save moves it on, so they are never older than what is stored): a sector's thousands of
    oppdrag are read once, not on every view of Mi side. The key has the roles, since some
    lists are for some roles only."""
    roller = ".".join(sorted(permissions.roller(user)))
    nokkel = f"alver:mi-side:{namn}-{user.pk}:{roller}:{translation.get_language()}:{dag.isoformat()}"
    return mellomlager.til_neste_endring(nokkel, 300, lag)


def _i_einingane(user, passerte):
    """The lists over the units I lead: what went two periods without a report, and for the
    leaders who quality-assure the thread what lacks a goal link; and (kommunedirektør,
    administrator) what has no owner. One query each."""
    ut = {
        # freshness: what has gone two periods without a report in the units I lead
        "ikkje_rapportert_einingar": liste(
            tenester.utan_rapport_to_periodar(
                Oppdrag.objects.aktive().opne().filter(permissions.i_leia_einingar(user, "eining")),
                passerte=passerte,
            )
            .exclude(owner=user)
            .select_related("owner", "eining")
            .order_by("eining__path", "frist", "pk")
        ),
    }
    if permissions.har_rolle(user, Rolle.KOMMUNEDIREKTOR, Rolle.KOMMUNALSJEF):
        # the leaders who quality-assure the thread see what lacks a goal link in their units
        ut["utan_kopling_einingar"] = liste(
            Oppdrag.objects.aktive()
            .opne()
            .utan_kopling()
            .filter(permissions.i_leia_einingar(user, "eining"), parent__isnull=True)
            .select_related("owner")
            .order_by(F("frist").asc(nulls_first=True), "pk")
        )
        ut["mine_einingar"] = permissions.hogaste_leia(user)
    if oppdrag_tilgang.kan_sjaa_utan_eigar(user):
        ut["utan_eigar"] = liste(
            Oppdrag.objects.aktive()
            .opne()
            .filter(owner__isnull=True)
            .select_related("eining")
            .order_by("frist", "pk")
        )
    return ut


def mine_opne(user, dag):
    """My open, active oppdrag (with unit and category), each saying whether it has a goal link
    (`_har_maal`, `_har_strategi`) and whether it went two periods without a report
    (`_utan_rapport`): one query, read once per request (cached on the user object, as the roles
    are). Mi side's own lists are cut from it, and so are the årshjul's next own deadlines beside
    them. What one person owns is tens, not the kommune's thousands."""
    lagra = getattr(user, "_alver_mine_opne", None)
    if lagra is not None and lagra[0] == dag:
        return lagra[1]
    utan_rapport = tenester.utan_rapport_to_periodar(
        Oppdrag.objects.filter(pk=OuterRef("pk")), passerte=kalender(user, dag).siste_passerte()
    )
    rader = list(
        Oppdrag.objects.aktive()
        .opne()
        .filter(owner=user)
        .select_related("eining", "kategori")
        .annotate(
            _har_maal=Exists(Oppdrag.maal.through.objects.filter(oppdrag=OuterRef("pk"))),
            _har_strategi=Exists(Oppdrag.strategiar.through.objects.filter(oppdrag=OuterRef("pk"))),
            _utan_rapport=Exists(utan_rapport),
        )
    )
    user._alver_mine_opne = (dag, rader)
    return rader


def _mine_lister(rader, dag):
    """The lists cut from my open oppdrag (`mine_opne`): new (no deadline yet, first), all mine,
    past the deadline, due soon, without a goal link, and two periods without a report; each its
    first GRENSE rows and its count. A window per list in SQL gave the same in one query too,
    but compiling it cost Mi side more than the six queries it replaced."""
    nyleg = klokke.no() - datetime.timedelta(days=14)
    snart = dag + datetime.timedelta(days=SNART)

    def cut(vilkaar, nokkel):
        valde = sorted((o for o in rader if vilkaar(o)), key=nokkel)
        return {"rader": valde[:GRENSE], "tal": len(valde)}

    def etter_frist(o):  # by deadline, those without last (as PostgreSQL orders them)
        return (o.frist is None, o.frist or dag, o.pk)

    return {
        # new assignments have no deadline yet: they come first, to be given one
        "nye": cut(lambda o: o.created_at >= nyleg, lambda o: (-o.created_at.timestamp(), -o.pk)),
        "mine": cut(lambda o: True, lambda o: (o.frist is not None, o.frist or dag, -o.pk)),
        "over_fristen": cut(lambda o: o.frist and o.frist < dag, etter_frist),
        "snart": cut(lambda o: o.frist and dag <= o.frist <= snart, etter_frist),
        "utan_kopling": cut(lambda o: not (o._har_maal or o._har_strategi), etter_frist),
        "ikkje_rapportert": cut(lambda o: o._utan_rapport, etter_frist),
    }


def aa_rapportere(user, dag):
    """What I must report in the open periods due next (my own oppdrag not yet reported): the
    (at most three) open, unlocked periods with their deadline today or later, one count each.
    Kept until the next change (a report, a released period): every employee's Mi side shows it,
    and the three counts over the periods' rules cost more to build than to read."""
    return _til_neste_endring(user, dag, "aa-rapportere", lambda: _aa_rapportere(user, dag))


def _aa_rapportere(user, dag):
    k = kalender(user, dag)
    neste = k.neste_opne(3)
    laaste = k.laaste(neste)
    opne = [p for p in neste if p.pk not in laaste]
    if not opne:
        return []
    # one query for the (up to three) counts, each over the period's own set
    tal = Oppdrag.objects.filter(owner=user).aggregate(
        **{
            f"p{p.pk}": Count(
                "pk",
                filter=Q(
                    pk__in=tenester.oppdrag_i_perioden(p)
                    .filter(owner=user)
                    .exclude(statusrapportar__periode=p)
                    .values("pk")
                ),
            )
            for p in opne
        }
    )
    return [(p, tal[f"p{p.pk}"]) for p in opne]


def avvik_i_einingane(user, dag):
    """The red and yellow reports, in the latest month whose deadline has passed, on assignments
    in the units this leader leads (red first), with the link to all of them on the period page
    (from the highest unit they lead). One query, beside the periods read once for the page."""
    p = kalender(user, dag).siste_ferdige_maanad()
    if p is None:
        return None
    return _til_neste_endring(user, dag, "avvik", lambda: _avvik_i_einingane(user, p))


def _avvik_i_einingane(user, p):
    rapportar = (
        Statusrapport.objects.filter(
            periode=p,
            lys__in=[Statusrapport.Lys.RAUD, Statusrapport.Lys.GUL],
            oppdrag__in=tenester.oppdrag_i_perioden(p).filter(permissions.i_leia_einingar(user, "eining")),
        )
        .select_related("oppdrag__eining", "oppdrag__owner", "periode")
        .order_by("-lys", "oppdrag__eining__path", "oppdrag__frist", "pk")  # «raud» sorts after «gul»
    )
    ut = liste(rapportar)
    if not ut["tal"]:
        return None
    topp = permissions.hogaste_leia(user)
    ut |= {"periode": p, "eining": topp}
    return ut


def mi_eining(user, dag):
    """My unit's verksemdsplan and assignment letter for the year: whether the plan is marked done,
    and the letter when the reader may open it (a published version, or they write it). At most
    three queries."""
    eining = user.eining
    if eining is None or eining.nedlagd:
        return None
    aar = dag.year
    plan = Verksemdsplan.objects.filter(eining=eining, aar=aar).first()
    brev = (
        Oppdragsbrev.objects.filter(eining=eining, aar=aar).annotate(har_versjon=Count("versjonar")).first()
    )
    if brev is not None and not (brev.har_versjon or oppdrag_tilgang.kan_endre_brev(user, eining)):
        brev = None
    if brev is not None:
        brev.eining = eining  # its link reads the unit's code; not asked for again
    return {"eining": eining, "aar": aar, "plan": plan, "brev": brev}


# --- sekretariat: the meetings ----------------------------------------------------------------


def neste_moete(dag, grense=MOTE):
    """The meetings from today on, soonest first, with their body. One query."""
    return liste(
        Mote.objects.filter(dato__gte=dag)
        .select_related("organ")
        .order_by("dato", "organ__rekkjefolgje", "pk"),
        grense,
    )


def moete_utan_saker(dag):
    """Meetings already held with no cases entered (none, or only cases entered by mistake),
    latest first. One query (and its count: grouped)."""
    return liste(
        Mote.objects.filter(dato__lt=dag)
        .annotate(saker=Count("vedtak", filter=Q(vedtak__feilregistrert_at__isnull=True)))
        .filter(saker=0)
        .select_related("organ")
        .order_by("-dato", "organ__rekkjefolgje", "pk")
    )


def oppfolging_med_frist(user, dag):
    """The political follow-up due for a report back: decisions and verbalpunkt not done or
    cancelled whose deadline (the oppdrag's, else the point's or the decision's, as the follow-up
    shows it) has passed or comes within 30 days. Counts and the first rows, soonest deadline
    first, as the follow-up page shows them (exempt titles hidden from those who may not see
    them). The counts and rows are the same for every reader: kept until the next change to the
    domain (they read the kommune's political oppdrag); at most two queries a view besides."""

    def felles():
        qs = (
            oppfolging.politiske_oppdrag(dag.year, alle_rapportar=True)
            .opne()
            .annotate(vist=Coalesce("frist", "kjelde_vedtakspunkt__frist", "kjelde_vedtak__frist"))
            .filter(vist__lte=dag + datetime.timedelta(days=SNART))
        )
        tal = qs.order_by().aggregate(over=Count("pk", filter=Q(vist__lt=dag)), alle=Count("pk"))
        return (tal, list(qs.order_by("vist", "pk")[:GRENSE])) if tal["alle"] else None

    lagra = mellomlager.til_neste_endring(
        f"alver:mi-side:oppfolging-med-frist:{dag.isoformat()}", 300, felles
    )
    if lagra is None:
        return None
    tal, oppdrag = lagra
    rader = oppfolging.rader(user, oppdrag)
    return {
        "rader": rader,
        "tal": tal["alle"],
        "over": tal["over"],
        "snart": tal["alle"] - tal["over"],
        "aar": dag.year,
    }


# --- økonomi ------------------------------------------------------------------------------------


def okonomiplan_neste(user, dag):
    """Next year's økonomiplan: its status and whether it is in balance (what is missing, in
    words), from the plan's main overview (five queries); or that there is none yet."""
    aar = dag.year + 1
    plan = Okonomiplan.objects.filter(forste_aar=aar).first()
    if plan is None:
        return {"aar": aar, "plan": None, "kan_lage": budget_tilgang.kan_endre_okonomiplan(user)}
    oversikt = hovudoversikt.for_plan(plan)
    return {
        "aar": aar,
        "plan": plan,
        "i_balanse": oversikt["i_balanse"],
        "manglar_tekst": oversikt["manglar_tekst"],
    }


def rekneskapsimport(user, dag):
    """Last month's import from the ledger: done (how many units, when) or not yet. Two queries."""
    forrige = dag.replace(day=1) - datetime.timedelta(days=1)
    p = Periode.objects.filter(aar=forrige.year, type=Frekvens.MAANAD, nummer=forrige.month).first()
    if p is None:
        return None
    tal = p.okonomirapportar.aggregate(n=Count("pk"), sist=Max("importert_at"))
    return {
        "periode": p,
        "einingar": tal["n"],
        "sist": tal["sist"],
        "kan_importere": rapport_tilgang.kan_importere_okonomi(user),
    }


def reglar():
    """How many categories have a reporting rule, and how many are reported to the politicians.
    One query."""
    return Regel.objects.aggregate(n=Count("pk"), politiske=Count("pk", filter=Q(politisk=True)))


# --- HR -------------------------------------------------------------------------------------------


def sjekklister(user, dag):
    """This year's checklist and next year's, when made: draft or published, and the deadline
    for publishing. One query."""
    aar = dag.year
    lister = list(Sjekkliste.objects.filter(aar__in=[aar, aar + 1]).order_by("aar"))
    return {
        "lister": lister,
        "manglar_i_aar": not any(s.aar == aar for s in lister),
        "aar": aar,
        "kan_lage": sjekkliste_tilgang.kan_byggje(user),
    }


def organisasjon(user):
    """Active units without a leader, and the latest organisation import. Three queries."""
    return {
        "utan_leiar": liste(Eining.objects.aktive().filter(leiar__isnull=True).order_by("path")),
        "siste_import": OrgImport.objects.select_related("created_by").order_by("-created_at", "-pk").first(),
        "kan_endre": permissions.kan_endre_organisasjon(user),
    }


# --- politikar ----------------------------------------------------------------------------------


def oppfolging_per_status(dag):
    """The year's political follow-up (the rows of the follow-up page) counted by status: one
    query."""
    tal = dict(
        oppfolging.politiske_oppdrag(dag.year, alle_rapportar=True)
        .order_by()
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    if not tal:
        return None
    return {
        "aar": dag.year,
        "status": [
            {"status": s, "tekst": s.label, "n": tal[s.value]} for s in Oppdrag.Status if tal.get(s.value)
        ],
        "alle": sum(tal.values()),
        "opne": sum(n for s, n in tal.items() if s not in (Oppdrag.Status.FULLFORT, Oppdrag.Status.AVBROTE)),
    }


def frigjevne_rapportar(user):
    """The reports to the politicians released, newest first. One query."""
    return liste(
        rapport_tilgang.tertialperiodar(user).filter(frigitt_at__isnull=False).order_by("-til", "-pk"),
        RAPPORTAR,
    )
