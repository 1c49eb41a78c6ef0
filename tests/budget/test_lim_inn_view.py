"""Adding a meeting's cases from a pasted list or a file: preview, confirm, all or nothing
(budget.saksliste_views.lim_inn, saving through services.legg_til_saker)."""

import base64
import datetime
import io
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from openpyxl import Workbook

from budget.models import Mote, Organ, Sakstype, Vedtak
from budget.saksnummer import nokkel
from tests.hjelp import berre

LISTE = (
    "Saksnr.\tTittel\tArkivsak\n"
    "PS 24/26\tGodkjenning av protokoll\t26/00101\n"
    "\n"
    "OS 5/26\tOrientering om økonomien\t\n"
    "PS 25/26 Tilsetjing av kommunedirektør U.off. § 25\n"
)


@pytest.fixture
def mote(org):
    return Mote.objects.create(
        organ=Organ.objects.get(namn="Formannskapet"),
        dato=datetime.date(2026, 3, 12),
        created_by=org["brukarar"]["sekretariat"],
    )


def url(mote):
    return reverse("budget:mote_lim_inn", args=[mote.pk])


def vis(client, mote, tekst=LISTE, **data):
    return client.post(url(mote), {"steg": "vis", "tekst": tekst, **data})


def skjult(response, namn):
    m = re.search(rf'name="{namn}" value="([^"]*)"', response.content.decode())
    assert m, f"no hidden field {namn}"
    return m.group(1)


def stadfest(client, forehandsvising, **overstyr):
    """Confirm a preview as the browser would: its hidden fields and per-row choices, then `overstyr`."""
    tekst = forehandsvising.content.decode()
    data = {
        "steg": "lagre",
        "filnamn": skjult(forehandsvising, "filnamn"),
        "innhald": skjult(forehandsvising, "innhald"),
    }
    for namn, verdi in re.findall(r'name="(forrige-[^"]+)" value="([^"]*)"', tekst):
        data[namn] = verdi
    for rad, val in re.findall(r'name="sakstype-(\d+)">(.*?)</select>', tekst, re.S):
        data[f"sakstype-{rad}"] = re.search(r'value="(\d+)" selected', val).group(1)
    for namn in re.findall(r'name="(gir_oppdrag-\d+)" value="1" checked', tekst):
        data[namn] = "1"
    for k, v in overstyr.items():
        if v is None:
            data.pop(k, None)
        else:
            data[k] = v
    return client.post(url(forehandsvising.context["mote"]), data)


@pytest.mark.parametrize(
    ("rolle", "status"), [(r, s) for _u, r, s in berre("", {"sekretariat": 200, "administrator": 200})]
)
def test_permission_matrix(client_as, mote, rolle, status):
    assert client_as(rolle).get(url(mote)).status_code == status


@pytest.mark.parametrize(("rolle", "status"), [("politikar", 403), ("medarbeidar", 403), ("okonomi", 403)])
def test_readers_cannot_post_a_list(client_as, mote, rolle, status):
    r = client_as(rolle).post(
        url(mote), {"steg": "lagre", "innhald": base64.b64encode(LISTE.encode()).decode()}
    )
    assert r.status_code == status
    assert not Vedtak.objects.exists()


def test_unknown_meeting_is_404_for_the_sekretariat_and_403_for_a_politician(client_as, mote):
    ukjend = reverse("budget:mote_lim_inn", args=[mote.pk + 1000])
    assert client_as("sekretariat").get(ukjend).status_code == 404
    assert client_as("politikar").get(ukjend).status_code == 403


def test_get_shows_the_form_and_how_the_list_is_read(client_as, mote):
    r = client_as("sekretariat").get(url(mote))
    tekst = r.content.decode()
    assert r.status_code == 200
    assert 'for="id_tekst"' in tekst and 'for="id_fil"' in tekst and 'enctype="multipart/form-data"' in tekst
    assert "Politisk sak" in tekst and "Referatsak" in tekst  # the case types and their defaults
    assert 'value="vis"' in tekst


