"""Entering indicator values: who may, under the reporting rules, validated exactly, conflicts
detected and a double submit stored once; the XLSX template and import (preview, apply, all or
nothing); the panels; the reports' indicator sections and their query budgets."""

import io
import subprocess
from decimal import Decimal

import pytest
from django.test import RequestFactory
from openpyxl import Workbook, load_workbook

from alver.lib.panel import panelar
from alver.lib.samtidig import Konflikt
from reporting import demo, rapportar, services
from reporting.models import Indikatorverdi, Periode
from tests.hjelp import alle_les, berre, tal_sporjingar
from verksemdsplan.models import PrioritertIndikator

D = Decimal


@pytest.fixture(autouse=True)
def engelsk(org):
    """The pages and messages in English, so the assertions hold before and after the Nynorsk and
    Bokmål catalogues get this issue's strings."""
    from django.utils import translation

    from alver.models import User

    User.objects.update(spraak="en")
    for u in org["brukarar"].values():
        u.spraak = "en"
    with translation.override("en"):
        yield


def url(ind, eining=None, periode=None):
    u = f"/rapportering/indikatorar/{ind.pk}/"
    par = [f"eining={eining.kode}"] if eining else []
    if periode:
        par.append(f"periode={periode}")
    return u + ("?" + "&".join(par) if par else "")


def verdi(ind, eining, periode, v, user, kommentar=""):
    return Indikatorverdi.objects.create(
        indikator=ind, eining=eining, periode=periode, verdi=D(v), registrert_av=user, kommentar=kommentar
    )


# --- the permission matrix ------------------------------------------------------------------------

LEIARAR_SKULE = {
    "tenesteleiar": 200,
    "kommunalsjef": 200,
    "kommunedirektor": 200,
    "okonomi": 200,
    "administrator": 200,
}


def _matrise():
    return [
        *[("liste", *r[1:]) for r in alle_les("x", politikar=404)],
        *[("kommunen", *r[1:]) for r in berre("x", {**LEIARAR_SKULE, "politikar": 404})],
        *[("knarvik", *r[1:]) for r in berre("x", {**LEIARAR_SKULE, "medarbeidar": 200, "politikar": 404})],
        *[
            ("ventetid", *r[1:])
            for r in berre(
                "x", {"kommunedirektor": 200, "okonomi": 200, "administrator": 200, "politikar": 404}
            )
        ],
        *[("mal", *r[1:]) for r in berre("x", {**LEIARAR_SKULE, "medarbeidar": 200, "politikar": 404})],
        *[("import", *r[1:]) for r in berre("x", {**LEIARAR_SKULE, "medarbeidar": 200, "politikar": 404})],
    ]


@pytest.mark.parametrize("kva,rolle,status", _matrise())
def test_tilgang(kva, rolle, status, client_as, org, indikatorar):
    e = org["einingar"]
    adresse = {
        "liste": "/rapportering/indikatorar/",
        "kommunen": url(indikatorar["trivsel"]),
        "knarvik": url(indikatorar["trivsel"], e["knarvik"]),
        "ventetid": url(indikatorar["ventetid"]),
        "mal": "/rapportering/indikatorar/mal.xlsx",
        "import": "/rapportering/indikatorar/import/",
    }[kva]
    assert client_as(rolle).get(adresse).status_code == status


@pytest.mark.parametrize(
    "rolle,status", [("medarbeidar", 403), ("politikar", 404), ("utanfor", 403), ("anonymous", 302)]
)
def test_post_utan_rett_lagrar_ingenting(rolle, status, client_as, indikatorar):
    svar = client_as(rolle).post(url(indikatorar["trivsel"]), {"verdi": "80", "versjon": "0"})
    assert svar.status_code == status
    assert not Indikatorverdi.objects.exists()


# --- entering a value -------------------------------------------------------------------------------


