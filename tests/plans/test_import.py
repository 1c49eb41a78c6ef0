from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plans import services
from plans.models import Maal, Strategi, Tiltak

from .conftest import lag_plan


def _opp(c, url, tekst, namn="fil.csv"):
    return c.post(url, {"fil": SimpleUploadedFile(namn, tekst.encode())})


def test_goal_tree_import_preview_then_apply(org, planar, client_as):
    plan = lag_plan(org["einingar"]["oppvekst"], tittel="Ny temaplan", kode="temaplan")
    c = client_as("kommunalsjef")
    fil = (
        "nummer;type;tittel;berekraftsmaal\n1;mål;Rein natur;14, 15\n1.1;mål;Reine vassdrag;6\n"
        "1;strategi;Samarbeid med bøndene;\n2;mål;Låge utslepp;13\n"
    )
    html = _opp(c, reverse("plans:maal_import", args=[plan.pk]), fil).content.decode()
    assert "Fila har 3 nye mål og 1 strategiar" in html
    assert not plan.maal.exists()
    c.post(reverse("plans:maal_import_stadfest", args=[plan.pk]))
    assert [(m.nummer, m.tittel) for m in services.maaltre(plan)] == [
        ("1", "Rein natur"),
        ("1.1", "Reine vassdrag"),
        ("2", "Låge utslepp"),
    ]
    assert sorted(b.nummer for b in Maal.objects.get(tittel="Rein natur").berekraftsmaal.all()) == [14, 15]
    assert Strategi.objects.get(tittel="Samarbeid med bøndene").maal.tittel == "Rein natur"


def test_goal_import_errors_are_numbered_by_row_and_save_nothing(planar, client_as):
    plan = planar["vedteken"]
    for_ = (Maal.objects.count(), Strategi.objects.count())
    fil = (
        "nummer;type;tittel;berekraftsmaal\n3;mål;Godt mål;\n3.1.1.1;mål;For djupt;\n1;mål;Finst alt;\n"
        "4.1;mål;Utan forelder;\n5;mål;;\n6;mål;Feil SDG;18\n9;strategi;Strategi utan mål;\n"
    )
    html = _opp(client_as("kommunalsjef"), reverse("plans:maal_import", args=[plan.pk]), fil).content.decode()
    for rad, tekst in [
        (3, "Måla går høgst tre nivå djupt"),
        (4, "Mål 1 finst allereie i planen"),
        (5, "Det overordna målet 4 finst verken"),
        (6, "Tittelen må fyllast ut"),
        (7, "18 er ikkje eitt av dei 17 berekraftsmåla"),
        (8, "Mål 9 finst verken i fila"),
    ]:
        assert f"<td>{rad}</td><td>{tekst}" in html, (rad, tekst)
    assert "Gjennomfør importen" not in html
    response = client_as("kommunalsjef").post(
        reverse("plans:maal_import_stadfest", args=[plan.pk]), follow=True
    )
    assert "Førehandsvisinga har gått ut" in response.content.decode()
    assert (Maal.objects.count(), Strategi.objects.count()) == for_


def test_tiltak_import_with_goal_links_and_yearly_costs(planar, client_as):
    hp = planar["hp"]
    c = client_as("kommunalsjef")
    fil = (
        "tittel;okonomisk;eining_kode;maal;2025;2026\nNytt bibliotek;ja;2101;1.1, 2;2 000 000;500000\n"
        "Lesekampanje;nei;;1;;\n"
    )
    html = _opp(c, reverse("plans:tiltak_import", args=[hp.pk]), fil).content.decode()
    assert "Fila har 2 tiltak" in html
    c.post(reverse("plans:tiltak_import_stadfest", args=[hp.pk]))
    t = Tiltak.objects.get(tittel="Nytt bibliotek")
    assert t.okonomisk and t.ansvarleg_eining.kode == "2101"
    assert sorted(m.tittel for m in t.maal.all()) == ["God helse", "Meistring i skulen"]
    assert [(k.aar, k.belop) for k in t.kostnader.all()] == [(2025, 2_000_000), (2026, 500_000)]
    assert not Tiltak.objects.get(tittel="Lesekampanje").okonomisk


