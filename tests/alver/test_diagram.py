"""Charts as server-rendered SVG (alver.lib.diagram): the points where the values are, the
target as a dashed step line, gaps where a value is missing, a legend that does not rely on
colour, a title and description, the numbers as a table, escaping, the empty chart, Norwegian
numbers without rounding, and the same drawing in a WeasyPrint PDF."""

import re
import subprocess
import xml.etree.ElementTree as ET
from decimal import Decimal as D
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test.utils import override_settings
from django.utils import translation
from PIL import Image

from alver.lib import pdf
from alver.lib.diagram import AKSE, MINUS, STIL, Serie, linjediagram, vis_tal

NS = {"s": "http://www.w3.org/2000/svg"}
NBSP = "\u00a0"
AAR = ["2021", "2022", "2023", "2024", "2025"]


@pytest.fixture(autouse=True)
def engelsk():
    """The sentences are asserted in the msgid language; the catalogues translate them."""
    with translation.override("en"):
        yield


def _tre(d):
    return ET.fromstring(str(d.svg))


def _serie(rot, rolle):
    return rot.find(f".//s:g[@class='diagram__serie diagram__serie--{rolle}']", NS)


def _punkt(rot, rolle):
    """The markers of a series as (x, y) floats, left to right."""
    g = _serie(rot, rolle)
    ut = []
    for el in g:
        tag = el.tag.split("}")[1]
        if tag == "circle":
            ut.append((float(el.get("cx")), float(el.get("cy"))))
        elif tag == "rect":
            ut.append((float(el.get("x")) + 4, float(el.get("y")) + 4))
        elif tag == "path" and "diagram__punkt" in el.get("class"):
            tal = [float(t) for t in re.findall(r"-?\d+\.\d", el.get("d"))]
            ut.append((tal[0], tal[1] + 5.5))  # the triangle's apex is 5.5 above the point
    return ut


def _linjer(rot, rolle):
    return [p for p in _serie(rot, rolle).findall("s:path", NS) if "diagram__linje" in p.get("class")]


def _tick_y(rot):
    """{label: y} of the y axis' grid lines from the bottom up (a label is 4 below its line)."""
    akse = rot.find(".//s:g[@class='diagram__akse']", NS)
    return {
        t.text: float(t.get("y")) - 4
        for t in akse.findall("s:text", NS)
        if t.get("text-anchor") == "end" and re.fullmatch(r"[\d\s,\u2212\u00a0]+", t.text or "")
    }


def _eit_diagram(**kw):
    seriar = kw.pop(
        "seriar",
        [
            Serie("Alver", [D("91.2"), D("92.0"), None, D("93.4"), D("94.1")], "eiga"),
            Serie("Mål", [None, None, D("92"), D("93"), D("95")], "maal"),
            Serie("Kommunegruppe 13", [D("88"), D("89.5"), D("90.1"), D("90.3"), D("91")], "samanlikning"),
            Serie("Landet", [D("90"), D("90.5"), D("91.1"), D("92.3"), D("92.5")], "landet"),
        ],
    )
    return linjediagram(
        kw.pop("tittel", "Del born i barnehage"),
        kw.pop("skildring", "Alver mot kommunegruppa og landet"),
        kw.pop("periodar", AAR),
        seriar,
        kw.pop("maaleeining", "prosent"),
        kw.pop("desimalar", 1),
        **kw,
    )


# --- the drawing ---------------------------------------------------------------------------


def test_a_point_for_every_value_where_the_value_is():
    rot = _tre(_eit_diagram())
    punkt = _punkt(rot, "eiga")
    assert len(punkt) == 4  # five periods, one without a value
    xs = [x for x, _y in punkt]
    assert xs == sorted(xs) and len(set(xs)) == 4
    # periods are evenly spaced: 2021, 2022, (2023 missing), 2024, 2025
    steg = xs[1] - xs[0]
    assert xs[2] - xs[1] == pytest.approx(2 * steg, abs=0.2) and xs[3] - xs[2] == pytest.approx(steg, abs=0.2)
    # y is linear in the value and higher values are higher up
    verdiar = [91.2, 92.0, 93.4, 94.1]
    ys = [y for _x, y in punkt]
    assert ys == sorted(ys, reverse=True)
    skala = (ys[0] - ys[3]) / (verdiar[3] - verdiar[0])
    for v, y in zip(verdiar, ys, strict=True):
        assert ys[0] - y == pytest.approx((v - verdiar[0]) * skala, abs=0.2)
    # and they sit on the axis' scale: 92,0 on the grid line labelled 92
    assert ys[1] == pytest.approx(_tick_y(rot)["92"], abs=0.2)
    # the comparisons get their own markers, one per value
    assert len(_punkt(rot, "samanlikning")) == 5 and len(_punkt(rot, "landet")) == 5