def test_preview_shows_every_row_and_saves_nothing(client_as, mote):
    r = vis(client_as("sekretariat"), mote)
    tekst = r.content.decode()
    assert r.status_code == 200
    for rad in (2, 4, 5):
        assert f'id="rad-{rad}"' in tekst
    assert "Godkjenning av protokoll" in tekst and "26/00101" in tekst
    assert "Tilsetjing av kommunedirektør" in tekst and "offentleglova § 25" in tekst
    assert "U.off." not in tekst.split('id="forehandsvising"')[1].split("</table>")[0]
    assert 'value="lagre"' in tekst
    assert not Vedtak.objects.exists()


def test_confirm_saves_all_and_goes_to_the_meeting(client_as, mote):
    c = client_as("sekretariat")
    r = stadfest(c, vis(c, mote))
    assert r.status_code == 302 and r["Location"] == reverse("budget:mote", args=[mote.pk])
    saker = {v.saksnummer: v for v in Vedtak.objects.filter(mote=mote)}
    assert set(saker) == {"PS 24/26", "OS 5/26", "PS 25/26"}
    ps, os_, uoff = saker["PS 24/26"], saker["OS 5/26"], saker["PS 25/26"]
    assert (ps.tittel, ps.arkivsak, ps.sakstype.prefiks, ps.gir_oppdrag) == (
        "Godkjenning av protokoll",
        "26/00101",
        "PS",
        True,
    )
    assert (os_.sakstype.prefiks, os_.gir_oppdrag) == ("OS", False)
    assert (uoff.skjerming, uoff.heimel) == ("unnateke", "offentleglova § 25")
    assert uoff.offentleg_tittel and uoff.offentleg_tittel != uoff.tittel
    melding = " ".join(str(m) for m in get_messages(r.wsgi_request))
    assert "3" in melding and "2" in melding  # three added, two give work and need a sector


def test_preview_choices_are_kept_on_confirm(client_as, mote):
    c = client_as("sekretariat")
    forehandsvising = vis(c, mote)
    rs = Sakstype.objects.get(prefiks="RS")
    # row 2 becomes a referatsak (its box untouched: it follows the type); row 4 gives work after all
    stadfest(c, forehandsvising, **{"sakstype-2": str(rs.pk), "gir_oppdrag-4": "1"})
    saker = {v.saksnummer: v for v in Vedtak.objects.filter(mote=mote)}
    assert (saker["PS 24/26"].sakstype, saker["PS 24/26"].gir_oppdrag) == (rs, False)
    assert saker["OS 5/26"].gir_oppdrag is True
    assert saker["PS 25/26"].gir_oppdrag is True


def test_unticking_gives_assignments_is_kept(client_as, mote):
    c = client_as("sekretariat")
    stadfest(c, vis(c, mote), **{"gir_oppdrag-2": None})
    assert Vedtak.objects.get(mote=mote, saksnummer="PS 24/26").gir_oppdrag is False


def test_errors_are_listed_by_row_and_nothing_is_saved(client_as, mote):
    c = client_as("sekretariat")
    liste = "PS 1/26 Godkjenning av protokoll\nPS 2/26 " + "x" * 501 + "\nPS 01/2026 Godkjenning igjen\n"
    r = vis(c, mote, tekst=liste)
    tekst = r.content.decode()
    assert 'class="ds-error-summary"' in tekst
    assert 'href="#rad-2"' in tekst and 'href="#rad-3"' in tekst
    assert "501" in tekst
    assert 'value="lagre"' not in tekst  # no confirm button
    assert "Godkjenning igjen" in tekst  # the text comes back to be put right
    # a forged confirmation of the same list saves nothing either
    r = c.post(
        url(mote), {"steg": "lagre", "filnamn": "", "innhald": base64.b64encode(liste.encode()).decode()}
    )
    assert r.status_code == 200
    assert not Vedtak.objects.exists()


def test_an_empty_form_asks_for_a_list(client_as, mote):
    r = vis(client_as("sekretariat"), mote, tekst="   ")
    assert r.status_code == 200 and 'href="#id_tekst"' in r.content.decode()