def test_leiaren_for_eigareininga_registrerer_og_ser_lyset(client_as, indikatorar):
    c = client_as("tenesteleiar")
    side = c.get(url(indikatorar["trivsel"])).content.decode()
    assert "2026-aar" in side or "Value for" in side  # the period of today: the last third = the year
    assert "5 per cent" in side  # the rule is on the page
    svar = c.post(
        url(indikatorar["trivsel"]),
        {"verdi": "84,5", "kommentar": "Litt under.", "versjon": "0"},
        follow=True,
    )
    v = Indikatorverdi.objects.get()
    assert (v.periode, v.verdi, v.eining, v.kommentar, v.aar) == (
        "2026-aar",
        D("84.5"),
        None,
        "Litt under.",
        2026,
    )
    side = svar.content.decode()
    assert "indikatorlys--gul" in side  # 84,5 against the plan's 85: within 5 %
    assert "84,5" in side
    c.post(url(indikatorar["trivsel"], periode="2026-t1"), {"verdi": "70", "versjon": "0"})
    side = c.get(url(indikatorar["trivsel"], periode="2026-t1")).content.decode()
    assert "indikatorlys--raud" in side


def test_delegert_registrerer_for_eininga_mot_eininga_sitt_maal(client_as, org, indikatorar):
    c = client_as("medarbeidar")
    c.post(url(indikatorar["trivsel"], org["einingar"]["knarvik"]), {"verdi": "90,0", "versjon": "0"})
    v = Indikatorverdi.objects.get()
    assert v.eining == org["einingar"]["knarvik"]
    side = c.get(url(indikatorar["trivsel"], org["einingar"]["knarvik"])).content.decode()
    assert "indikatorlys--gron" in side  # Knarvik's own target 90


@pytest.mark.parametrize(
    "tekst,melding",
    [
        ("84,55", "decimals"),
        ("101", "at most"),
        ("-1", "at least"),
        ("mykje", "Enter a number"),
        ("1.234", "may mean either"),  # 1234 or 1,234: refused rather than guessed
        ("1.23", "decimals"),  # a dot before fewer than three digits is a decimal point
        ("", "required"),
    ],
)
def test_ugyldige_verdiar_blir_avviste_og_ingenting_lagra(tekst, melding, client_as, indikatorar):
    svar = client_as("tenesteleiar").post(url(indikatorar["trivsel"]), {"verdi": tekst, "versjon": "0"})
    assert svar.status_code == 200
    assert melding in svar.content.decode()
    assert not Indikatorverdi.objects.exists()


def test_dobbel_innsending_lagrar_ein_gong(client_as, indikatorar):
    c = client_as("tenesteleiar")
    for _ in range(2):
        assert c.post(url(indikatorar["trivsel"]), {"verdi": "86", "versjon": "0"}).status_code == 302
    v = Indikatorverdi.objects.get()
    assert v.versjon == 1 and v.history.count() == 1


def test_samtidig_endring_er_ein_konflikt(client_as, indikatorar):
    c = client_as("tenesteleiar")
    c.post(url(indikatorar["trivsel"]), {"verdi": "86", "versjon": "0"})
    # another form, built before the first save, says something else
    svar = client_as("kommunalsjef").post(url(indikatorar["trivsel"]), {"verdi": "80", "versjon": "0"})
    assert svar.status_code == 200 and "Someone else saved" in svar.content.decode()
    assert Indikatorverdi.objects.get().verdi == D(86)
    # saving again, now against the version shown, is a deliberate choice
    client_as("kommunalsjef").post(url(indikatorar["trivsel"]), {"verdi": "80", "versjon": "1"})
    assert Indikatorverdi.objects.get().verdi == D(80)