def test_the_target_is_a_dashed_step_line_at_its_values():
    d = _eit_diagram()
    rot = _tre(d)
    (maal,) = _linjer(rot, "maal")
    assert maal.get("stroke-dasharray") and maal.get("fill") == "none"
    assert _punkt(rot, "maal") == []  # a line, no points
    # M x y H x (V y H x)*: one level per period, at the target's value on the axis
    d_ = maal.get("d")
    assert re.fullmatch(r"M[\d.]+ [\d.]+H[\d.]+(V[\d.]+H[\d.]+){2}", d_)
    nivaa = [float(v) for v in re.findall(r"(?:^M[\d.]+ |V)([\d.]+)", d_)]
    ticks = _tick_y(rot)
    assert nivaa[0] == pytest.approx(ticks["92"], abs=0.2) and nivaa[2] < nivaa[1] < nivaa[0]
    # the step for 2025 (95) spans 2025's point
    eiga_2025 = _punkt(rot, "eiga")[-1][0]
    start_2025 = float(re.findall(r"H([\d.]+)", d_)[1])
    assert start_2025 < eiga_2025 < float(re.findall(r"H([\d.]+)", d_)[2])


def test_a_missing_value_leaves_a_gap_in_the_line():
    rot = _tre(_eit_diagram())
    linjer = _linjer(rot, "eiga")
    assert len(linjer) == 2  # 2021–2022, then 2024–2025: nothing drawn across 2023
    xs = [x for x, _y in _punkt(rot, "eiga")]
    for linje, (fra, til) in zip(linjer, [(xs[0], xs[1]), (xs[2], xs[3])], strict=True):
        punkt = [float(t) for t in re.findall(r"([\d.]+) [\d.]+", linje.get("d"))]
        assert punkt == [pytest.approx(fra, abs=0.1), pytest.approx(til, abs=0.1)]
    # a value alone between two gaps is a point without a line
    rot = _tre(_eit_diagram(seriar=[Serie("Alver", [D(1), None, D(3), None, D(4)], "eiga")], desimalar=0))
    assert len(_punkt(rot, "eiga")) == 3 and _linjer(rot, "eiga") == []


def test_the_legend_names_every_series_with_its_own_dash_and_marker():
    rot = _tre(_eit_diagram())
    legende = rot.find(".//s:g[@class='diagram__legende']", NS)
    punkt = list(legende)
    assert [p.find("s:text", NS).text for p in punkt] == ["Alver", "Mål", "Kommunegruppe 13", "Landet"]
    strekar = [p.find("s:line", NS).get("stroke-dasharray") for p in punkt]
    markorar = [
        next((el.tag.split("}")[1] for el in p if el.get("class") == "diagram__punkt"), None) for p in punkt
    ]
    # told apart without colour: every series differs from every other by dash or marker
    kjenneteikn = list(zip(strekar, markorar, strict=True))
    assert len(set(kjenneteikn)) == 4
    assert strekar[0] is None and markorar == ["circle", None, "path", "rect"]


def _kontrast(farge):
    def lin(c):
        c = int(c, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(farge[i : i + 2]) for i in (1, 3, 5))
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)


def test_every_line_has_at_least_3_to_1_contrast_against_white():
    for rolle, stil in STIL.items():
        assert _kontrast(stil.farge) >= 3, rolle
    rot = _tre(_eit_diagram())
    brukte = {
        el.get("stroke")
        for el in rot.iter()
        if el.get("class") == "diagram__linje" or "maallinje" in (el.get("class") or "")
    }
    assert brukte <= {s.farge for s in STIL.values()}


