"""/sok/: one search over the chain. It finds by words (Norwegian word forms on PostgreSQL,
case-folded æøå on SQLite) and by case numbers as written, shows why a row matched, never
shows or counts what the reader may not open, and costs the same queries however much matches."""

import datetime

import pytest
from django.db import connection

from budget.models import Mote, Organ, Sakstype, Vedtak
from budget.saksnummer import nokkel
from tests.hjelp import alle_les, tal_sporjingar
from verksemdsplan import services as oppdragstenester
from verksemdsplan.models import Kategori


def _oppdrag(org, tittel, **felt):
    return oppdragstenester.lag_oppdrag(
        eining=org["einingar"]["skule"],
        aar=2026,
        user=org["brukarar"]["tenesteleiar"],
        tittel=tittel,
        kategori=Kategori.objects.get(kode="administrativt"),
        **felt,
    )


def _vedtak(org, saksnummer, tittel, **felt):
    mote, _ = Mote.objects.get_or_create(
        organ=Organ.objects.get(namn="Kommunestyret"),
        dato=datetime.date(2026, 2, 5),
        defaults={"created_by": org["brukarar"]["sekretariat"]},
    )
    return Vedtak.objects.create(
        mote=mote,
        organ=mote.organ,
        saksnummer=saksnummer,
        saksnokkel=nokkel(saksnummer, 2026),
        sakstype=Sakstype.objects.get(prefiks="PS"),
        gir_oppdrag=False,
        tittel=tittel,
        **felt,
    )


def _gruppe(html, slag):
    """The section of one kind of hits, or "" when the page has none of it."""
    if f'id="sok-{slag}"' not in html:
        return ""
    return html.split(f'id="sok-{slag}"', 1)[1].split("</section>", 1)[0]


@pytest.mark.parametrize("url,rolle,status", alle_les("/sok/?q=skule"))
def test_tilgang(url, rolle, status, client_as):
    assert client_as(rolle).get(url).status_code == status


@pytest.mark.parametrize(
    "rolle,ser_oppdrag",
    [("kommunedirektor", True), ("medarbeidar", True), ("utanfor", True), ("politikar", False)],
)
def test_what_each_reader_is_shown(org, client_as, rolle, ser_oppdrag):
    """Employees find oppdrag and their reports; a politician, who does not read the
    administration's lists, gets no such group and no count of them, but units and people."""
    _oppdrag(org, "Fjordbru-prosjektet", status_kommentar="Fjordbru")
    html = client_as(rolle).get("/sok/?q=fjordbru").content.decode()
    assert bool(_gruppe(html, "oppdrag")) is ser_oppdrag
    html = client_as(rolle).get("/sok/?q=knarvik").content.decode()
    assert "Knarvik skule" in _gruppe(html, "einingar")


def test_an_oppdrag_is_found_by_a_word_in_its_comment_and_says_where(org, client_as):
    o = _oppdrag(org, "Nytt uteområde", status_kommentar="Vi ventar på tilbod frå tre entreprenørar.")
    html = client_as("medarbeidar").get("/sok/?q=ENTREPRENØRAR").content.decode()
    treff = _gruppe(html, "oppdrag")
    assert o.get_absolute_url() in treff
    # why it matched: the field and the words around it, the word marked
    assert "<mark>entreprenørar</mark>" in treff and "tilbod frå tre" in treff


def test_a_decision_is_found_by_its_case_number_as_written(org, client_as):
    v = _vedtak(org, "PS 24/2020", "Ny barnehage i Knarvik")
    # numbers that hold the same digits are other cases (a substring test found them on SQLite)
    andre = [
        _vedtak(org, "PS 124/2026", "Evaluering av brannberedskap"),
        _vedtak(org, "PS 3/2026", "Handlingsplan 2024/2028 for trafikktryggleik"),
    ]
    for skrive in ("PS 24/20", "ps 024/2020", "24/2020"):
        html = client_as("medarbeidar").get("/sok/", {"q": skrive}).content.decode()
        assert v.get_absolute_url() in _gruppe(html, "vedtak"), skrive
        assert all(a.get_absolute_url() not in html for a in andre), skrive


def test_an_exempt_decision_shows_only_its_public_words_to_those_who_may_not_see_it(org, client_as):
    v = _vedtak(
        org,
        "PS 30/2026",
        "Kjøp av Hansen-eigedomen",
        tekst="Kommunen kjøper eigedomen for 12 mill. kr.",
        skjerming=Vedtak.Skjerming.UNNATEKE,
        heimel="offentleglova § 23",
        offentleg_tittel="Kjøp av eigedom",
        ansvarleg_sektor=org["einingar"]["helse"],
    )
    c = client_as("medarbeidar")  # in Oppvekst, not the case's sector
    # the secret words find nothing, and nothing counts it
    for q in ("Hansen", "mill"):
        html = c.get("/sok/", {"q": q}).content.decode()
        assert not _gruppe(html, "vedtak") and v.get_absolute_url() not in html
        assert "Kjøp av Hansen-eigedomen" not in html
    # the public title and the case number find it, shown by its public title, with no text
    for q in ("eigedom", "PS 30/2026"):
        treff = _gruppe(c.get("/sok/", {"q": q}).content.decode(), "vedtak")
        assert v.get_absolute_url() in treff and "Kjøp av eigedom" in treff
        assert "Hansen" not in treff and "mill" not in treff
    # the sekretariat sees the case in full
    treff = _gruppe(client_as("sekretariat").get("/sok/?q=Hansen").content.decode(), "vedtak")
    assert "Kjøp av Hansen-eigedomen" in treff


