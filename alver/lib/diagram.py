"""Line charts as server-rendered SVG: the same markup in the page and in WeasyPrint's PDFs.

    from alver.lib.diagram import Serie, linjediagram

    d = linjediagram(
        "Del born 1–5 år med barnehageplass",
        "Alver mot kommunegruppa og landet",
        ["2021", "2022", "2023", "2024", "2025", "2026"],
        [
            Serie("Alver", [Decimal("91.2"), Decimal("92.0"), None, Decimal("93.4"), Decimal("94.1"), None], "eiga"),
            Serie("Mål", [None, None, None, None, Decimal("95"), Decimal("96")], "maal"),
            Serie("Kommunegruppe 13", [...], "samanlikning"),
            Serie("Landet", [...], "landet"),
        ],
        maaleeining="prosent",
        desimalar=1,
    )
    {% include "partials/diagram.html" with diagram=d %}

Roles: «eiga» (the kommune's or the unit's own values: a solid line with round points),
«maal» (the target: a dashed step line, one step per period), «samanlikning» (the
kommunegruppe: dotted, triangles) and «landet» (dash-dot, open squares). Each role differs by
its dash pattern and its marker shape as well as its colour, so neither the chart nor its
legend relies on colour alone, and every colour has at least 3:1 contrast against white
(WCAG 1.4.11). A value of None leaves a gap: no line is drawn across it.

The y axis gets «nice» ticks (1, 2 or 5 times a power of ten, never finer than the
indicator's decimals); it starts (or ends) at 0 only when the values lie in the upper (or
lower) half of the range from 0, so a series around 90 % is not flattened against the top.
Tick labels, the description and the table are Norwegian numbers (decimal comma, grouped
thousands, a real minus sign) with at least the indicator's decimals and never fewer than a
value has: nothing is rounded (design rule 11). Positions inside the drawing are floats; the
numbers shown are Decimals.

Styling is by presentation attributes (stroke, fill, stroke-dasharray, font-size) and
classes, never `style=` attributes, so a strict Content-Security-Policy and WeasyPrint's SVG
renderer draw the same thing. Every text is escaped (titles come from users), and the output
depends on the input only (no counters, no clock): the same input gives the same bytes. Ids
are made from a digest of the input; a page that shows the same chart twice passes `ident`.

`Diagram.tabell` gives the numbers as rows (one per period with any value) for the table
`partials/diagram.html` renders under the chart, so screen-reader and keyboard users get
every number.
"""

import hashlib
import math
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

MELLOMROM = "\u00a0"  # between groups of three and before a unit, so a number never breaks
MINUS = "\u2212"

EIGA, MAAL, SAMANLIKNING, LANDET = "eiga", "maal", "samanlikning", "landet"
ROLLER = (EIGA, MAAL, SAMANLIKNING, LANDET)


@dataclass(frozen=True)
class Stil:
    farge: str  # at least 3:1 against white (tests/alver/test_diagram.py checks it)
    strek: str  # stroke-dasharray; "" for a solid line
    breidd: str
    markor: str  # "sirkel", "trekant", "firkant" or "" (none)


STIL = {
    EIGA: Stil("#1f4e8c", "", "2.5", "sirkel"),
    MAAL: Stil("#a33b00", "8 5", "2", ""),
    SAMANLIKNING: Stil("#6a3d9a", "2 4", "2", "trekant"),
    LANDET: Stil("#4d4d4d", "10 4 2 4", "2", "firkant"),
}
TEKSTFARGE = "#333333"
RUTENETT = "#d9d9d9"
AKSE = "#767676"

# the geometry, in the viewBox's units (the SVG scales to its box by CSS)
BREIDD = 640
PLOT_HOGD = 200
TOPP = 30  # room for the unit above the axis
HOGRE = 16
UNDER_AKSE = 30  # the x labels
LEGENDE_RAD = 22
SKRIFT = 12
TEIKN_BREIDD = 7.0  # a generous estimate of one character's width at SKRIFT (DejaVu Sans)

# the indicator register's units (plans.Indikator.Maaleeining) as shown after a number;
# anything else passed as `maaleeining` is shown as it is
_KORT = {"prosent": "%", "kroner": "kr", "tal": ""}