def test_the_y_axis_starts_at_zero_only_when_sensible():
    def ticks(verdiar, desimalar=0):
        rot = _tre(
            _eit_diagram(
                seriar=[Serie("A", verdiar, "eiga")], periodar=AAR[: len(verdiar)], desimalar=desimalar
            )
        )
        return list(_tick_y(rot))

    # 10–40: the bars of a reader's mind start at 0
    assert ticks([D(10), D(25), D(40)]) == ["0", "10", "20", "30", "40"]
    # 88–96 %: the change would vanish against a 0–100 axis
    assert ticks([D("88.5"), D("96.0")], 1) == ["88", "90", "92", "94", "96"]
    # KOSTRA's net operating result may be negative: the axis goes below 0 and 0 is marked
    d = _eit_diagram(seriar=[Serie("A", [D("-1.5"), D("2.3"), D("0.4")], "eiga")], periodar=AAR[:3])
    rot = _tre(d)
    assert any(t.startswith(MINUS) for t in _tick_y(rot)) and "0" in _tick_y(rot)
    nulllinje = [
        ln
        for ln in rot.find(".//s:g[@class='diagram__akse']", NS).findall("s:line", NS)
        if ln.get("y1") == ln.get("y2") and abs(float(ln.get("y1")) - _tick_y(rot)["0"]) < 0.2
    ]
    assert nulllinje[0].get("stroke") == AKSE  # darker than the other grid lines
    # all negative, far from zero: the axis ends at 0 only when the values come near it
    assert ticks([D(-40), D(-10)])[-1] == "0"
    assert "0" not in ticks([D(-96), D(-88)])
    # one value: an axis around it, never finer than the indicator's decimals
    assert ticks([D(7)]) == ["6", "7", "8"]


def test_tick_labels_never_have_more_decimals_than_the_indicator():
    rot = _tre(_eit_diagram(seriar=[Serie("A", [D(1), D(2)], "eiga")], periodar=AAR[:2], desimalar=0))
    assert all("," not in t for t in _tick_y(rot))
    rot = _tre(_eit_diagram(seriar=[Serie("A", [D("1.1"), D("1.3")], "eiga")], periodar=AAR[:2], desimalar=1))
    assert "1,2" in _tick_y(rot)


def test_many_periods_get_thinned_labels_and_the_latest_is_always_named():
    periodar = [f"{m} 2026" for m in ("januar", "februar", "mars", "april", "mai", "juni")] * 4
    periodar = [f"{p} {i}" for i, p in enumerate(periodar)]
    verdiar = [D(i) for i in range(len(periodar))]
    rot = _tre(_eit_diagram(seriar=[Serie("A", verdiar, "eiga")], periodar=periodar, desimalar=0))
    namngjevne = [t.text for t in rot.findall(".//s:text[@class='diagram__periode']", NS)]
    assert 2 <= len(namngjevne) < len(periodar) and namngjevne[-1] == periodar[-1]
    # labels do not overlap: at least a label's width apart
    xs = [float(t.get("x")) for t in rot.findall(".//s:text[@class='diagram__periode']", NS)]
    assert min(b - a for a, b in zip(xs, xs[1:], strict=False)) >= 7 * max(len(p) for p in periodar)
    # a handful are all named
    rot = _tre(_eit_diagram())
    assert [t.text for t in rot.findall(".//s:text[@class='diagram__periode']", NS)] == AAR


# --- the text alternative ------------------------------------------------------------------


def test_the_svg_is_an_image_labelled_by_its_title_and_a_description_of_what_it_shows():
    d = _eit_diagram()
    rot = _tre(d)
    assert rot.get("role") == "img"
    tittel_id, skildring_id = rot.get("aria-labelledby").split()
    assert (
        rot.find("s:title", NS).get("id") == tittel_id
        and rot.find("s:title", NS).text == "Del born i barnehage"
    )
    desc = rot.find("s:desc", NS)
    assert desc.get("id") == skildring_id and desc.text == d.samandrag
    assert f"Latest value 94,1{NBSP}% (2025)." in desc.text
    assert f"Up from 91,2{NBSP}% in 2021." in desc.text
    assert f"Target for 2025: 95,0{NBSP}%." in desc.text
    assert (
        f"Kommunegruppe 13: 91,0{NBSP}% (2025)." in desc.text and f"Landet: 92,5{NBSP}% (2025)." in desc.text
    )