def test_tiltak_import_errors_save_nothing(planar, client_as):
    hp = planar["hp"]
    for_ = Tiltak.objects.count()
    fil = (
        "tittel;okonomisk;eining_kode;maal;2025\nGodt;ja;2101;1;100\nFeil eining;nei;9999;;\n"
        "Feil mål;nei;;7.7;\nFeil sum;ja;;;mange\nFeil type;kanskje;;;\n"
    )
    c = client_as("kommunalsjef")
    html = _opp(c, reverse("plans:tiltak_import", args=[hp.pk]), fil).content.decode()
    for rad, tekst in [
        (3, "Einingskoden 9999 er ukjend"),
        (4, "Planen har ikkje mål 7.7"),
        (5, "Kostnaden for 2025 er ikkje eit heilt tal kroner"),
        (6, "«Økonomisk» må vere ja eller nei"),
    ]:
        assert f"<td>{rad}</td><td>{tekst}" in html, (rad, tekst)
    c.post(reverse("plans:tiltak_import_stadfest", args=[hp.pk]))
    assert Tiltak.objects.count() == for_


def test_tiltak_import_refuses_infinite_numbers_and_costs_on_non_economic_rows(planar, client_as):
    fil = "tittel;okonomisk;2025\nUendeleg;ja;inf\nKostnad utan økonomi;nei;100\n"
    html = _opp(
        client_as("kommunalsjef"), reverse("plans:tiltak_import", args=[planar["hp"].pk]), fil
    ).content.decode()
    assert "<td>2</td><td>Kostnaden for 2025 er ikkje eit heilt tal kroner" in html
    assert "<td>3</td><td>Berre eit økonomisk tiltak har kostnader" in html


def test_tiltak_costs_in_millions_are_stored_in_kroner_exactly_and_summed_in_the_preview(planar, client_as):
    """Issue 19: «3,70» in mill. kr is 3 700 000 kr, never 3 kroner; what does not come to whole
    kroner is refused with its row."""
    hp = planar["hp"]
    c = client_as("kommunalsjef")
    url = reverse("plans:tiltak_import", args=[hp.pk])
    fil = "tittel;okonomisk;2025;2026\nNy barnehage;ja;3,70;0,5\nVegljos;ja;1.25;\n"
    html = c.post(
        url, {"fil": SimpleUploadedFile("fil.csv", fil.encode()), "eining": "mill"}
    ).content.decode()
    # the preview shows each row in kroner and the sums per year
    assert "3\u00a0700\u00a0000" in html and "1\u00a0250\u00a0000" in html
    assert "4\u00a0950\u00a0000" in html and "500\u00a0000" in html
    c.post(reverse("plans:tiltak_import_stadfest", args=[hp.pk]))
    assert [(k.aar, k.belop) for k in Tiltak.objects.get(tittel="Ny barnehage").kostnader.all()] == [
        (2025, 3_700_000),
        (2026, 500_000),
    ]
    assert Tiltak.objects.get(tittel="Vegljos").kostnader.get().belop == 1_250_000
    # 1 000 kr: «12,3456» would be 12 345,6 kr; «1.234» in millions may be 1 234 or 1,234
    fil = "tittel;okonomisk;2025\nBrøk;ja;12,3456\n"
    html = c.post(
        url, {"fil": SimpleUploadedFile("fil.csv", fil.encode()), "eining": "1000"}
    ).content.decode()
    assert "<td>2</td><td>Kostnaden for 2025, «12,3456» 1 000 kr, gjev ikkje heile kroner" in html
    fil = "tittel;okonomisk;2025\nTvetydig;ja;1.234\n"
    html = c.post(
        url, {"fil": SimpleUploadedFile("fil.csv", fil.encode()), "eining": "mill"}
    ).content.decode()
    assert "<td>2</td><td>Kostnaden for 2025, «1.234» mill. kr, gjev ikkje heile kroner" in html
    assert not Tiltak.objects.filter(tittel__in=["Brøk", "Tvetydig"]).exists()


def test_a_title_too_long_for_the_register_is_refused_not_cut(planar, client_as):
    fil = "tittel;okonomisk\n" + "L" * 501 + ";nei\n"
    html = _opp(
        client_as("kommunalsjef"), reverse("plans:tiltak_import", args=[planar["hp"].pk]), fil
    ).content.decode()
    assert "<td>2</td><td>Tittelen er 501 teikn lang; høgst 500 får plass." in html
    assert "Gjennomfør importen" not in html