def _eining(maaleeining):
    lang = {
        "per_1000": _("per 1,000 inhabitants"),
        "timar": _("hours"),
        "dagar": _("days"),
        "skaar": _("score"),
    }
    if maaleeining in _KORT:
        return _KORT[maaleeining]
    return str(lang.get(maaleeining, maaleeining or ""))


@dataclass(frozen=True)
class Serie:
    """One line: a name for the legend and table, one value (or None) per period, a role."""

    namn: str
    verdiar: list
    rolle: str

    def __post_init__(self):
        if self.rolle not in ROLLER:
            raise ValueError(f"Unknown role {self.rolle!r}; one of {', '.join(ROLLER)}")


@dataclass(frozen=True)
class Rad:
    """A row of the table: the period and one formatted value per series ("" for none)."""

    periode: str
    verdiar: list


@dataclass(frozen=True)
class Diagram:
    svg: SafeString
    tabell: list  # of Rad, one per period with any value
    kolonnar: list  # the series' names, the table's column headings
    tittel: str
    skildring: str  # the caller's description
    samandrag: str  # what the chart shows in words (latest value, target, trend): the SVG's <desc>
    eining: str  # the unit as shown («%», «kr», …), "" for plain numbers
    ident: str
    tom: bool = False  # no values at all: the SVG says so
    seriar: list = field(default_factory=list)


def vis_tal(verdi, desimalar=0, mellomrom=MELLOMROM):
    """A number the Norwegian way: «1 234,5», «−0,3»; at least `desimalar` decimals and
    never fewer than the value has (nothing is rounded). "" for None."""
    if verdi is None:
        return ""
    d = Decimal(verdi)
    if not d.is_finite():
        return str(verdi)
    eksponent = d.normalize().as_tuple().exponent
    n = max(desimalar, -eksponent if d and eksponent < 0 else 0)
    q = d.quantize(Decimal(1).scaleb(-n))  # exact: n covers every decimal the value has
    negativ = q < 0
    tekst = f"{abs(q):,.{n}f}".replace(",", " ").replace(".", ",").replace(" ", mellomrom)
    return f"{MINUS}{tekst}" if negativ else tekst


def _med_eining(tekst, eining):
    if not tekst or not eining:
        return tekst
    return f"{tekst}{MELLOMROM}{eining}"


def _ticks(lo, hi, desimalar):
    """Nice tick values (Decimals) covering lo..hi, with 0 in when it is sensible."""
    if lo >= 0 and hi > 0 and lo <= hi / 2:
        lo = Decimal(0)
    elif hi <= 0 and lo < 0 and hi >= lo / 2:
        hi = Decimal(0)
    minste = Decimal(1).scaleb(-desimalar)
    if lo == hi:  # one value, or all the same: a little room around it
        luft = abs(lo) / 10
        lo, hi = (lo - luft, hi + luft) if lo else (Decimal(0), minste)
    raa = (hi - lo) / 4
    base = Decimal(1).scaleb(raa.adjusted())
    steg = next(m * base for m in (1, 2, 5, 10) if m * base >= raa)
    steg = max(steg, minste)
    start = (lo / steg).to_integral_value(rounding=ROUND_FLOOR) * steg
    slutt = (hi / steg).to_integral_value(rounding=ROUND_CEILING) * steg
    if start == slutt:
        slutt = start + steg
    n = int((slutt - start) / steg)
    desimalar_steg = max(0, -steg.normalize().as_tuple().exponent)
    return [start + i * steg for i in range(n + 1)], desimalar_steg


def _k(x):
    """A coordinate as text: one decimal, no «-0.0»."""
    t = f"{x:.1f}"
    return "0.0" if t == "-0.0" else t


def _ident(tittel, skildring, periodar, seriar, maaleeining, desimalar):
    h = hashlib.sha1(usedforsecurity=False)
    for del_ in (tittel, skildring, maaleeining, str(desimalar), *periodar):
        h.update(str(del_).encode() + b"\x00")
    for s in seriar:
        h.update(f"{s.namn}\x00{s.rolle}\x00{'|'.join(str(v) for v in s.verdiar)}\x00".encode())
    return "diagram-" + h.hexdigest()[:10]


