"""The politisk sekretariat's decisions: whole meetings, which cases give work, duplicates,
double submits, switches, mistakes, points, exempt cases, search, and who reaches what."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from alver.lib.historikk import vis_grunn
from budget import services
from budget.models import Innsending, Mote, Organ, Sakstype, Vedtak
from tests.hjelp import alle_les, berre, tal_sporjingar
from verksemdsplan import services as vp_services
from verksemdsplan.models import Oppdrag

SEKRETARIAT = {"sekretariat": 200, "administrator": 200}


def st(namn):
    return Sakstype.objects.get(namn=namn)


def sak(org, nr, tittel, *, sektor="oppvekst", sakstype="Politisk sak", **felt):
    s = st(sakstype)
    return {
        "saksnummer": nr,
        "tittel": tittel,
        "sakstype": s,
        "gir_oppdrag": felt.pop("gir_oppdrag", s.gir_oppdrag),
        "ansvarleg_sektor": org["einingar"][sektor] if sektor else None,
        **felt,
    }


def mote(org, *saker, organ="Kommunestyret", dato=datetime.date(2026, 3, 5), **kw):
    m, _ny = services.registrer_mote(
        organ=Organ.objects.get(namn=organ),
        dato=dato,
        saker=list(saker),
        user=org["brukarar"]["sekretariat"],
        **kw,
    )
    return m


@pytest.fixture
def kommunestyre(org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return mote(
            org,
            sak(org, "PS 1/2026", "Godkjenning av innkalling og sakliste", gir_oppdrag=False, sektor=None),
            sak(org, "PS 2/2026", "Skulebruksplan", frist=datetime.date(2026, 6, 1), arkivsak="18/01572"),
            sak(org, "RS 1/2026", "Referat frå eldrerådet", sakstype="Referatsak", sektor=None),
            sak(
                org,
                "PS 3/2026",
                "Kjøp av tomt på Knarvik",
                skjerming="unnateke",
                heimel="offentleglova § 23",
                offentleg_tittel="Kjøp av eigedom",
            ),
        )


def _rad(i, nr, tittel, *, sakstype=None, gir="", sektor="", frist="", arkivsak=""):
    return {
        f"sak-{i}-saksnummer": nr,
        f"sak-{i}-tittel": tittel,
        f"sak-{i}-sakstype": str(sakstype or st("Politisk sak").pk),
        f"sak-{i}-gir_oppdrag": gir,
        f"sak-{i}-ansvarleg_sektor": str(sektor),
        f"sak-{i}-frist": frist,
        f"sak-{i}-arkivsak": arkivsak,
        f"sak-{i}-type": "vedtak",
        f"sak-{i}-skjerming": "",
    }


def _skjema(org, rader, *, n=5, token="t-1", organ="Formannskapet", dato="2026-03-05", **meir):
    data = {
        "organ": Organ.objects.get(namn=organ).pk,
        "dato": dato,
        "nummer": "",
        "protokoll_url": "",
        "token": token,
        "sak-TOTAL_FORMS": str(max(n, len(rader))),
        "sak-INITIAL_FORMS": "0",
        "sak-MIN_NUM_FORMS": "0",
        "sak-MAX_NUM_FORMS": "200",
    }
    # the untouched rows as a browser sends them: the default case type and kind selected
    for i in range(max(n, len(rader))):
        data |= _rad(i, "", "")
    for rad in rader:
        data |= rad
    return data | meir


# --- who reaches what -------------------------------------------------------------------------


def _matrix():
    rader = []
    for url in ("/vedtak/", "mote", "vedtak", "/vedtak/organ/"):
        rader += alle_les(url)
    for url in ("/vedtak/ny/", "mote:endre", "mote:saker", "mote:lim_inn", "vedtak:endre", "vedtak:punkt"):
        rader += berre(url, SEKRETARIAT)
    return rader


def _url(url, m):
    v = m.vedtak.get(saksnummer="PS 2/2026")
    return {
        "mote": m.get_absolute_url(),
        "mote:endre": reverse("budget:mote_endre", args=[m.pk]),
        "mote:saker": reverse("budget:mote_saker", args=[m.pk]),
        "mote:lim_inn": reverse("budget:mote_lim_inn", args=[m.pk]),
        "vedtak": v.get_absolute_url(),
        "vedtak:endre": reverse("budget:vedtak_endre", args=[v.pk]),
        "vedtak:punkt": reverse("budget:vedtak_punkt", args=[v.pk]),
    }.get(url, url)


@pytest.mark.parametrize("url,rolle,status", _matrix())
def test_access(url, rolle, status, kommunestyre, client_as):
    assert client_as(rolle).get(_url(url, kommunestyre)).status_code == status


@pytest.mark.parametrize("namn", ["mote_flytt", "mote_sektorar", "vedtak_trekk", "vedtak_feilregistrer"])
def test_changing_views_are_post_only_and_refuse_read_only_users(namn, kommunestyre, client_as):
    v = kommunestyre.vedtak.get(saksnummer="PS 2/2026")
    args = {"mote_flytt": [kommunestyre.pk, v.pk], "mote_sektorar": [kommunestyre.pk]}.get(namn, [v.pk])
    url = reverse(f"budget:{namn}", args=args)
    assert client_as("sekretariat").get(url).status_code == 405
    assert client_as("politikar").post(url, {"grunn": "x", "feil-grunn": "x"}).status_code == 403
    assert client_as("anonymous").post(url).status_code == 302


def test_read_only_users_see_no_links_to_change(kommunestyre, client_as):
    for url in ("/vedtak/", kommunestyre.get_absolute_url()):
        html = client_as("politikar").get(url).content.decode()
        assert "/vedtak/ny/" not in html and "/saker/" not in html and "/endre/" not in html
    html = client_as("sekretariat").get(kommunestyre.get_absolute_url()).content.decode()
    assert reverse("budget:mote_saker", args=[kommunestyre.pk]) in html


# --- which cases give work --------------------------------------------------------------------


def test_only_cases_that_give_work_become_oppdrag_with_their_deadline(kommunestyre):
    laga = {o.kjelde_vedtak.saksnummer: o for o in Oppdrag.objects.select_related("kjelde_vedtak")}
    assert set(laga) == {"PS 2/2026", "PS 3/2026"}
    assert laga["PS 2/2026"].frist == datetime.date(2026, 6, 1)
    # a theme, so the oppdragsbrev lists it (Særskilde oppdrag, the category's default)
    assert {o.tema.kode for o in laga.values()} == {"saerskilte"}
    # the exempt case's oppdrag carries its public title only, and is exempt itself
    o = laga["PS 3/2026"]
    assert (o.tittel, o.skildring, o.unnateke, o.heimel) == (
        "Kjøp av eigedom",
        "",
        True,
        "offentleglova § 23",
    )


def test_a_case_that_gives_work_waits_for_its_sector_and_a_failing_list_saves_nothing(org, client_as):
    m = mote(org, sak(org, "PS 8/2026", "God"), sak(org, "PS 9/2026", "Utan sektor enno", sektor=None))
    utan = m.vedtak.get(saksnummer="PS 9/2026")
    assert list(Oppdrag.objects.values_list("kjelde_vedtak__saksnummer", flat=True)) == ["PS 8/2026"]
    c = client_as("sekretariat")
    assert f'name="sektor-{utan.pk}"' in c.get(m.get_absolute_url()).content.decode()
    # the sector chosen on the meeting page makes the oppdrag; a case with a sector keeps its own
    god = m.vedtak.get(saksnummer="PS 8/2026")
    helse = org["einingar"]["helse"].pk
    assert (
        c.post(
            reverse("budget:mote_sektorar", args=[m.pk]),
            {f"sektor-{utan.pk}": helse, f"sektor-{god.pk}": helse},
        ).status_code
        == 302
    )
    assert Oppdrag.objects.get(kjelde_vedtak=utan).eining == org["einingar"]["helse"]
    assert Oppdrag.objects.get(kjelde_vedtak=god).eining == org["einingar"]["oppvekst"]
    assert f'name="sektor-{utan.pk}"' not in c.get(m.get_absolute_url()).content.decode()
    # a sector set by editing the case later does the same
    seinare = mote(
        org, sak(org, "PS 20/2026", "Seinare", sektor=None), dato=datetime.date(2026, 5, 1)
    ).vedtak.get()
    seinare.ansvarleg_sektor = org["einingar"]["helse"]
    services.endre_vedtak(seinare, seinare.versjon, user=org["brukarar"]["sekretariat"])
    assert Oppdrag.objects.get(kjelde_vedtak=seinare).eining == org["einingar"]["helse"]
    # a list with a case already registered saves none of its cases
    with pytest.raises(services.Sakfeil, match="PS 8/2026"):
        mote(
            org, sak(org, "PS 10/2026", "Ny"), sak(org, "PS 08/26", "Dobbel"), dato=datetime.date(2026, 4, 1)
        )
    assert Mote.objects.count() == 2 and Vedtak.objects.count() == 3


def test_switching_on_makes_the_oppdrag_and_switching_off_cancels_an_untouched_one(
    org, kommunestyre, django_capture_on_commit_callbacks
):
    rs = kommunestyre.vedtak.get(saksnummer="RS 1/2026")
    c_data = {
        "saksnummer": rs.saksnummer,
        "tittel": rs.tittel,
        "sakstype": rs.sakstype_id,
        "gir_oppdrag": "on",
        "tekst": "Kommunedirektøren følgjer opp.",
        "type": "vedtak",
        "ansvarleg_sektor": org["einingar"]["helse"].pk,
        "skjerming": "",
        "versjon": rs.versjon,
    }
    from django.test import Client

    c = Client()
    c.force_login(org["brukarar"]["sekretariat"])
    assert c.post(reverse("budget:vedtak_endre", args=[rs.pk]), c_data).status_code == 302
    o = Oppdrag.objects.get(kjelde_vedtak=rs)
    assert o.eining == org["einingar"]["helse"] and o.status == "ikkje_starta"
    rs.refresh_from_db()
    c_data |= {"versjon": rs.versjon}
    del c_data["gir_oppdrag"]
    assert c.post(reverse("budget:vedtak_endre", args=[rs.pk]), c_data).status_code == 302
    o.refresh_from_db()
    assert o.status == "avbrote" and "RS 1/2026" in o.status_kommentar
    # on again: the same oppdrag opens again, not a second one
    rs.refresh_from_db()
    c_data |= {"versjon": rs.versjon, "gir_oppdrag": "on"}
    c.post(reverse("budget:vedtak_endre", args=[rs.pk]), c_data)
    assert list(Oppdrag.objects.filter(kjelde_vedtak=rs).values_list("pk", "status")) == [
        (o.pk, "ikkje_starta")
    ]


def test_switching_off_flags_an_oppdrag_with_work_behind_it_for_its_owner(org, kommunestyre):
    v = kommunestyre.vedtak.get(saksnummer="PS 2/2026")
    o = Oppdrag.objects.get(kjelde_vedtak=v)
    vp_services.merk_rapportert([o.pk])
    v.gir_oppdrag = False
    services.endre_vedtak(v, v.versjon, user=org["brukarar"]["sekretariat"])
    o.refresh_from_db()
    assert o.status == "ikkje_starta" and "Sak PS 2/2026" in vis_grunn(o.kjelde_merknad)
    # its owner sees why on the oppdrag page
    from django.test import Client

    c = Client()
    c.force_login(org["brukarar"]["kommunalsjef"])
    assert vis_grunn(o.kjelde_merknad) in c.get(o.get_absolute_url()).content.decode()


def test_a_case_entered_by_mistake_keeps_its_history_frees_its_number_and_cancels_its_oppdrag(
    org, kommunestyre, client_as
):
    v = kommunestyre.vedtak.get(saksnummer="PS 2/2026")
    c = client_as("sekretariat")
    assert (
        c.post(reverse("budget:vedtak_feilregistrer", args=[v.pk]), {"feil-grunn": "Feil møte"}).status_code
        == 302
    )
    v.refresh_from_db()
    assert v.feilregistrert_at and v.feilregistrert_grunn == "Feil møte"
    assert v.history.count() == 2
    assert Oppdrag.objects.get(kjelde_vedtak=v).status == "avbrote"
    # the number can be registered again, in the right meeting
    ny = mote(org, sak(org, "PS 2/2026", "Skulebruksplan"), dato=datetime.date(2026, 3, 12))
    assert ny.vedtak.get().saksnummer == "PS 2/2026"


def test_a_decision_with_points_gives_one_oppdrag_per_point(org, kommunestyre, client_as):
    v = kommunestyre.vedtak.get(saksnummer="PS 2/2026")
    c = client_as("sekretariat")
    data = {
        "punkt-TOTAL_FORMS": "3",
        "punkt-INITIAL_FORMS": "0",
        "punkt-MIN_NUM_FORMS": "0",
        "punkt-MAX_NUM_FORMS": "100",
    }
    for i, (nr, sektor, frist) in enumerate([("1", "oppvekst", "2026-05-01"), ("2", "helse", "2026-09-01")]):
        data |= {
            f"punkt-{i}-nummer": nr,
            f"punkt-{i}-tekst": f"Punkt {nr}",
            f"punkt-{i}-ansvarleg_sektor": org["einingar"][sektor].pk,
            f"punkt-{i}-frist": frist,
        }
    assert c.post(reverse("budget:vedtak_punkt", args=[v.pk]), data).status_code == 302
    per_punkt = {
        o.kjelde_vedtakspunkt.nummer: o
        for o in Oppdrag.objects.filter(kjelde_vedtak=v, kjelde_vedtakspunkt__isnull=False).select_related(
            "kjelde_vedtakspunkt"
        )
    }
    assert per_punkt["1"].eining == org["einingar"]["oppvekst"] and per_punkt["1"].frist == datetime.date(
        2026, 5, 1
    )
    assert per_punkt["2"].eining == org["einingar"]["helse"] and per_punkt["2"].owner.namn == "Ingrid Helse"
    # removing point 2 cancels its oppdrag; point 1 stays
    data = {
        "punkt-TOTAL_FORMS": "2",
        "punkt-INITIAL_FORMS": "2",
        "punkt-MIN_NUM_FORMS": "0",
        "punkt-MAX_NUM_FORMS": "100",
    }
    for i, (nr, sektor, frist) in enumerate([("1", "oppvekst", "2026-05-01"), ("2", "helse", "2026-09-01")]):
        data |= {
            f"punkt-{i}-nummer": nr,
            f"punkt-{i}-tekst": f"Punkt {nr}",
            f"punkt-{i}-ansvarleg_sektor": org["einingar"][sektor].pk,
            f"punkt-{i}-frist": frist,
        }
    data["punkt-1-DELETE"] = "on"
    assert c.post(reverse("budget:vedtak_punkt", args=[v.pk]), data).status_code == 302
    per_punkt["2"].refresh_from_db()
    per_punkt["1"].refresh_from_db()
    assert (per_punkt["1"].status, per_punkt["2"].status) == ("ikkje_starta", "avbrote")


# --- whole meetings, duplicates, double submits -----------------------------------------------


def test_more_rows_posts_back_without_saving_and_without_errors(org, client_as):
    c = client_as("sekretariat")
    data = _skjema(org, [_rad(0, "PS 1/2026", "Halvfylt")], n=5, fleire_rader="1")
    svar = c.post("/vedtak/ny/", data)
    assert svar.status_code == 200 and not Mote.objects.exists()
    assert svar.context["saker"].total_form_count() == 10
    html = svar.content.decode()
    assert "ds-error-summary" not in html and 'value="Halvfylt"' in html
    assert 'name="sak-5-saksnummer"' in html and "autofocus" in html


def test_the_sekretariat_saves_a_meeting_of_twenty_cases_in_one_go(
    org, client_as, django_capture_on_commit_callbacks
):
    oppvekst = org["einingar"]["oppvekst"].pk
    rader = [_rad(i, f"PS {i + 1}/26", f"Sak {i + 1}", sektor=oppvekst) for i in range(17)]
    rader += [
        _rad(17 + i, f"RS {i + 1}/26", f"Referat {i + 1}", sakstype=st("Referatsak").pk) for i in range(3)
    ]
    rader[4]["sak-4-frist"] = "2026-06-30"
    with django_capture_on_commit_callbacks(execute=True):
        svar = client_as("sekretariat").post("/vedtak/ny/", _skjema(org, rader, n=20))
    m = Mote.objects.get()
    assert svar.status_code == 302 and svar["Location"] == m.get_absolute_url()
    assert m.vedtak.count() == 20 and Oppdrag.objects.count() == 17
    assert Oppdrag.objects.get(kjelde_vedtak__saksnummer="PS 5/26").frist == datetime.date(2026, 6, 30)
    assert [v.saksnummer for v in m.vedtak.order_by("rekkjefolgje")][:3] == ["PS 1/26", "PS 2/26", "PS 3/26"]
    # one e-mail to the one owner for the whole meeting
    assert len(mail.outbox) == 1


def test_a_case_without_the_sector_it_needs_is_shown_with_its_row(org, client_as):
    svar = client_as("sekretariat").post("/vedtak/ny/", _skjema(org, [_rad(0, "PS 1/2026", "Utan sektor")]))
    assert svar.status_code == 200 and not Mote.objects.exists()
    assert 'href="#id_sak-0-ansvarleg_sektor"' in svar.content.decode()


def test_a_meeting_without_cases_is_the_meeting_plan_and_is_one_thing(org, client_as):
    c = client_as("sekretariat")
    assert c.post("/vedtak/ny/", _skjema(org, [], token="a")).status_code == 302
    svar = c.post("/vedtak/ny/", _skjema(org, [], token="b"))
    assert svar.status_code == 200 and Mote.objects.count() == 1
    assert "har alt eit møte den datoen" in svar.content.decode()


def test_cases_are_added_to_the_same_meeting_a_week_later(org, kommunestyre, client_as):
    c = client_as("sekretariat")
    data = _skjema(
        org,
        [
            _rad(0, "PS 4/2026", "Budsjettjustering", sektor=org["einingar"]["helse"].pk),
            _rad(1, "OS 1/2026", "Orientering om økonomi", sakstype=st("Orienteringssak").pk),
        ],
        token="veke2",
    )
    for k in ("organ", "dato", "nummer", "protokoll_url"):
        del data[k]
    svar = c.post(reverse("budget:mote_saker", args=[kommunestyre.pk]), data)
    assert svar.status_code == 302
    assert Mote.objects.count() == 1 and kommunestyre.vedtak.count() == 6
    assert Oppdrag.objects.filter(kjelde_vedtak__saksnummer="PS 4/2026").exists()
    assert not Oppdrag.objects.filter(kjelde_vedtak__saksnummer="OS 1/2026").exists()


def test_the_same_case_is_refused_across_submissions_however_it_is_written(org, kommunestyre, client_as):
    data = _skjema(
        org,
        [_rad(0, "PS 002/26", "Skulebruksplan igjen", sektor=org["einingar"]["oppvekst"].pk)],
        organ="Kommunestyret",
        dato="2026-04-02",
        token="ny",
    )
    svar = client_as("sekretariat").post("/vedtak/ny/", data)
    assert svar.status_code == 200
    html = svar.content.decode()
    assert kommunestyre.vedtak.get(saksnummer="PS 2/2026").get_absolute_url() in html
    assert Mote.objects.count() == 1 and Vedtak.objects.count() == 4
    # another body may have its own PS 2/2026
    mote(org, sak(org, "PS 2/2026", "Anna sak"), organ="Formannskapet")


def test_a_double_submitted_form_stores_once_and_shows_the_saved_meeting(org, client_as):
    c = client_as("sekretariat")
    data = _skjema(
        org, [_rad(0, "PS 1/2026", "Ei sak", sektor=org["einingar"]["oppvekst"].pk)], token="dobbel"
    )
    forste, andre = c.post("/vedtak/ny/", data), c.post("/vedtak/ny/", data)
    m = Mote.objects.get()
    assert forste["Location"] == andre["Location"] == m.get_absolute_url()
    assert Vedtak.objects.count() == 1 and Oppdrag.objects.count() == 1 and Innsending.objects.count() == 1


def test_the_meeting_is_corrected_and_its_cases_follow_the_body(org, kommunestyre, client_as):
    c = client_as("sekretariat")
    data = {
        "organ": Organ.objects.get(namn="Formannskapet").pk,
        "dato": "2026-03-06",
        "nummer": "2/2026",
        "protokoll_url": "https://example.org/protokoll.pdf",
        "versjon": kommunestyre.versjon,
    }
    assert c.post(reverse("budget:mote_endre", args=[kommunestyre.pk]), data).status_code == 302
    kommunestyre.refresh_from_db()
    assert (str(kommunestyre.dato), kommunestyre.nummer) == ("2026-03-06", "2/2026")
    assert set(kommunestyre.vedtak.values_list("organ__namn", flat=True)) == {"Formannskapet"}
    # a stale version is a conflict, not an overwrite
    data["versjon"] = 1
    data["nummer"] = "3/2026"
    svar = c.post(reverse("budget:mote_endre", args=[kommunestyre.pk]), data)
    assert svar.status_code == 200
    kommunestyre.refresh_from_db()
    assert kommunestyre.nummer == "2/2026"


def test_cases_are_reordered(org, kommunestyre, client_as):
    rs = kommunestyre.vedtak.get(saksnummer="RS 1/2026")
    client_as("sekretariat").post(
        reverse("budget:mote_flytt", args=[kommunestyre.pk, rs.pk]), {"retning": "opp"}
    )
    assert [v.saksnummer for v in kommunestyre.vedtak.order_by("rekkjefolgje")] == [
        "PS 1/2026",
        "RS 1/2026",
        "PS 2/2026",
        "PS 3/2026",
    ]


# --- exempt and closed cases ------------------------------------------------------------------


@pytest.mark.parametrize(
    "rolle,full",
    [
        ("sekretariat", True),
        ("kommunalsjef", True),
        ("medarbeidar", True),
        ("kommunedirektor", True),  # leads the kommune, above the sector
        ("hr", False),
        ("utanfor", False),
        ("politikar", False),
    ],
)
def test_an_exempt_case_is_seen_in_full_only_by_the_sekretariat_and_its_sector(
    rolle, full, kommunestyre, client_as
):
    v = kommunestyre.vedtak.get(saksnummer="PS 3/2026")
    c = client_as(rolle)
    for url in ("/vedtak/", kommunestyre.get_absolute_url(), v.get_absolute_url()):
        html = c.get(url).content.decode()
        assert ("Kjøp av tomt på Knarvik" in html) is full, url
        assert "Kjøp av eigedom" in html or full


# --- search -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query,funne",
    [
        ("q=PS+002%2F26", {"PS 2/2026"}),
        ("q=ps 2/2026", {"PS 2/2026"}),
        ("q=18%2F01572", {"PS 2/2026"}),
        ("q=eldrer", {"RS 1/2026"}),
        ("gir_oppdrag=nei", {"PS 1/2026", "RS 1/2026"}),
        ("fra=2026-03-06", set()),
        ("til=2026-03-05&gir_oppdrag=ja", {"PS 2/2026", "PS 3/2026"}),
    ],
)
def test_decisions_are_found_by_case_number_archive_case_words_and_filters(
    query, funne, org, kommunestyre, client_as
):
    mote(
        org,
        sak(org, "PS 2/2026", "Same nummer i eit anna organ"),
        organ="Formannskapet",
        dato=datetime.date(2026, 3, 5),
    )
    svar = client_as("medarbeidar").get(f"/vedtak/?{query}&organ={kommunestyre.organ_id}")
    assert {v.saksnummer for v in svar.context["vedtak"]} == funne
    if funne:
        assert "PS 2/2026" not in funne or "Skulebruksplan" in svar.content.decode()


def test_a_case_number_search_finds_every_body_s_case(org, kommunestyre, client_as):
    mote(org, sak(org, "PS 2/2026", "Same nummer i eit anna organ"), organ="Formannskapet")
    svar = client_as("politikar").get("/vedtak/?q=PS 2/26")
    assert {(v.organ.namn, v.saksnummer) for v in svar.context["vedtak"]} == {
        ("Kommunestyret", "PS 2/2026"),
        ("Formannskapet", "PS 2/2026"),
    }


def test_the_decision_list_keeps_its_query_count_as_decisions_grow(org, client_as):
    c = client_as("medarbeidar")

    def fleire(n, start):
        for i in range(n):
            mote(
                org,
                *[
                    # the larger data has exempt cases too: the page reads who may see them once
                    sak(
                        org,
                        f"PS {start + i * 10 + j}/2026",
                        f"Sak {j}",
                        skjerming="unnateke" if start and not j else "",
                    )
                    for j in range(3)
                ],
                dato=datetime.date(2026, 1, 1) + datetime.timedelta(days=start + i),
            )

    sok = f"/vedtak/?q=sak&organ={Organ.objects.get(namn='Kommunestyret').pk}&gir_oppdrag=ja"
    fleire(3, 0)
    faa = tal_sporjingar(c, "/vedtak/"), tal_sporjingar(c, sok)
    fleire(30, 100)
    assert (tal_sporjingar(c, "/vedtak/"), tal_sporjingar(c, sok)) == faa


def test_saving_a_forty_case_meeting_costs_the_same_queries_as_two(org, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def tal(n, dato):
        saker = [sak(org, f"PS {dato.day * 100 + i}/2026", f"Sak {i}") for i in range(n)]
        with CaptureQueriesContext(connection) as ctx:
            mote(org, *saker, dato=dato)
        return len(ctx)

    # PostgreSQL writes each table in one statement; SQLite splits a bulk insert into batches
    # of 999 parameters, so it may take a few more, never one per case
    assert tal(40, datetime.date(2026, 5, 2)) <= tal(2, datetime.date(2026, 5, 1)) + 8


def test_the_list_shows_ten_cases_of_a_large_meeting_and_links_to_the_rest(org, client_as):
    m = mote(org, *[sak(org, f"PS {i}/2026", f"Sak nummer {i}") for i in range(1, 16)])
    html = client_as("politikar").get("/vedtak/").content.decode()
    assert "Sak nummer 10<" in html and "Sak nummer 11<" not in html
    assert f'href="{m.get_absolute_url()}">Alle 15 saker' in html
    # a search shows the matching cases, wherever they are in the meeting
    html = client_as("politikar").get("/vedtak/?q=PS+14/2026").content.decode()
    assert "Sak nummer 14<" in html and "Sak nummer 1<" not in html


def test_two_rows_whose_case_numbers_fail_are_form_errors_not_duplicates(org, client_as):
    """Found by tests/test_skjemaprov.py: two rows without a valid case number were compared as
    duplicates by a number they did not have (a KeyError, so a 500)."""
    data = _skjema(org, [_rad(0, "", "Utan nummer"), _rad(1, "x" * 300, "Òg utan gyldig nummer")])
    svar = client_as("sekretariat").post("/vedtak/ny/", data)
    assert svar.status_code == 200
    assert not Vedtak.objects.filter(tittel__in=["Utan nummer", "Òg utan gyldig nummer"]).exists()