def test_reglane_for_periodane(org, indikatorar):
    u = org["brukarar"]["tenesteleiar"]
    t = indikatorar["trivsel"]
    with pytest.raises(services.Rapportfeil, match="reported"):  # a tertial indicator has no months
        services.registrer_indikatorverdi(t, None, "2026-m03", verdi=D(80), kommentar="", user=u)
    Periode.objects.filter(aar=2026, type="tertial", nummer=1).update(stengd=True)
    with pytest.raises(services.Rapportfeil, match="closed"):
        services.registrer_indikatorverdi(t, None, "2026-t1", verdi=D(80), kommentar="", user=u)
    with pytest.raises(services.Rapportfeil, match="not made"):
        services.registrer_indikatorverdi(t, None, "2027-aar", verdi=D(80), kommentar="", user=u)
    Periode.objects.filter(aar=2026, type="tertial", nummer=2).update(frigitt_at="2026-10-01T10:00Z")
    with pytest.raises(services.Rapportfeil, match="released"):  # the released report locks its figures
        services.registrer_indikatorverdi(t, None, "2026-t2", verdi=D(80), kommentar="", user=u)
    with pytest.raises(Konflikt):
        services.registrer_indikatorverdi(t, None, "2026-aar", verdi=D(80), kommentar="", user=u)
        services.registrer_indikatorverdi(t, None, "2026-aar", verdi=D(81), kommentar="", user=u, versjon=0)
    assert Indikatorverdi.objects.get().verdi == D(80)


# --- XLSX template and import ------------------------------------------------------------------------


def _les_mal(innhald):
    ark = load_workbook(io.BytesIO(innhald)).active
    return [list(r) for r in ark.iter_rows(values_only=True)]


def _xlsx(rader):
    bok = Workbook()
    ark = bok.active
    ark.append(
        ["Indikator-ID", "Indikator", "Eining", "Einingsnamn", "Periode", "Måleeining", "Verdi", "Kommentar"]
    )
    for r in rader:
        ark.append(r)
    ut = io.BytesIO()
    bok.save(ut)
    ut.seek(0)
    ut.name = "verdiar.xlsx"
    return ut


def test_malen_har_indikatorane_og_dei_opne_periodane(client_as, org, indikatorar):
    verdi(indikatorar["trivsel"], None, "2026-t1", "83.5", org["brukarar"]["tenesteleiar"])
    rader = _les_mal(client_as("tenesteleiar").get("/rapportering/indikatorar/mal.xlsx").content)
    assert rader[0][0] == "Indikator-ID"
    par = {(r[0], r[2] or None, r[4]): r[6] for r in rader[1:]}
    t = indikatorar["trivsel"].pk
    assert set(par) == {
        (t, None, "2026-t1"), (t, None, "2026-t2"), (t, None, "2026-aar"),
        (t, "2101", "2026-t1"), (t, "2101", "2026-t2"), (t, "2101", "2026-aar"),
    }  # fmt: skip
    assert par[(t, None, "2026-t1")] == 83.5  # the stored value filled in


def test_import_forehandsvisning_og_bruk(client_as, org, indikatorar):
    c = client_as("tenesteleiar")
    t = indikatorar["trivsel"].pk
    fil = _xlsx(
        [
            [t, "", "", "", "2026-t1", "", 84.5, "Betre"],
            [t, "", "2101", "", "2026-t2", "", 91, ""],
            [t, "", "", "", "2026-aar", "", None, ""],
        ]
    )
    svar = c.post("/rapportering/indikatorar/import/", {"fil": fil})
    side = svar.content.decode()
    assert "Apply the import" in side and "84.5" in side
    assert not Indikatorverdi.objects.exists()  # a preview saves nothing
    svar = c.post("/rapportering/indikatorar/import/", {"bruk": "1"})
    assert svar.status_code == 302
    verdiar = {(v.eining_id, v.periode): (v.verdi, v.kjelde) for v in Indikatorverdi.objects.all()}
    assert verdiar == {
        (None, "2026-t1"): (D("84.5"), "import"),
        (org["einingar"]["knarvik"].pk, "2026-t2"): (D(91), "import"),
    }
    # the same file again changes nothing
    svar = c.post(
        "/rapportering/indikatorar/import/", {"fil": _xlsx([[t, "", "", "", "2026-t1", "", 84.5, "Betre"]])}
    )
    assert "nothing to change" in svar.content.decode()


