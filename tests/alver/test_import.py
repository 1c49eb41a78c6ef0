"""The HR import: preview, row-numbered errors, all or nothing, and idempotent re-import."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from alver.lib.historikk import vis_grunn
from alver.models import Eining, OrgImport, User

EININGAR_CSV = """kode;namn;overordna_kode;leiar_epost
4000;Samfunnsutvikling;1000;sam.leiar@testvik.example
4100;Kultur;4000;
4101;Biblioteket;4100;bibliotekar@testvik.example
"""
PERSONAR_CSV = """epost;namn;eining_kode;tittel
sam.leiar@testvik.example;Sam Leiar;4000;Kommunalsjef samfunn
bibliotekar@testvik.example;Bo Bok;4101;Biblioteksjef
Ny.Person@Testvik.example;Nina Ny;2101;Lærar
"""


def _last_opp(client, einingar=None, personar=None, namn=("einingar.csv", "personar.csv")):
    data = {}
    if einingar is not None:
        data["einingar"] = SimpleUploadedFile(
            namn[0], einingar if isinstance(einingar, bytes) else einingar.encode()
        )
    if personar is not None:
        data["personar"] = SimpleUploadedFile(
            namn[1], personar if isinstance(personar, bytes) else personar.encode()
        )
    return client.post(reverse("alver:import"), data)


def _tilstand():
    return (
        sorted(Eining.objects.values_list("kode", "namn", "path", "leiar__email")),
        sorted(User.objects.values_list("email", "namn", "tittel", "eining__kode")),
        Eining.history.count(),
        User.history.count(),
    )


def test_preview_shows_changes_and_saves_nothing(client_as):
    c = client_as("hr")
    for_ = _tilstand()
    response = _last_opp(c, EININGAR_CSV, PERSONAR_CSV)
    assert response.status_code == 302
    side = c.get(response["Location"]).content.decode()
    assert "3 nye einingar" in side
    assert "3 nye personar" in side
    assert "ny.person@testvik.example" in side
    assert _tilstand() == for_


def test_apply_creates_the_tree_people_and_leaders(client_as, org):
    c = client_as("hr")
    preview = _last_opp(c, EININGAR_CSV, PERSONAR_CSV)["Location"]
    pk = OrgImport.objects.get().pk
    response = c.post(reverse("alver:import_gjennomfoer", args=[pk]), follow=True)
    assert "Importen er gjennomført" in response.content.decode()
    bibliotek = Eining.objects.get(kode="4101")
    assert [e.kode for e in Eining.objects.get_ancestors(bibliotek)] == ["1000", "4000", "4100"]
    assert bibliotek.leiar.email == "bibliotekar@testvik.example"
    assert bibliotek.type == Eining.Type.EINING
    assert Eining.objects.get(kode="4000").type == Eining.Type.SEKTOR
    assert Eining.objects.get(kode="4100").type == Eining.Type.TENESTEOMRAADE
    assert User.objects.get(email="ny.person@testvik.example").eining.kode == "2101"
    assert not User.objects.get(email="ny.person@testvik.example").has_usable_password()
    # treebeard's own bookkeeping still holds after our bulk insert
    assert Eining.objects.find_problems() == ([], [], [], [], [])
    assert Eining.objects.get(kode="1000").numchild == 3
    # the history names who imported
    assert bibliotek.history.first().history_user == org["brukarar"]["hr"]
    assert c.get(preview).status_code == 200


def test_reimport_of_the_same_files_changes_nothing(client_as):
    c = client_as("hr")
    _last_opp(c, EININGAR_CSV, PERSONAR_CSV)
    c.post(reverse("alver:import_gjennomfoer", args=[OrgImport.objects.get().pk]))
    etter_forste = _tilstand()
    response = _last_opp(c, EININGAR_CSV, PERSONAR_CSV)
    assert "Det er ingenting å endre" in c.get(response["Location"]).content.decode()
    c.post(reverse("alver:import_gjennomfoer", args=[OrgImport.objects.order_by("-pk").first().pk]))
    assert _tilstand() == etter_forste


def test_reimport_updates_names_parents_titles_and_leaders(client_as, org):
    c = client_as("hr")
    einingar = (
        "kode;namn;overordna_kode;leiar_epost\n2101;Knarvik barneskule;2100;\n3101;Lindås sjukeheim;2100;"
        f"{org['brukarar']['utanfor'].email}\n"
    )
    personar = (
        f"epost;namn;eining_kode;tittel\n{org['brukarar']['medarbeidar'].email};Silje Lærar;3101;Lektor\n"
    )
    side = c.get(_last_opp(c, einingar, personar)["Location"]).content.decode()
    assert "2 endra einingar" in side and "1 endra person" in side
    c.post(reverse("alver:import_gjennomfoer", args=[OrgImport.objects.get().pk]))
    knarvik = Eining.objects.get(kode="2101")
    lindaas = Eining.objects.get(kode="3101")
    assert knarvik.namn == "Knarvik barneskule"
    assert Eining.objects.get_parent(lindaas).kode == "2100"
    assert lindaas.leiar == org["brukarar"]["utanfor"]
    medarbeidar = User.objects.get(pk=org["brukarar"]["medarbeidar"].pk)
    assert (medarbeidar.tittel, medarbeidar.eining.kode) == ("Lektor", "3101")
    assert Eining.objects.find_problems() == ([], [], [], [], [])
    # only what changed is recorded
    assert vis_grunn(knarvik.history.first().history_change_reason).startswith("Importert frå")


def test_bad_rows_give_row_numbered_errors_and_nothing_is_saved(client_as):
    c = client_as("hr")
    einingar = (
        "kode;namn;overordna_kode;leiar_epost\n"
        "4000;Samfunnsutvikling;1000;\n"  # row 2: good
        "4100;;4000;\n"  # row 3: no name
        "4000;Dobbel;1000;\n"  # row 4: duplicate code
        "4200;Kultur;8888;\n"  # row 5: unknown parent
        "4300;Næring;4000;ukjend@testvik.example\n"  # row 6: unknown leader
    )
    personar = (
        "epost;namn;eining_kode;tittel\n"
        "god@testvik.example;God Person;4000;\n"  # row 2: good
        "ikkje-epost;Feil Person;4000;\n"  # row 3
        "annan@testvik.example;Annan;7777;\n"  # row 4: unknown unit
    )
    for_ = _tilstand()
    side = c.get(_last_opp(c, einingar, personar)["Location"]).content.decode()
    assert "Ingenting er lagra" in side
    for fil, rad, tekst in [
        ("Einingar", 3, "Kode og namn må fyllast ut"),
        ("Einingar", 4, "Koden 4000 står også på rad 2"),
        ("Einingar", 5, "Den overordna koden 8888 er ukjend"),
        ("Einingar", 6, "Leiaren ukjend@testvik.example"),
        ("Personar", 3, "ikkje-epost er ikkje ei e-postadresse"),
        ("Personar", 4, "Einingskoden 7777 er ukjend"),
    ]:
        assert f"<td>{fil}</td><td>{rad}</td><td>{tekst}" in side, (fil, rad, tekst)
    assert "Gjennomfør importen" not in side
    # applying anyway (a crafted POST) saves nothing either
    response = c.post(reverse("alver:import_gjennomfoer", args=[OrgImport.objects.get().pk]), follow=True)
    assert "Fila har feil; ingenting vart lagra" in response.content.decode()
    assert _tilstand() == for_


def test_cycle_in_parents_is_refused(client_as):
    c = client_as("hr")
    einingar = "kode;namn;overordna_kode;leiar_epost\n5000;A;5100;\n5100;B;5000;\n"
    side = c.get(_last_opp(c, einingar)["Location"]).content.decode()
    assert "går i ring" in side


def test_xlsx_with_numeric_codes(client_as):
    bok = Workbook()
    ark = bok.active
    ark.append(["Kode", "Namn", "Overordna kode", "Leiar e-post"])
    ark.append([4000, "Samfunnsutvikling", 1000, None])
    ark.append([4100, "Kultur", 4000, None])
    buf = io.BytesIO()
    bok.save(buf)
    c = client_as("hr")
    _last_opp(c, buf.getvalue(), namn=("hr-eksport.xlsx", ""))
    c.post(reverse("alver:import_gjennomfoer", args=[OrgImport.objects.get().pk]))
    assert Eining.objects.get_parent(Eining.objects.get(kode="4100")).kode == "4000"


def test_cp1252_csv_from_norwegian_excel(client_as):
    c = client_as("hr")
    einingar = "kode;namn;overordna_kode;leiar_epost\n4000;Næring og miljø;1000;\n".encode("cp1252")
    _last_opp(c, einingar)
    c.post(reverse("alver:import_gjennomfoer", args=[OrgImport.objects.get().pk]))
    assert Eining.objects.get(kode="4000").namn == "Næring og miljø"


def test_missing_columns_and_wrong_format_are_explained(client_as):
    c = client_as("hr")
    response = _last_opp(c, "kode;namn\n4000;X\n")
    assert response.status_code == 200
    assert "manglar kolonnen(e) overordna" in response.content.decode()
    response = _last_opp(c, "x", namn=("einingar.pdf", ""))
    assert "bruk ei .xlsx- eller .csv-fil" in response.content.decode()
    response = c.post(reverse("alver:import"), {})
    assert "Vel minst éi fil" in response.content.decode()
    assert not OrgImport.objects.exists()


def test_an_import_is_applied_once(client_as):
    c = client_as("hr")
    _last_opp(c, EININGAR_CSV, PERSONAR_CSV)
    url = reverse("alver:import_gjennomfoer", args=[OrgImport.objects.get().pk])
    c.post(url)
    response = c.post(url, follow=True)
    assert "allereie gjennomført" in response.content.decode()


def test_a_move_and_new_units_in_one_import_keep_the_tree_sound(client_as):
    # a new unit gets children, and an existing unit moves under it, in the same file
    c = client_as("hr")
    einingar = "kode;namn;overordna_kode;leiar_epost\n7000;Ny sektor;1000;\n7100;Nytt område;7000;\n2101;Knarvik skule;7100;\n"
    c.get(_last_opp(c, einingar)["Location"])
    response = c.post(reverse("alver:import_gjennomfoer", args=[OrgImport.objects.get().pk]), follow=True)
    assert "Importen er gjennomført" in response.content.decode()
    assert [e.kode for e in Eining.objects.get_ancestors(Eining.objects.get(kode="2101"))] == [
        "1000",
        "7000",
        "7100",
    ]
    assert Eining.objects.find_problems() == ([], [], [], [], [])


def test_the_top_cannot_be_swapped(client_as):
    c = client_as("hr")
    einingar = "kode;namn;overordna_kode;leiar_epost\n2000;Oppvekst;;\n1000;Testvik kommune;2000;\n"
    side = c.get(_last_opp(c, einingar)["Location"]).content.decode()
    assert "Den øvste eininga kan ikkje flyttast" in side
    assert "Gjennomfør importen" not in side


def test_codes_that_cannot_be_addresses_are_refused(client_as):
    c = client_as("hr")
    einingar = "kode;namn;overordna_kode;leiar_epost\n40/1;Skråstrek;1000;\nimport;Import;1000;\n"
    side = c.get(_last_opp(c, einingar)["Location"]).content.decode()
    assert "<td>Einingar</td><td>2</td><td>Koden 40/1 kan berre innehalde" in side
    assert "<td>Einingar</td><td>3</td><td>Koden import kan berre innehalde" in side


def test_too_long_person_fields_are_row_errors(client_as):
    c = client_as("hr")
    personar = f"epost;namn;eining_kode;tittel\nlang@testvik.example;{'N' * 201};2101;\n"
    side = c.get(_last_opp(c, None, personar)["Location"]).content.decode()
    assert "<td>Personar</td><td>2</td><td>E-postadressa, namnet eller tittelen er for lang" in side


def test_unreadable_files_are_explained_not_crashed_on(client_as):
    c = client_as("hr")
    response = _last_opp(c, b"kode;namn;overordna_kode;leiar_epost\n\x81\x8d\x8f;x;1000;\n")
    assert response.status_code == 200 and "Fila er verken UTF-8" in response.content.decode()
    response = _last_opp(c, b"PK\x03\x04 not really a workbook", namn=("einingar.xlsx", ""))
    assert response.status_code == 200 and "ikkje ei lesbar Excel-arbeidsbok" in response.content.decode()
    assert not OrgImport.objects.exists()
