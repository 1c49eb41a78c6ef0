"""Reading a meeting's case list (budget.saksliste) in the shapes the sekretariat really has:
copied from a sakskart or møteprotokoll, tab or semicolon columns, Windows-1252 text files,
XLSX and CSV exports. The parser makes no queries; the case types come from the migration."""

import io

import pytest
from openpyxl import Workbook

from budget import saksliste
from budget.models import Sakstype
from budget.saksliste import Importfeil, dekod, les_fil_, les_tekst

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def engelsk():
    """The messages are compared in their English source text (translations are tested apart)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def typar():
    return list(Sakstype.objects.filter(aktiv=True))


def typ(rad):
    return rad.sakstype.prefiks if rad.sakstype else None


def meldingar(feil):
    return [(f.rad, f.melding) for f in feil]


def test_free_lines_as_copied_from_a_sakskart(typar, django_assert_num_queries):
    tekst = (
        "Saker til handsaming\n"
        "\n"
        "PS 24/20 Godkjenning av protokoll\n"
        "PS 25/20 - Reguleringsplan for Knarvik sentrum, andre gongs handsaming\n"
        "OS 76/14 Orientering om økonomien i skulane\n"
        "169/14 Søknad om løyve til sal av alkohol\n"
        "\n"
        "Referatsaker\n"
        "RS 3/20 Brev frå Statsforvaltaren\n"
    )
    with django_assert_num_queries(0):
        rader, feil = les_tekst(tekst, typar, aar=2020)
    assert feil == []
    assert [(r.rad, r.saksnummer, r.tittel, typ(r), r.gir_oppdrag) for r in rader] == [
        (3, "PS 24/20", "Godkjenning av protokoll", "PS", True),
        (4, "PS 25/20", "Reguleringsplan for Knarvik sentrum, andre gongs handsaming", "PS", True),
        (5, "OS 76/14", "Orientering om økonomien i skulane", "OS", False),
        # no series: the default type, the political case
        (6, "169/14", "Søknad om løyve til sal av alkohol", "PS", True),
        (9, "RS 3/20", "Brev frå Statsforvaltaren", "RS", False),
    ]
    assert all(r.skjerming == "" and r.heimel == "" and r.arkivsak == "" for r in rader)


def test_tab_separated_with_header_row_and_archive_case(typar):
    tekst = (
        "Saksnr.\tTittel\tArkivsak\r\n"
        "PS 12/2026\tBudsjettjustering 1. tertial\t26/00412\r\n"
        "PS 13/2026\tGodkjenning av møtebok\t\r\n"
        "DS 4/2026\tDelegerte vedtak, plan og bygg\t25/01572-3\r\n"
    )
    rader, feil = les_tekst(tekst, typar, aar=2026)
    assert feil == []
    assert [(r.rad, r.saksnummer, r.tittel, r.arkivsak, typ(r)) for r in rader] == [
        (2, "PS 12/2026", "Budsjettjustering 1. tertial", "26/00412", "PS"),
        (3, "PS 13/2026", "Godkjenning av møtebok", "", "PS"),
        (4, "DS 4/2026", "Delegerte vedtak, plan og bygg", "25/01572-3", "DS"),
    ]
    assert rader[2].gir_oppdrag is False


def test_semicolon_separated_with_header_row(typar):
    tekst = "Sak;Tittel;Arkivsak\nPS 45/26;Skulebruksplan 2026–2035;24/01234\nMS 2/26;Melding om tilsyn;\n"
    rader, feil = les_tekst(tekst, typar, aar=2026)
    assert feil == []
    assert [(r.saksnummer, r.tittel, r.arkivsak, typ(r), r.gir_oppdrag) for r in rader] == [
        ("PS 45/26", "Skulebruksplan 2026–2035", "24/01234", "PS", True),
        ("MS 2/26", "Melding om tilsyn", "", "MS", False),
    ]


def test_table_of_contents_dot_leaders_and_numbered_lines(typar):
    tekst = "1. PS 26/20 Budsjett 2021 ........ 4\nPS 27/20: Skatteøyre for 2021 …… 12\n"
    rader, feil = les_tekst(tekst, typar, aar=2020)
    assert feil == []
    assert [(r.saksnummer, r.tittel) for r in rader] == [
        ("PS 26/20", "Budsjett 2021"),
        ("PS 27/20", "Skatteøyre for 2021"),
    ]


def test_windows_1252_file_with_norwegian_letters(typar):
    innhald = "PS 5/26\tTilskot til idrettslag på Åsane\nPS 6/26\tØkonomirapport for særskule\n".encode(
        "cp1252"
    )
    with pytest.raises(UnicodeDecodeError):
        innhald.decode("utf-8")
    tekst = dekod(innhald)
    rader, feil = les_tekst(tekst, typar, aar=2026)
    assert feil == []
    assert [r.tittel for r in rader] == ["Tilskot til idrettslag på Åsane", "Økonomirapport for særskule"]


def test_dekod_reads_utf8_with_bom_and_utf16():
    assert dekod("\ufeffPS 1/26 Møte".encode()) == "PS 1/26 Møte"
    assert dekod("PS 1/26 Møte".encode("utf-16")) == "PS 1/26 Møte"


def test_u_off_marker_anywhere_sets_exempt_and_legal_basis(typar):
    tekst = (
        "PS 30/26 Tilsetjing av kommunedirektør U.off. § 25\n"
        "PS 31/26 u.off. Klage på vedtak om skuleskyss\n"
        "PS 32/26\tSøknad om fritak frå verv\t\tUnnateke offentlegheit jf. offl. § 13\n"
        "PS 33/26 Personalsak (U.OFF.)\n"
    )
    rader, feil = les_tekst(tekst, typar, aar=2026)
    assert feil == []
    assert [(r.tittel, r.skjerming, r.heimel) for r in rader] == [
        ("Tilsetjing av kommunedirektør", "unnateke", "offentleglova § 25"),
        ("Klage på vedtak om skuleskyss", "unnateke", "offentleglova § 13"),
        ("Søknad om fritak frå verv", "unnateke", "offentleglova § 13"),
        ("Personalsak", "unnateke", "offentleglova § 13"),
    ]


def test_lukka_marker_sets_closed_meeting(typar):
    tekst = (
        "PS 40/26 Sal av kommunal tomt (Lukka møte)\n"
        "PS 41/26\tForhandlingar med leverandør\tLukka\n"
        "PS 42/26 Kjøp av bustad - Lukka\n"
        # the word inside a title is the title's
        "PS 43/26 Lukka avdeling på Lindås sjukeheim\n"
    )
    rader, feil = les_tekst(tekst, typar, aar=2026)
    assert feil == []
    assert [(r.tittel, r.skjerming, r.heimel) for r in rader] == [
        ("Sal av kommunal tomt", "lukka", "kommunelova § 11-5"),
        ("Forhandlingar med leverandør", "lukka", "kommunelova § 11-5"),
        ("Kjøp av bustad", "lukka", "kommunelova § 11-5"),
        ("Lukka avdeling på Lindås sjukeheim", "", ""),
    ]


def test_cases_under_a_lukka_mote_heading_are_closed(typar):
    tekst = "PS 1/26 Open sak\nLukka møte\nPS 2/26 Personalsak\nReferatsaker\nRS 1/26 Brev\n"
    rader, feil = les_tekst(tekst, typar, aar=2026)
    assert feil == []
    assert [(r.saksnummer, r.skjerming) for r in rader] == [
        ("PS 1/26", ""),
        ("PS 2/26", "lukka"),
        ("RS 1/26", ""),
    ]


def test_exempt_rows_get_a_neutral_public_title(typar):
    rader, _feil = les_tekst(
        "PS 30/26 Tilsetjing av rektor U.off. § 25\nPS 31/26 Open sak\n", typar, aar=2026
    )
    skjerma, open_ = (r.som_sak() for r in rader)
    assert skjerma["offentleg_tittel"] and skjerma["offentleg_tittel"] != skjerma["tittel"]
    assert skjerma["skjerming"] == "unnateke" and skjerma["tekst"] == ""
    assert open_["offentleg_tittel"] == "" and open_["sakstype"].prefiks == "PS"
    assert set(open_) == {
        "saksnummer", "tittel", "arkivsak", "sakstype", "gir_oppdrag", "skjerming", "heimel",
        "offentleg_tittel", "tekst", "ansvarleg_sektor", "frist",
    }  # fmt: skip


def test_duplicates_in_the_list_are_found_however_written(typar):
    tekst = "PS 24/20 Godkjenning av protokoll\nPS 25/20 Anna sak\nPS 024/2020 Godkjenning av protokoll\n"
    rader, feil = les_tekst(tekst, typar, aar=2020)
    assert meldingar(feil) == [(3, "Case PS 024/2020 is also on row 1.")]
    assert len(rader) == 3  # the preview still shows the row


def test_number_without_year_takes_the_meetings_year_for_duplicates(typar):
    tekst = "PS 24\tGodkjenning\nPS 24/2026\tGodkjenning igjen\n"
    _rader, feil = les_tekst(tekst, typar, aar=2026)
    assert [f.rad for f in feil] == [2]


def test_over_long_title_is_refused_with_its_row_never_cut(typar):
    lang = "Reguleringsplan " + "x" * 600
    rader, feil = les_tekst(f"PS 1/26 Kort\n\nPS 2/26 {lang}\n", typar, aar=2026)
    assert [f.rad for f in feil] == [3]
    assert "500" in feil[0].melding and str(len(lang)) in feil[0].melding
    assert rader[1].tittel == lang


def test_over_long_case_number_is_refused(typar):
    nr = "PS 1/26" + "-1" * 30
    _rader, feil = les_tekst(f"{nr}\tTittel\n", typar, aar=2026)
    assert [f.rad for f in feil] == [1]
    assert "50" in feil[0].melding


def test_missing_number_or_title_and_stray_lines_are_reported_by_row(typar):
    tekst = (
        "Sakliste formannskapet 12.03.2026\n"  # not a heading we know, no number: reported
        "PS 1/26\n"
        "\tGodkjenning av protokoll\t26/00001\n"
        "Referatsaker\n"
        "Godkjenning av protokoll\t26/00001\n"
    )
    rader, feil = les_tekst(tekst, typar, aar=2026)
    assert [f.rad for f in feil] == [1, 2, 3, 5]
    assert "does not start with a case number" in feil[0].melding
    assert feil[1].melding == "The title is missing."
    assert feil[2].melding == feil[3].melding == "The case number is missing."
    assert [r.rad for r in rader] == [2, 3, 5]  # the preview shows them, with their errors


def test_an_empty_list_is_an_error(typar):
    rader, feil = les_tekst("\n  \nSaksnr.\tTittel\n", typar)
    assert rader == [] and [f.rad for f in feil] == [0]


def test_unknown_series_takes_the_default_type(typar):
    rader, feil = les_tekst("XS 4/26 Ukjend serie\n", typar, aar=2026)
    assert feil == [] and typ(rader[0]) == "PS"


def test_default_type_without_ps_is_the_first_that_gives_assignments(typar):
    utan_ps = [s for s in typar if s.prefiks != "PS"]
    assert saksliste.standard_sakstype(utan_ps) == next((s for s in utan_ps if s.gir_oppdrag), utan_ps[0])
    assert saksliste.standard_sakstype([]) is None


def lag_xlsx(rader):
    bok = Workbook()
    ark = bok.active
    for rad in rader:
        ark.append(rad)
    ut = io.BytesIO()
    bok.save(ut)
    return ut.getvalue()


def test_xlsx_with_norwegian_headers(typar):
    innhald = lag_xlsx(
        [
            ["Saksnr.", "Sakstittel", "Arkivsaksnr.", "Sakstype", "U.off."],
            ["PS 12/26", "Budsjettjustering", "26/00412", None, None],
            ["RS 3/26", "Brev frå fylket", None, "Referatsak", ""],
            ["PS 13/26", "Tilsetjing av rektor", None, "PS", "U.off. § 25"],
            [None, None, None, None, None],
            ["PS 14/26", "Sal av tomt", None, None, "Lukka"],
        ]
    )
    rader, feil = les_fil_("saksliste.xlsx", innhald, typar, aar=2026)
    assert feil == []
    assert [(r.rad, r.saksnummer, r.tittel, r.arkivsak, typ(r), r.skjerming, r.heimel) for r in rader] == [
        (2, "PS 12/26", "Budsjettjustering", "26/00412", "PS", "", ""),
        (3, "RS 3/26", "Brev frå fylket", "", "RS", "", ""),
        (4, "PS 13/26", "Tilsetjing av rektor", "", "PS", "unnateke", "offentleglova § 25"),
        (6, "PS 14/26", "Sal av tomt", "", "PS", "lukka", "kommunelova § 11-5"),
    ]


def test_xlsx_errors_carry_the_spreadsheet_row(typar):
    innhald = lag_xlsx(
        [
            ["case_number", "title", "case_type", "skjerming"],
            ["PS 1/26", "A", "Ukjend type", None],
            ["PS 2/26", "x" * 501, None, None],
            ["PS 3/26", "C", None, "kanskje"],
            ["PS 1/2026", "D", None, None],
        ]
    )
    _rader, feil = les_fil_("liste.xlsx", innhald, typar, aar=2026)
    assert [(f.fil, f.rad) for f in feil] == [("liste.xlsx", 2), ("liste.xlsx", 3), ("liste.xlsx", 4)]
    assert "Ukjend type" in feil[0].melding and "501" in feil[1].melding
    # row 2 was refused, so row 5 is not a duplicate of it


def test_csv_semicolon_windows_1252(typar):
    innhald = "Saksnummer;Tittel;Arkivsak;Gir oppdrag\nPS 7/26;Skulestruktur i Åsane;26/00007;nei\nOS 2/26;Økonomi;;\n".encode(
        "cp1252"
    )
    rader, feil = les_fil_("eksport.csv", innhald, typar, aar=2026)
    assert feil == []
    assert [(r.rad, r.saksnummer, r.tittel, r.arkivsak, r.gir_oppdrag) for r in rader] == [
        (2, "PS 7/26", "Skulestruktur i Åsane", "26/00007", False),
        (3, "OS 2/26", "Økonomi", "", False),
    ]


def test_file_without_the_required_columns_is_refused_as_a_whole(typar):
    with pytest.raises(Importfeil):
        les_fil_("liste.csv", b"Nummer;Namn\n1;2\n", typar)
    with pytest.raises(Importfeil):
        les_fil_("liste.pdf", b"%PDF", typar)