def test_import_med_feil_lagrar_ingenting_og_seier_kva_rad(client_as, indikatorar):
    c = client_as("tenesteleiar")
    t, v = indikatorar["trivsel"].pk, indikatorar["ventetid"].pk
    fil = _xlsx(
        [
            [t, "", "", "", "2026-t1", "", 84.5, ""],  # fine
            [t, "", "", "", "2026-t2", "", 101, ""],  # row 3: above the maximum
            [t, "", "", "", "2026-m03", "", 80, ""],  # row 4: not a period of a tertial indicator
            [v, "", "", "", "2026-m03", "", 8, ""],  # row 5: not this user's indicator
            [9999, "", "", "", "2026-t1", "", 8, ""],  # row 6: no such indicator
            [t, "", "9999", "", "2026-t1", "", 8, ""],  # row 7: no such unit
            [t, "", "", "", "2026-t1", "", 85, ""],  # row 8: twice
        ]
    )
    side = c.post("/rapportering/indikatorar/import/", {"fil": fil}).content.decode()
    assert "6 errors" in side
    for rad in ("<td>3</td>", "<td>4</td>", "<td>5</td>", "<td>6</td>", "<td>7</td>", "<td>8</td>"):
        assert rad in side
    assert "Apply the import" not in side
    assert c.post("/rapportering/indikatorar/import/", {"bruk": "1"}).status_code == 302  # nothing to apply
    assert not Indikatorverdi.objects.exists()


def test_endra_etter_forehandsvisninga_er_ein_konflikt_og_ingenting_blir_lagra(client_as, org, indikatorar):
    c = client_as("tenesteleiar")
    t = indikatorar["trivsel"].pk
    c.post(
        "/rapportering/indikatorar/import/",
        {"fil": _xlsx([[t, "", "", "", "2026-t1", "", 84.5, ""], [t, "", "", "", "2026-t2", "", 86, ""]])},
    )
    services.registrer_indikatorverdi(
        indikatorar["trivsel"],
        None,
        "2026-t2",
        verdi=D(70),
        kommentar="",
        user=org["brukarar"]["kommunalsjef"],
    )
    side = c.post("/rapportering/indikatorar/import/", {"bruk": "1"}).content.decode()
    assert "after the preview" in side
    assert list(Indikatorverdi.objects.values_list("periode", "verdi")) == [("2026-t2", D(70))]


# --- panels ---------------------------------------------------------------------------------------------


def _request(user):
    r = RequestFactory().get("/")
    r.user = user
    return r


def test_panel_paa_indikatorsida(org, indikatorar):
    u = org["brukarar"]
    t = indikatorar["trivsel"]
    for aar, v in ((2022, "80"), (2023, "81"), (2024, "82"), (2025, "84")):
        verdi(t, None, f"{aar}-aar", v, u["tenesteleiar"])
    verdi(t, None, "2026-t2", "79", u["tenesteleiar"])
    verdi(t, org["einingar"]["knarvik"], "2026-t2", "91", u["medarbeidar"])
    html = str(panelar("plans.indikator", _request(u["tenesteleiar"]), t))
    assert "<svg" in html and "indikatorlys--raud" in html  # 79 against 85
    assert "Knarvik skule" in html and "indikatorlys--gron" in html  # Knarvik's 91 against its own 90
    assert f"/rapportering/indikatorar/{t.pk}/" in html  # the owner's leader may enter
    les = str(panelar("plans.indikator", _request(u["hr"]), t))
    assert "<svg" in les and f'href="/rapportering/indikatorar/{t.pk}/"' not in les  # HR reads, no link
    assert str(panelar("plans.indikator", _request(u["politikar"]), t)) == ""


