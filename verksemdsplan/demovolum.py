"""The demo kommune grown for benchmarks (`demo --scale N --aar K`): every service area and
unit gets a year's worth of oppdrag of its own, with delegation chains, for this year (N > 1)
and for each of the K years before it. Oslo's shape at N=10: about 1,500 units, 20,000 oppdrag
a year. Built with bulk inserts (history rows and guardian rows too), once: a second run finds
what it made and leaves it.

The hand-made demo (verksemdsplan/demo.py) stays as it is; this only adds. Reporting adds the
status reports for these oppdrag in reporting/demovolum.py."""

import datetime
from collections import defaultdict

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from guardian.models import UserObjectPermission
from treebeard.mp_tree import MP_Node

from alver.lib import klokke
from alver.lib.historikk import bulk_create_med_historikk_i_sql
from alver.models import Eining
from plans.models import Maal

from . import services
from .models import Kategori, Oppdrag, Tema

# titles of ordinary yearly work in a service area or unit (the same title in many units, as in
# a real kommune); a second run knows its own oppdrag by these titles
TITLAR = [
    "Gjennomgå internkontrollen",
    "Revidere beredskapsplanen",
    "Oppdatere risiko- og sårbarheitsanalysen",
    "Betre rutinane for avvikshandtering",
    "Redusere sjukefråværet",
    "Gjennomføre medarbeidarundersøkinga og følgje opp",
    "Innføre digital timebestilling",
    "Kompetanseplan for dei tilsette",
    "Evaluere brukarundersøkinga",
    "Tilpasse drifta til vedteken ramme",
    "Betre samarbeidet med frivillige",
    "Rydde i arkivet etter sakshandsamingssystemet",
    "Universell utforming av lokala",
    "Energisparing i bygga",
    "Oppdatere rutinar for personvern",
    "Gjennomgå turnusordninga",
    "Rekruttere og halde på fagfolk",
    "Styrke tverrfagleg samarbeid",
    "Kvalitetssikre tenesteskildringane",
    "Ta i bruk nytt fagsystem",
    "Førebyggje vald og trakassering på arbeidsplassen",
    "Følgje opp tilsynsrapporten",
    "Planlegge ferieavviklinga",
    "Betre informasjonen på nettsida",
]
OMRAADE_OPPDRAG = 8  # per service area and year, each delegated to three of its units
EINING_OPPDRAG = 8  # per unit and year, its own
DELEGERT_TIL = 3


def _aara(scale, aar):
    dag = klokke.i_dag()
    return [dag.year - k for k in range(aar, 0, -1)] + ([dag.year] if scale > 1 else [])


def frist_og_status(i, dag):
    """Deadline, status and comment for this year's oppdrag number `i`, told around `dag`: of
    twenty, three done (deadline behind us), one overdue by date, two delayed with a comment, two
    not started and the rest under way, deadlines ahead (through the year's end, at least six
    weeks). Early in January nothing lies behind: all deadlines are ahead then."""
    slutt = datetime.date(dag.year, 12, 31)
    fram = max((slutt - dag).days, 45) - 10
    bak = (dag - datetime.date(dag.year, 1, 10)).days
    framme = dag + datetime.timedelta(days=10 + (i * 37) % fram)
    k = i % 20
    if i % 13 == 12:
        return framme, Oppdrag.Status.AVBROTE, "Avløyst av eit nyare vedtak."
    if k < 3:
        frist = dag - datetime.timedelta(days=1 + (i * 29) % bak) if bak > 14 else framme
        return frist, Oppdrag.Status.FULLFORT, ""
    if k == 3 and bak > 14:
        return dag - datetime.timedelta(days=1 + i % min(30, bak - 1)), Oppdrag.Status.I_GANG, ""
    if k in (4, 5):
        return framme, Oppdrag.Status.FORSEINKA, "Ventar på avklaring av økonomi."
    if k in (6, 7):
        return framme, Oppdrag.Status.IKKJE_STARTA, ""
    return framme, Oppdrag.Status.I_GANG, ""


def _tilstand(i, y, dag):
    """Deadline, status and the year it closed for oppdrag number `i` of year `y`. This year's
    follow the hand-made demo's mix; earlier years' are done or cancelled, with a few of last
    year's carried on into this one."""
    if y == dag.year:
        frist, status, kommentar = frist_og_status(i, dag)
        return (
            frist,
            status,
            kommentar,
            (y if status in (Oppdrag.Status.FULLFORT, Oppdrag.Status.AVBROTE) else None),
        )
    frist = datetime.date(y, 6 + i % 7, 1 + (i * 7) % 28)
    if i % 13 == 12:
        return frist, Oppdrag.Status.AVBROTE, "Avløyst av eit nyare vedtak.", y
    if y == dag.year - 1 and i % 25 == 24:
        return frist, Oppdrag.Status.FORSEINKA, "Held fram i år.", None
    return frist, Oppdrag.Status.FULLFORT, "", y