def _markor(stil, x, y, tips):
    tittel = f"<title>{escape(tips)}</title>"
    if stil.markor == "sirkel":
        return (
            f'<circle class="diagram__punkt" cx="{_k(x)}" cy="{_k(y)}" r="4.5" fill="{stil.farge}" '
            f'stroke="#ffffff" stroke-width="1.5">{tittel}</circle>'
        )
    if stil.markor == "trekant":
        return (
            f'<path class="diagram__punkt" d="M{_k(x)} {_k(y - 5.5)}L{_k(x + 5)} {_k(y + 3.5)}'
            f'L{_k(x - 5)} {_k(y + 3.5)}Z" fill="{stil.farge}" stroke="#ffffff" stroke-width="1">{tittel}</path>'
        )
    if stil.markor == "firkant":
        return (
            f'<rect class="diagram__punkt" x="{_k(x - 4)}" y="{_k(y - 4)}" width="8" height="8" '
            f'fill="#ffffff" stroke="{stil.farge}" stroke-width="2">{tittel}</rect>'
        )
    return ""


def _samanhengande(verdiar):
    """Runs of consecutive indexes with a value: a None breaks the line."""
    run = []
    for i, v in enumerate(verdiar):
        if v is None:
            if run:
                yield run
            run = []
        else:
            run.append(i)
    if run:
        yield run


def linjediagram(tittel, skildring, periodar, seriar, maaleeining="", desimalar=0, *, ident=None):
    """The chart (see the module's text). `periodar` are the x labels; each series has one
    value (Decimal or None) per period. ValueError when a series' length does not match."""
    periodar = [str(p) for p in periodar]
    seriar = list(seriar)
    for s in seriar:
        if len(s.verdiar) != len(periodar):
            raise ValueError(f"The series {s.namn!r} has {len(s.verdiar)} values for {len(periodar)} periods")
    eining = _eining(maaleeining)
    ident = ident or _ident(tittel, skildring, periodar, seriar, maaleeining, desimalar)
    verdiar = [Decimal(v) for s in seriar for v in s.verdiar if v is not None]
    samandrag = _samandrag(periodar, seriar, eining, desimalar)
    tabell = [
        Rad(p, [vis_tal(s.verdiar[i], desimalar) for s in seriar])
        for i, p in enumerate(periodar)
        if any(s.verdiar[i] is not None for s in seriar)
    ]
    if not verdiar:
        svg = _tomt(tittel, samandrag, ident)
    else:
        svg = _teikn(tittel, samandrag, periodar, seriar, eining, desimalar, ident, verdiar)
    return Diagram(
        svg=mark_safe(svg),  # noqa: S308 - every text in it went through escape()
        tabell=tabell,
        kolonnar=[s.namn for s in seriar],
        tittel=tittel,
        skildring=skildring,
        samandrag=samandrag,
        eining=eining,
        ident=ident,
        tom=not verdiar,
        seriar=seriar,
    )


def _hovud(ident, hogd, tittel, samandrag):
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="diagram__svg" viewBox="0 0 {BREIDD} {hogd}" '
        f'width="{BREIDD}" height="{hogd}" role="img" aria-labelledby="{ident}-tittel {ident}-skildring" '
        f'font-family="DejaVu Sans, Inter, sans-serif" font-size="{SKRIFT}">'
        f'<title id="{ident}-tittel">{escape(tittel)}</title>'
        f'<desc id="{ident}-skildring">{escape(samandrag)}</desc>'
    )


def _tomt(tittel, samandrag, ident):
    hogd = 120
    return (
        _hovud(ident, hogd, tittel, samandrag)
        + f'<rect class="diagram__ramme" x="1" y="1" width="{BREIDD - 2}" height="{hogd - 2}" fill="#ffffff" '
        f'stroke="{AKSE}" stroke-width="1" stroke-dasharray="4 4"/>'
        f'<text class="diagram__tom" x="{BREIDD // 2}" y="{hogd // 2 + 5}" text-anchor="middle" '
        f'fill="{TEKSTFARGE}" font-size="14">{escape(_("No values yet"))}</text></svg>'
    )