def test_panel_paa_maalsida_i_fast_tal_sporjingar(org, indikatorar, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    u = org["brukarar"]
    verdi(indikatorar["trivsel"], None, "2026-t1", "84", u["tenesteleiar"])

    def vis():
        req = _request(u["kommunalsjef"])
        with CaptureQueriesContext(connection) as ctx:
            html = "".join(
                str(panelar("plans.maalindikator", req, k)) for k in (indikatorar["k1"], indikatorar["k2"])
            )
        return html, len(ctx)

    vis()  # warm: the reader's roles are worked out once per user
    html, lite = vis()
    assert "84,0" in html and "indikatorlys--gul" in html and "<svg" in html
    for m in range(1, 12):
        verdi(indikatorar["ventetid"], None, f"2026-m{m:02}", "12", u["tenesteleiar"])
    for aar in range(2021, 2026):
        verdi(indikatorar["trivsel"], None, f"{aar}-aar", "86", u["tenesteleiar"])
    html, mykje = vis()
    assert mykje == lite
    assert "indikatorlys--raud" in html  # ventetid 12 days against 10, lower is better


def test_panel_for_prioritert_indikator(org, indikatorar):
    u = org["brukarar"]
    pi = PrioritertIndikator.objects.get()
    verdi(indikatorar["trivsel"], org["einingar"]["knarvik"], "2026-t2", "85", u["medarbeidar"])
    html = str(panelar("verksemdsplan.prioritert_indikator", _request(u["medarbeidar"]), pi))
    assert "85,0" in html and "indikatorlys--raud" in html and "?eining=2101" in html
    assert "?eining=" not in str(panelar("verksemdsplan.prioritert_indikator", _request(u["hr"]), pi))
    assert str(panelar("verksemdsplan.prioritert_indikator", _request(u["politikar"]), pi)) == ""


# --- reports -------------------------------------------------------------------------------------------


def _mange_verdiar(org, indikatorar, n):
    u = org["brukarar"]["tenesteleiar"]
    for m in range(1, n + 1):
        verdi(indikatorar["ventetid"], org["einingar"]["lindaas"], f"2026-m{m:02}", "12", u)
        verdi(indikatorar["ventetid"], None, f"2026-m{m:02}", "9", u)


def test_maanadsrapporten_viser_indikatorar_utanfor_maalet(client_as, org, indikatorar):
    u = org["brukarar"]["tenesteleiar"]
    verdi(
        indikatorar["trivsel"], org["einingar"]["knarvik"], "2026-t2", "80", u, kommentar="Mange nye elevar."
    )
    verdi(indikatorar["trivsel"], None, "2026-t2", "86", u)  # on target: not listed
    c = client_as("kommunedirektor")
    side = c.get("/rapportering/2026-m11/maanadsrapport/").content.decode()
    seksjon = side[side.index("indikatoravvik-tittel") :]
    assert "Knarvik skule" in seksjon and "Mange nye elevar." in seksjon and "indikatorlys--raud" in seksjon
    assert "1 green" in seksjon
    _mange_verdiar(org, indikatorar, 2)
    lite = tal_sporjingar(c, "/rapportering/2026-m11/maanadsrapport/")
    _mange_verdiar_resten(org, indikatorar)
    assert tal_sporjingar(c, "/rapportering/2026-m11/maanadsrapport/") == lite


def _mange_verdiar_resten(org, indikatorar):
    u = org["brukarar"]["tenesteleiar"]
    for m in range(3, 12):
        verdi(indikatorar["ventetid"], org["einingar"]["lindaas"], f"2026-m{m:02}", "12", u)
        verdi(indikatorar["ventetid"], None, f"2026-m{m:02}", "9", u)
    for aar in range(2020, 2025):
        verdi(indikatorar["trivsel"], None, f"{aar}-aar", "86", u)


def test_tertialrapporten_har_indikatorane_med_diagram(client_as, org, indikatorar, tmp_path):
    u = org["brukarar"]["tenesteleiar"]
    verdi(indikatorar["trivsel"], None, "2025-aar", "84", u)
    verdi(indikatorar["trivsel"], None, "2026-t2", "83", u)
    c = client_as("kommunedirektor")
    side = c.get("/rapportering/2026-t2/tertialrapport/").content.decode()
    seksjon = side[side.index("indikatorar-tittel") :]
    assert "Elevar som trivst" in seksjon and "Trygg oppvekst" in seksjon and "<svg" in seksjon
    assert "indikatorlys--gul" in seksjon  # 83 against the plan's 85: 2,4 % off
    _mange_verdiar(org, indikatorar, 2)
    lite = tal_sporjingar(c, "/rapportering/2026-t2/tertialrapport/")
    _mange_verdiar_resten(org, indikatorar)
    assert tal_sporjingar(c, "/rapportering/2026-t2/tertialrapport/") == lite
    # the annual report (årsmelding) has the same section
    assert "indikatorar-tittel" in c.get("/rapportering/2026-aar/tertialrapport/").content.decode()


def test_tertialrapporten_som_pdf_har_indikatorseksjonen(org, indikatorar, tmp_path):
    verdi(indikatorar["trivsel"], None, "2026-t2", "83", org["brukarar"]["tenesteleiar"])
    p = Periode.objects.get(aar=2026, type="tertial", nummer=2)
    innhald = rapportar.pdf("tertial", p, rapportar.tertialrapport(p))
    fil = tmp_path / "t.pdf"
    fil.write_bytes(innhald)
    tekst = subprocess.run(["pdftotext", str(fil), "-"], capture_output=True, text=True, check=True).stdout
    assert "Elevar som trivst" in tekst and "Ventetid på sjukeheimsplass" in tekst
    assert "83,0" in tekst.replace("\u00a0", " ")


def test_rull_opp_tel_indikatorar_etter_lys(client_as, org, indikatorar):
    u = org["brukarar"]["tenesteleiar"]
    e = org["einingar"]
    verdi(indikatorar["trivsel"], e["knarvik"], "2026-t2", "80", u)  # red against 90
    verdi(indikatorar["ventetid"], e["lindaas"], "2026-m10", "10", u)  # green against 10
    verdi(indikatorar["ventetid"], e["lindaas"], "2026-m09", "30", u)  # older: not counted
    c = client_as("kommunedirektor")
    side = c.get("/rapportering/2026-m11/oversikt/").content.decode()
    tabell = side[side.index("Indicators along the organisation") :]
    tabell = tabell[: tabell.index("</table>")]
    oppvekst = tabell[tabell.index("Oppvekst") :]
    assert oppvekst.split("</tr>")[0].count("<td>") == 4
    assert "<td>0</td><td>0</td><td>1</td><td>0</td>" in oppvekst.split("</tr>")[0]
    helse = tabell[tabell.index("Helse og omsorg") :].split("</tr>")[0]
    assert "<td>1</td><td>0</td><td>0</td><td>0</td>" in helse
    lite = tal_sporjingar(c, "/rapportering/2026-m11/oversikt/")
    _mange_verdiar(org, indikatorar, 8)
    assert tal_sporjingar(c, "/rapportering/2026-m11/oversikt/") == lite


# --- the demo ----------------------------------------------------------------------------------------


def test_demoen_gjev_historikk_og_aarets_verdiar_ein_gong(org, indikatorar, klokke):
    n = demo._indikatorverdiar(klokke.i_dag())
    assert n > 0
    assert demo._indikatorverdiar(klokke.i_dag()) == 0  # a second run adds nothing
    t = indikatorar["trivsel"]
    aar = set(
        Indikatorverdi.objects.filter(indikator=t, eining=None, periode__endswith="-aar").values_list(
            "aar", flat=True
        )
    )
    assert aar == {2021, 2022, 2023, 2024, 2025}
    assert set(Indikatorverdi.objects.filter(indikator=t, aar=2026).values_list("periode", flat=True)) == {
        "2026-t1",
        "2026-t2",
    }
    ventetid = Indikatorverdi.objects.filter(indikator=indikatorar["ventetid"], aar=2026, eining=None)
    assert ventetid.count() == 10  # January to October are over on 30 November
    from reporting import indikatorar as lys

    lysa = {v.lys for v in lys.vurder(Indikatorverdi.objects.select_related("indikator", "eining"))}
    assert {"gron", "raud"} <= lysa or {"gron", "gul"} <= lysa  # some off target