def test_letters_with_marks_fold_case(org, client_as):
    _oppdrag(org, "Ærleg økonomi i Åsane")
    for q in ("ÆRLEG", "økonomi", "ÅSANE"):
        html = client_as("medarbeidar").get("/sok/", {"q": q}).content.decode()
        assert "Ærleg økonomi i Åsane" in _gruppe(html, "oppdrag"), q


def test_word_forms(org, client_as):
    """PostgreSQL's Norwegian text search finds other forms of a word; the SQLite fallback finds
    the word as written (and, being a substring test, a longer word containing it)."""
    _oppdrag(org, "Rehabilitering av skulane i nord")
    html = client_as("medarbeidar").get("/sok/?q=skulane").content.decode()
    assert "Rehabilitering av skulane" in _gruppe(html, "oppdrag")
    if connection.vendor == "postgresql":
        html = client_as("medarbeidar").get("/sok/?q=skule").content.decode()
        assert "Rehabilitering av skulane" in _gruppe(html, "oppdrag")


def test_the_search_costs_the_same_with_many_more_hits(org, client_as):
    c = client_as("kommunedirektor")
    _oppdrag(org, "Vegvedlikehald 0")
    faa = tal_sporjingar(c, "/sok/?q=vegvedlikehald")
    for i in range(1, 15):
        _oppdrag(org, f"Vegvedlikehald {i}")
    assert tal_sporjingar(c, "/sok/?q=vegvedlikehald") == faa
    html = c.get("/sok/?q=vegvedlikehald").content.decode()
    assert "15" in _gruppe(html, "oppdrag").split("</h2>", 1)[0]


def test_too_short_and_too_long_searches_say_so(org, client_as):
    c = client_as("medarbeidar")
    assert "minst to" in c.get("/sok/?q=a").content.decode()
    html = c.get("/sok/", {"q": "skule " * 60}).content.decode()
    assert "200 teikn" in html


def test_every_page_has_the_search_box_with_a_label(org, client_as):
    html = client_as("medarbeidar").get("/mi-side/").content.decode()
    assert 'role="search"' in html and 'for="topp-sok"' in html and 'action="/sok/"' in html


def _brev_med_tekst(org, eining, tekst, *, publisert):
    from verksemdsplan import brev as brevtenester
    from verksemdsplan.models import Oppdragsbrev

    kd = org["brukarar"]["kommunedirektor"]
    b = brevtenester.lag_brev(org["einingar"][eining], 2026, user=kd)
    s = b.seksjonar.order_by("pk").first()
    b = brevtenester.lagre_tekst(b, b.versjon, {s.pk: (tekst, False)}, offentleg=False, user=kd)
    if publisert:  # four eyes: a kommunalsjef she names approves the kommunedirektør's letter
        ingrid = org["einingar"]["helse"].leiar
        brevtenester.steg(b, "send", user=kd, godkjennar=ingrid)
        brevtenester.steg(b, "godkjenn", user=ingrid)
        brevtenester.steg(b, "publiser", user=kd)
        assert Oppdragsbrev.objects.get(pk=b.pk).status == Oppdragsbrev.Status.PUBLISERT
    return b


@pytest.mark.parametrize(
    "rolle,ser_utkast,ser_publisert",
    [
        ("kommunedirektor", True, True),
        ("kommunalsjef", True, True),  # leads Oppvekst, whose draft it is
        ("tenesteleiar", False, True),  # leads a school in Oppvekst: reads, does not write it
        ("medarbeidar", False, True),
        ("politikar", False, True),  # published letters are read by politicians too
    ],
)
def test_a_letters_text_is_found_by_those_who_may_read_it(org, client_as, rolle, ser_utkast, ser_publisert):
    """A published letter's words by every employee; a draft's only by those who may change it."""
    publisert = _brev_med_tekst(
        org, "kommune", "Alle einingar skal arbeide med klimatilpassing.", publisert=True
    )
    utkast = _brev_med_tekst(org, "oppvekst", "Skulane skal prøve ut uteskuleordninga.", publisert=False)
    c = client_as(rolle)
    html = _gruppe(c.get("/sok/?q=uteskuleordninga").content.decode(), "brev")
    assert (utkast.get_absolute_url() in html) is ser_utkast
    html = _gruppe(c.get("/sok/?q=klimatilpassing").content.decode(), "brev")
    assert (publisert.get_absolute_url() in html) is ser_publisert
    if ser_publisert:
        # why it matched: the words around it, the word marked; and every hit opens
        assert "<mark>klimatilpassing</mark>" in html
        assert c.get(publisert.get_absolute_url()).status_code == 200