def test_the_description_names_a_later_target_and_stays_neutral_about_direction():
    seriar = [
        Serie("Alver", [D(5200), D(5100), D(4900), None, None], "eiga"),
        Serie("Mål", [None, None, D(5000), D(4800), D(4600)], "maal"),
    ]
    d = _eit_diagram(seriar=seriar, maaleeining="kroner", desimalar=0)
    assert f"Latest value 4{NBSP}900{NBSP}kr (2023)." in d.samandrag
    assert f"Down from 5{NBSP}200{NBSP}kr in 2021." in d.samandrag
    assert f"Target for 2023: 5{NBSP}000{NBSP}kr." in d.samandrag
    assert f"Last target 4{NBSP}600{NBSP}kr (2025)." in d.samandrag
    # whether lower is better is the indicator's business, not the chart's
    for ord_ in ("better", "worse", "good", "bad"):
        assert ord_ not in d.samandrag.lower()


def test_ids_are_unique_per_chart_and_the_output_is_deterministic():
    a, b = _eit_diagram(), _eit_diagram()
    assert str(a.svg) == str(b.svg) and a.tabell == b.tabell
    c = _eit_diagram(tittel="Eit anna diagram")
    assert a.ident != c.ident
    # the same chart twice on one page is told apart by the caller
    e = _eit_diagram(ident="diagram-ein")
    assert 'aria-labelledby="diagram-ein-tittel diagram-ein-skildring"' in str(e.svg)


class _Tabell(HTMLParser):
    def __init__(self):
        super().__init__()
        self.rader, self.caption, self._i, self._celle, self.th_scope = [], "", None, None, []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "caption":
            self._i = "caption"
        elif tag == "tr":
            self.rader.append([])
        elif tag in ("th", "td"):
            self._celle = ""
            if tag == "th":
                self.th_scope.append(a.get("scope"))
        elif tag == "span" and a.get("aria-hidden") == "true":
            self._i = "skjult"

    def handle_endtag(self, tag):
        if tag == "caption":
            self._i = None
        elif tag in ("th", "td"):
            self.rader[-1].append(self._celle.strip())
            self._celle = None
        elif tag == "span" and self._i == "skjult":
            self._i = None

    def handle_data(self, data):
        if self._i == "caption":
            self.caption += data
        elif self._celle is not None and self._i != "skjult":
            self._celle += data


def test_the_partial_gives_a_figure_the_svg_and_the_numbers_as_a_table():
    d = _eit_diagram()
    html = render_to_string("partials/diagram.html", {"diagram": d})
    assert html.count("<figure") == 1 and "<figcaption" in html and str(d.svg) in html
    assert "<details" in html and "Show the numbers" in html
    t = _Tabell()
    t.feed(html)
    assert t.caption.strip() == "Del born i barnehage (%)"
    assert set(t.th_scope) == {"col", "row"}
    assert t.rader == [
        ["Period", "Alver", "Mål", "Kommunegruppe 13", "Landet"],
        ["2021", "91,2", "no value", "88,0", "90,0"],
        ["2022", "92,0", "no value", "89,5", "90,5"],
        ["2023", "no value", "92,0", "90,1", "91,1"],
        ["2024", "93,4", "93,0", "90,3", "92,3"],
        ["2025", "94,1", "95,0", "91,0", "92,5"],
    ]
    assert "style=" not in html


def test_the_table_never_rounds_a_value_beyond_what_it_has():
    d = _eit_diagram(
        seriar=[Serie("A", [D("12.3400"), D("7"), D("0.125")], "eiga")], periodar=AAR[:3], desimalar=1
    )
    assert [r.verdiar for r in d.tabell] == [["12,34"], ["7,0"], ["0,125"]]


def test_norwegian_numbers():
    assert vis_tal(D("1234567.5"), 1) == f"1{NBSP}234{NBSP}567,5"
    assert vis_tal(D("-0.30"), 1) == f"{MINUS}0,3"
    assert vis_tal(D("-45000"), 0) == f"{MINUS}45{NBSP}000"
    assert vis_tal(D("5"), 2) == "5,00"
    assert vis_tal(D("12.345"), 1) == "12,345"  # more decimals than the indicator: shown, not rounded
    assert vis_tal(D("1E+3"), 0) == f"1{NBSP}000"
    assert vis_tal(D("-0.0"), 1) == "0,0"
    assert vis_tal(None) == ""