def test_a_case_already_registered_for_the_body_saves_nothing_and_links_to_it(client_as, org, mote):
    tidlegare = Mote.objects.create(
        organ=mote.organ, dato=datetime.date(2026, 2, 5), created_by=mote.created_by
    )
    gammal = Vedtak.objects.create(
        mote=tidlegare,
        organ=mote.organ,
        saksnummer="PS 24/2026",
        saksnokkel=nokkel("PS 24/2026", 2026),
        sakstype=Sakstype.objects.get(prefiks="PS"),
        gir_oppdrag=False,
        tittel="Godkjenning av protokoll (februar)",
    )
    c = client_as("sekretariat")
    r = stadfest(c, vis(c, mote))
    tekst = r.content.decode()
    assert r.status_code == 200
    assert f'href="{gammal.get_absolute_url()}"' in tekst
    assert 'class="ds-error-summary"' in tekst
    assert not Vedtak.objects.filter(mote=mote).exists()


def test_the_same_confirmation_twice_adds_nothing_more(client_as, mote):
    c = client_as("sekretariat")
    forehandsvising = vis(c, mote)
    stadfest(c, forehandsvising)
    r = stadfest(c, forehandsvising)
    assert r.status_code == 302
    assert Vedtak.objects.filter(mote=mote).count() == 3


def test_xlsx_upload_previews_and_confirms_without_a_second_upload(client_as, mote):
    bok = Workbook()
    for rad in (
        ["Saksnr", "Tittel", "Sakstype"],
        ["PS 30/26", "Skulebruksplan", None],
        ["RS 7/26", "Brev", "Referatsak"],
    ):
        bok.active.append(rad)
    fil = io.BytesIO()
    bok.save(fil)
    fil.seek(0)
    fil.name = "saksliste.xlsx"
    c = client_as("sekretariat")
    r = c.post(url(mote), {"steg": "vis", "tekst": "", "fil": fil})
    assert r.status_code == 200 and "Skulebruksplan" in r.content.decode()
    assert skjult(r, "filnamn") == "saksliste.xlsx"
    r = stadfest(c, r)
    assert r.status_code == 302
    assert {(v.saksnummer, v.sakstype.prefiks) for v in Vedtak.objects.filter(mote=mote)} == {
        ("PS 30/26", "PS"),
        ("RS 7/26", "RS"),
    }


def test_a_windows_1252_text_file_is_read(client_as, mote):
    fil = io.BytesIO("PS 40/26\tTilskot til Åsane idrettslag\n".encode("cp1252"))
    fil.name = "sakliste.txt"
    r = client_as("sekretariat").post(url(mote), {"steg": "vis", "tekst": "", "fil": fil})
    assert "Tilskot til Åsane idrettslag" in r.content.decode()


def test_a_broken_file_is_an_error_on_the_file_field(client_as, mote):
    fil = io.BytesIO(b"not a workbook")
    fil.name = "saksliste.xlsx"
    r = client_as("sekretariat").post(url(mote), {"steg": "vis", "tekst": "", "fil": fil})
    assert r.status_code == 200 and 'href="#id_fil"' in r.content.decode()


def test_sector_and_deadline_chosen_in_the_preview_make_the_oppdrag_at_once(
    org, client_as, mote, django_capture_on_commit_callbacks
):
    from verksemdsplan.models import Oppdrag

    c = client_as("sekretariat")
    forehandsvising = vis(c, mote)
    with django_capture_on_commit_callbacks(execute=True):
        svar = stadfest(
            c,
            forehandsvising,
            **{
                "sektor-2": str(org["einingar"]["oppvekst"].pk),
                "frist-2": "2026-06-30",
                "frist-5": "2026-05-01",
            },
        )
    assert svar.status_code == 302
    o = Oppdrag.objects.get(kjelde_vedtak__saksnummer="PS 24/26")
    assert (o.eining, o.frist) == (org["einingar"]["oppvekst"], datetime.date(2026, 6, 30))
    # a case that gives work but has no sector yet waits for it, with its deadline kept
    utan = Vedtak.objects.get(saksnummer="PS 25/26")
    assert utan.frist == datetime.date(2026, 5, 1) and not Oppdrag.objects.filter(kjelde_vedtak=utan).exists()
