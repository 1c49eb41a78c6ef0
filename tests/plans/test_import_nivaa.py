"""Importing goals as the plan document has them: its levels and its own numbering."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plans import services
from plans.models import Maal, Maalnivaa, Plan, Strategi

from .conftest import lag_plan

FIL = (
    "nummer;nivå;tittel;berekraftsmaal\n"
    ";strategi;Vi samarbeider med frivillige;\n"
    "1;Visjon;Saman skaper vi framtida;\n"
    "A;Satsingsområde;Levande lokalsamfunn;11\n"
    "A.1;strategi;Styrke sentrumsområda;\n"
    "A.2;strategi;Gode møteplassar;\n"
    "B;satsingsområde;Grøn omstilling;13\n"
    "B.1;Strategi;Redusere utslepp frå transport;\n"
)


def _opp(c, url, tekst, namn="fil.csv"):
    return c.post(url, {"fil": SimpleUploadedFile(namn, tekst.encode())})


def test_visjon_satsingsomraade_and_strategiar_with_the_documents_numbers(org, client_as):
    plan = lag_plan(org["einingar"]["oppvekst"], tittel="Kommuneplan 2026", kode="samfunnsdel")
    c = client_as("kommunalsjef")
    html = _opp(c, reverse("plans:maal_import", args=[plan.pk]), FIL).content.decode()
    assert "Fila har 3 nye mål og 4 strategiar" in html
    assert "Målnivå i planen: Visjon → Satsingsområde." in html
    assert "Planen held på nummera i fila." in html
    assert not plan.maal.exists()

    c.post(reverse("plans:maal_import_stadfest", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.nummerering == Plan.Nummerering.EIGA
    assert [n.kode for n in plan.nivaaliste()] == ["visjon", "satsingsomraade"]
    tre = services.maaltre(plan)
    assert [(m.nummer, m.maalnivaa.kode, m.nivaa, m.tittel) for m in tre] == [
        ("1", "visjon", 1, "Saman skaper vi framtida"),
        ("A", "satsingsomraade", 2, "Levande lokalsamfunn"),
        ("B", "satsingsomraade", 2, "Grøn omstilling"),
    ]
    assert {
        s.tittel: (s.eige_nummer, s.maal and s.maal.tittel) for s in Strategi.objects.filter(plan=plan)
    } == {
        "Vi samarbeider med frivillige": ("", None),
        "Styrke sentrumsområda": ("A.1", "Levande lokalsamfunn"),
        "Gode møteplassar": ("A.2", "Levande lokalsamfunn"),
        "Redusere utslepp frå transport": ("B.1", "Grøn omstilling"),
    }
    assert [b.nummer for b in Maal.objects.get(tittel="Grøn omstilling").berekraftsmaal.all()] == [13]

    side = c.get(plan.get_absolute_url()).content.decode()
    for tekst in (
        '<span class="maaltre__nummer">A</span>',
        "Satsingsområde</span>",
        "Strategi: A.2 Gode møteplassar",
        "Strategiar for heile planen",
        "Vi samarbeider med frivillige",
        "planen si eiga nummerering",
    ):
        assert tekst in side, tekst
    assert side.index("Styrke sentrumsområda") < side.index("Grøn omstilling")


def test_level_file_errors_by_row_and_nothing_saved(org, planar, client_as):
    plan = planar["vedteken"]
    Maal.objects.filter(pk=planar["m1"].pk).update(eige_nummer="9")
    fil = (
        "nummer;nivå;tittel\n"
        "1;Visjon;Godt\n"
        "1;Satsingsområde;Same nummer\n"
        "2;Draum;Ukjent nivå\n"
        ";Satsingsområde;Utan nummer\n"
        "2;Satsingsområde;Finst i planen\n"
    )
    for_ = (Maal.objects.count(), Strategi.objects.count())
    html = _opp(client_as("kommunalsjef"), reverse("plans:maal_import", args=[plan.pk]), fil).content.decode()
    for rad, tekst in [
        (3, "Mål 1 finst allereie i rad 2"),
        (4, "«draum» er ikkje eit målnivå"),
        (5, "Fila nummererer måla sine"),
        (6, "Mål 2 finst allereie i planen"),
    ]:
        assert f"<td>{rad}</td><td>{tekst}" in html, (rad, tekst)
    assert "Gjennomfør importen" not in html
    assert (Maal.objects.count(), Strategi.objects.count()) == for_


def test_a_numbered_file_without_levels_gives_own_numbering_and_keeps_the_old_numbers(planar, client_as):
    plan = planar["vedteken"]
    services.sett_maalnivaa(plan, list(Maalnivaa.objects.filter(kode__in=["hovudmaal", "delmaal"])))
    c = client_as("kommunalsjef")
    _opp(
        c,
        reverse("plans:maal_import", args=[plan.pk]),
        "nummer;type;tittel\n3;mål;Nytt\n1.2;mål;Under 1\n;strategi;For heile planen\n",
    )
    c.post(reverse("plans:maal_import_stadfest", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.eiga_nummerering
    assert [(m.nummer, m.tittel) for m in services.maaltre(plan)] == [
        ("1", "Trygg oppvekst"),
        ("1.1", "Meistring i skulen"),
        ("1.2", "Under 1"),
        ("2", "God helse"),
        ("3", "Nytt"),
    ]
    assert Maal.objects.get(tittel="Under 1").maalnivaa.kode == "delmaal"
    assert Strategi.objects.get(tittel="For heile planen").maal is None


def test_a_level_file_without_numbers_keeps_computed_numbering(org, client_as):
    plan = lag_plan(org["einingar"]["oppvekst"], tittel="Temaplan", kode="temaplan")
    c = client_as("kommunalsjef")
    _opp(
        c,
        reverse("plans:maal_import", args=[plan.pk]),
        "nivå;tittel\nHovudutfordring;Fleire eldre\nFokusområde;Heimetenester\n",
    )
    c.post(reverse("plans:maal_import_stadfest", args=[plan.pk]))
    plan.refresh_from_db()
    assert not plan.eiga_nummerering
    assert [(m.nummer, m.maalnivaa.kode) for m in services.maaltre(plan)] == [
        ("1", "hovudutfordring"),
        ("1.1", "fokusomraade"),
    ]