def test_text_from_users_is_escaped_everywhere():
    farleg = '<script>alert("x")</script> & <b>'
    d = linjediagram(
        farleg,
        farleg,
        ["<i>2025</i>"],
        [Serie(farleg, [D(1)], "eiga"), Serie("Mål", [D(2)], "maal")],
        farleg,
        0,
    )
    svg = str(d.svg)
    assert "<script" not in svg and "<b>" not in svg and "<i>" not in svg
    rot = ET.fromstring(svg)  # still well-formed
    assert rot.find("s:title", NS).text == farleg
    assert farleg in [t.text for t in rot.iter(f"{{{NS['s']}}}text")]
    assert "<i>2025</i>" in [t.text for t in rot.iter(f"{{{NS['s']}}}text")]
    html = render_to_string("partials/diagram.html", {"diagram": d})
    assert "<script" not in html and "<b>" not in html and "&lt;script&gt;" in html


def test_no_values_gives_a_chart_that_says_so():
    for seriar in ([], [Serie("Alver", [None] * 5, "eiga"), Serie("Mål", [None] * 5, "maal")]):
        d = _eit_diagram(seriar=seriar)
        rot = _tre(d)
        assert d.tom and d.tabell == [] and rot.get("role") == "img"
        assert [t.text for t in rot.iter(f"{{{NS['s']}}}text")] == ["No values yet"]
        assert rot.find("s:desc", NS).text == "No values yet."
        html = render_to_string("partials/diagram.html", {"diagram": d})
        assert "<table" not in html and "Del born i barnehage" in html
    # no periods at all
    assert linjediagram("T", "", [], [], "", 0).tom


def test_only_a_target_so_far_says_there_are_no_values_of_our_own():
    d = _eit_diagram(
        seriar=[Serie("Alver", [None] * 5, "eiga"), Serie("Mål", [None, None, None, D(3), D(4)], "maal")]
    )
    assert not d.tom and "No values of our own yet." in d.samandrag and "Last target 4,0" in d.samandrag


def test_wrong_input_is_refused():
    with pytest.raises(ValueError):
        Serie("A", [D(1)], "betre")
    with pytest.raises(ValueError):
        linjediagram("T", "", AAR, [Serie("A", [D(1)], "eiga")])


# --- the same chart in a PDF ---------------------------------------------------------------


def _med_testmal(tmp_path):
    (tmp_path / "diagram_test.html").write_text(
        '{% load i18n %}<!DOCTYPE html><html lang="nn"><head><meta charset="utf-8"><title>{{ pdf_tittel }}</title>'
        "</head><body><h1>{{ pdf_tittel }}</h1>{% include 'partials/diagram.html' with diagram=d %}</body></html>"
    )
    maler = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]
    return override_settings(TEMPLATES=maler)


@pytest.mark.django_db
def test_the_chart_is_drawn_in_a_weasyprint_pdf(tmp_path):
    d = _eit_diagram()
    with _med_testmal(tmp_path):
        innhald = pdf.lag_pdf(None, "diagram_test.html", {"d": d}, tittel="Tertialrapport")
    fil = tmp_path / "ut.pdf"
    fil.write_bytes(innhald)
    tekst = subprocess.run(["pdftotext", str(fil), "-"], capture_output=True, text=True, check=True).stdout
    # the legend, the axis and the table come out as text
    for ord_ in ("Kommunegruppe 13", "Landet", "2025", "94", "91,2"):
        assert ord_ in tekst
    subprocess.run(
        ["pdftoppm", "-r", "60", "-f", "1", "-l", "1", "-png", str(fil), str(tmp_path / "side")], check=True
    )
    bilete = Image.open(next(tmp_path.glob("side*.png"))).convert("RGB")
    fargar = [f for _n, f in bilete.getcolors(maxcolors=1 << 24)]

    def naer(farge):
        r, g, b = (int(farge[i : i + 2], 16) for i in (1, 3, 5))
        return any(abs(r - p[0]) + abs(g - p[1]) + abs(b - p[2]) < 40 for p in fargar)

    # each series' colour is on the page: the lines and markers were drawn, not just the text
    for rolle in ("eiga", "maal", "samanlikning"):
        assert naer(STIL[rolle].farge), rolle