def _teikn(tittel, samandrag, periodar, seriar, eining, desimalar, ident, verdiar):
    ticks, tick_desimalar = _ticks(min(verdiar), max(verdiar), desimalar)
    lo, hi = ticks[0], ticks[-1]
    spenn = hi - lo
    tick_tekst = [vis_tal(t, tick_desimalar) for t in ticks]
    venstre = 14 + TEIKN_BREIDD * max(len(t) for t in tick_tekst)
    plot_b = BREIDD - venstre - HOGRE
    botn = TOPP + PLOT_HOGD
    n = len(periodar)
    band = plot_b / n

    def x(i):
        return venstre + (i + 0.5) * band

    def y(v):
        return TOPP + float((hi - Decimal(v)) / spenn) * PLOT_HOGD

    # the legend: as many items a row as fit
    legende, rad, lx = [], 0, 0.0
    for s in seriar:
        b = 48 + TEIKN_BREIDD * len(s.namn) + 16
        if lx and lx + b > BREIDD:
            rad, lx = rad + 1, 0.0
        legende.append((s, lx, rad))
        lx += b
    hogd = botn + UNDER_AKSE + (rad + 1) * LEGENDE_RAD + 4

    ut = [_hovud(ident, hogd, tittel, samandrag)]
    # the axis: grid lines, ticks, the unit, zero
    ut.append('<g class="diagram__akse" aria-hidden="true">')
    if eining:
        ut.append(
            f'<text x="{_k(venstre - 8)}" y="{TOPP - 14}" text-anchor="end" fill="{TEKSTFARGE}">{escape(eining)}</text>'
        )
    for t, tekst in zip(ticks, tick_tekst, strict=True):
        ty = _k(y(t))
        farge = AKSE if t == 0 else RUTENETT
        ut.append(
            f'<line x1="{_k(venstre)}" y1="{ty}" x2="{_k(BREIDD - HOGRE)}" y2="{ty}" stroke="{farge}" stroke-width="1"/>'
            f'<text x="{_k(venstre - 8)}" y="{_k(y(t) + 4)}" text-anchor="end" fill="{TEKSTFARGE}">{escape(tekst)}</text>'
        )
    ut.append(
        f'<line x1="{_k(venstre)}" y1="{botn}" x2="{_k(BREIDD - HOGRE)}" y2="{botn}" stroke="{AKSE}" stroke-width="1"/>'
    )
    # x labels: every k-th, counted back from the latest so the latest is always named
    lengst = max(len(p) for p in periodar)
    plass = max(1, int(plot_b // (TEIKN_BREIDD * lengst + 10)))
    kvar = math.ceil(n / plass)
    for i, p in enumerate(periodar):
        ut.append(
            f'<line x1="{_k(x(i))}" y1="{botn}" x2="{_k(x(i))}" y2="{botn + 4}" stroke="{AKSE}" stroke-width="1"/>'
        )
        if (n - 1 - i) % kvar == 0:
            ut.append(
                f'<text class="diagram__periode" x="{_k(x(i))}" y="{botn + 18}" text-anchor="middle" '
                f'fill="{TEKSTFARGE}">{escape(p)}</text>'
            )
    ut.append("</g>")

    # the series: comparisons behind, the target, then our own values on top
    rekkjefolgje = {LANDET: 0, SAMANLIKNING: 1, MAAL: 2, EIGA: 3}
    for s in sorted(seriar, key=lambda s: rekkjefolgje[s.rolle]):
        stil = STIL[s.rolle]
        ut.append(f'<g class="diagram__serie diagram__serie--{s.rolle}">')
        strek = f' stroke-dasharray="{stil.strek}"' if stil.strek else ""
        attr = (
            f'fill="none" stroke="{stil.farge}" stroke-width="{stil.breidd}"{strek} '
            f'stroke-linejoin="round" stroke-linecap="{"round" if s.rolle == SAMANLIKNING else "butt"}"'
        )
        for run in _samanhengande(s.verdiar):
            if s.rolle == MAAL:
                # a step per period: level across the period's band, vertical between periods
                d = [f"M{_k(x(run[0]) - band / 2)} {_k(y(s.verdiar[run[0]]))}H{_k(x(run[0]) + band / 2)}"]
                for i in run[1:]:
                    d.append(f"V{_k(y(s.verdiar[i]))}H{_k(x(i) + band / 2)}")
                ut.append(f'<path class="diagram__linje diagram__maallinje" d="{"".join(d)}" {attr}/>')
            elif len(run) > 1:
                d = "L".join(f"{_k(x(i))} {_k(y(s.verdiar[i]))}" for i in run)
                ut.append(f'<path class="diagram__linje" d="M{d}" {attr}/>')
        if stil.markor:
            for i, v in enumerate(s.verdiar):
                if v is not None:
                    tips = f"{s.namn}, {periodar[i]}: {_med_eining(vis_tal(v, desimalar), eining)}"
                    ut.append(_markor(stil, x(i), y(v), tips))
        ut.append("</g>")

    # the legend: the line's pattern and the marker's shape, then the name
    ut.append('<g class="diagram__legende">')
    for s, lx, rad in legende:
        stil = STIL[s.rolle]
        ly = botn + UNDER_AKSE + rad * LEGENDE_RAD + 10
        strek = f' stroke-dasharray="{stil.strek}"' if stil.strek else ""
        lenkje = "round" if s.rolle == SAMANLIKNING else "butt"
        ut.append(
            f'<g class="diagram__legendepunkt diagram__legendepunkt--{s.rolle}">'
            f'<line x1="{_k(lx + 4)}" y1="{ly}" x2="{_k(lx + 40)}" y2="{ly}" stroke="{stil.farge}" '
            f'stroke-width="{stil.breidd}"{strek} stroke-linecap="{lenkje}"/>'
        )
        if stil.markor:
            ut.append(_markor(stil, lx + 22, ly, s.namn))
        ut.append(f'<text x="{_k(lx + 48)}" y="{ly + 4}" fill="{TEKSTFARGE}">{escape(s.namn)}</text></g>')
    ut.append("</g></svg>")
    return "".join(ut)


def _samandrag(periodar, seriar, eining, desimalar):
    """What the chart shows, in words: per own series the latest value and the trend since
    the first; the target for that period (and the last target, when later); the
    comparisons in the same period. Direction-neutral: «up», «down», never «better»."""

    def tal(v):
        return _med_eining(vis_tal(v, desimalar), eining)

    def med_verdi(s):
        return [i for i, v in enumerate(s.verdiar) if v is not None]

    eigne = [s for s in seriar if s.rolle == EIGA]
    maal = [s for s in seriar if s.rolle == MAAL]
    andre = [s for s in seriar if s.rolle in (SAMANLIKNING, LANDET)]
    if not any(med_verdi(s) for s in seriar):
        return _("No values yet.")
    setningar = []
    siste_periode = None
    for s in eigne:
        idx = med_verdi(s)
        if not idx:
            continue
        forst, sist = idx[0], idx[-1]
        siste_periode = sist if siste_periode is None else max(siste_periode, sist)
        prefiks = f"{s.namn}: " if len(eigne) > 1 else ""
        setningar.append(
            prefiks
            + _("Latest value %(verdi)s (%(periode)s).")
            % {"verdi": tal(s.verdiar[sist]), "periode": periodar[sist]}
        )
        if forst != sist:
            a, b = Decimal(s.verdiar[forst]), Decimal(s.verdiar[sist])
            if b > a:
                mal = _("Up from %(verdi)s in %(periode)s.")
            elif b < a:
                mal = _("Down from %(verdi)s in %(periode)s.")
            else:
                mal = _("The same as in %(periode)s.")
            setningar.append(mal % {"verdi": tal(a), "periode": periodar[forst]})
    if eigne and siste_periode is None:
        setningar.append(_("No values of our own yet."))
    for s in maal:
        idx = med_verdi(s)
        if not idx:
            continue
        prefiks = f"{s.namn}: " if len(maal) > 1 else ""
        if siste_periode is not None and s.verdiar[siste_periode] is not None:
            setningar.append(
                prefiks
                + _("Target for %(periode)s: %(verdi)s.")
                % {"verdi": tal(s.verdiar[siste_periode]), "periode": periodar[siste_periode]}
            )
        if siste_periode is None or idx[-1] > siste_periode:
            setningar.append(
                prefiks
                + _("Last target %(verdi)s (%(periode)s).")
                % {"verdi": tal(s.verdiar[idx[-1]]), "periode": periodar[idx[-1]]}
            )
    for s in andre:
        idx = med_verdi(s)
        if not idx:
            continue
        i = siste_periode if siste_periode is not None and s.verdiar[siste_periode] is not None else idx[-1]
        setningar.append(f"{s.namn}: {tal(s.verdiar[i])} ({periodar[i]}).")
    return " ".join(setningar)