def bygg(scale=1, aar=0, stdout=None):
    dag = klokke.i_dag()
    aara = _aara(scale, aar)
    if not aara:
        return 0
    adm = Kategori.objects.get(kode="administrativt")
    tema = list(Tema.objects.order_by("pk"))
    maal = list(Maal.objects.til_kopling().order_by("pk").values_list("pk", flat=True)[:40])
    omraade = list(
        Eining.objects.aktive().filter(type=Eining.Type.TENESTEOMRAADE, leiar__isnull=False).order_by("path")
    )
    einingar = defaultdict(list)
    for e in Eining.objects.aktive().filter(type=Eining.Type.EINING, leiar__isnull=False).order_by("path"):
        einingar[e.path[: -MP_Node.steplen]].append(e)
    gjort = set(
        Oppdrag.objects.filter(kategori=adm, tittel__in=TITLAR, parent__isnull=True).values_list(
            "eining_id", "aar"
        )
    )
    perm = Permission.objects.get(codename="endre_oppdrag", content_type__app_label="verksemdsplan")
    ct = ContentType.objects.get_for_model(Oppdrag)
    n = 0
    for y in aara:
        nye_omraade = [t for t in omraade if (t.pk, y) not in gjort]
        if not nye_omraade:
            continue
        planar = services._verksemdsplanar(
            [t.pk for t in nye_omraade] + [e.pk for t in nye_omraade for e in einingar[t.path]], y
        )
        teljar = iter(range(10**9))

        def oppdrag(eining, tittel, y=y, planar=planar, teljar=teljar):
            i = next(teljar)
            frist, status, kommentar, slutt = _tilstand(i, y, dag)
            return Oppdrag(
                verksemdsplan=planar[eining.pk],
                aar=y,
                slutt_aar=slutt,
                tittel=tittel,
                kategori=adm,
                eining=eining,
                owner_id=eining.leiar_id,
                tema=tema[i % len(tema)],
                frist=frist,
                status=status,
                status_kommentar=kommentar,
            )

        topp = []
        for k, t in enumerate(nye_omraade):
            topp += [oppdrag(t, TITLAR[(k + j) % len(TITLAR)]) for j in range(OMRAADE_OPPDRAG)]
            for m, e in enumerate(einingar[t.path]):
                topp += [oppdrag(e, TITLAR[(k + m + j + 5) % len(TITLAR)]) for j in range(EINING_OPPDRAG)]
        # given when the year began, so every period of the year was theirs to report on
        with klokke.stilt(datetime.date(y, 1, 2)):
            topp = bulk_create_med_historikk_i_sql(topp, Oppdrag, grunn="Demo")
            born = []
            for o in topp:
                under = einingar.get(o.eining.path, []) if o.eining.type == Eining.Type.TENESTEOMRAADE else []
                for d in range(min(DELEGERT_TIL, len(under))):
                    e = under[(o.pk + d) % len(under)]
                    born.append(
                        Oppdrag(
                            verksemdsplan=planar[e.pk],
                            aar=y,
                            slutt_aar=o.slutt_aar,
                            tittel=o.tittel,
                            kategori=adm,
                            eining=e,
                            owner_id=e.leiar_id,
                            tema=o.tema,
                            frist=o.frist,
                            status=o.status,
                            status_kommentar=o.status_kommentar,
                            parent=o,
                            notat="Ta dette med i verksemdsplanen.",
                        )
                    )
            born = bulk_create_med_historikk_i_sql(born, Oppdrag, grunn="Demo")
        UserObjectPermission.objects.bulk_create(
            [
                UserObjectPermission(
                    user_id=b.owner_id, permission=perm, content_type=ct, object_pk=str(b.pk)
                )
                for b in born
            ],
            batch_size=5000,
        )
        if maal:
            Oppdrag.maal.through.objects.bulk_create(
                [
                    Oppdrag.maal.through(oppdrag_id=o.pk, maal_id=maal[o.pk % len(maal)])
                    for o in topp + born
                    if o.pk % 3
                ],
                batch_size=5000,
            )
        n += len(topp) + len(born)
    if stdout and n:
        stdout.write(f"Oppdrag (volum): {n} fleire oppdrag over {len(aara)} år.")
    return n
