"""Statistics from SSB's Statistikkbanken (KOSTRA): reading the files a user downloads, and the
values mapped to indicators.

The app never fetches anything: the user downloads a table from Statistikkbanken and uploads
it. Two formats are read, by pure functions (bytes in, rows out):

- **JSON-stat 2.0** (`les_jsonstat`): a dataset (`"class": "dataset"`) with `id`, `size` and
  `dimension`; each dimension's `category.index` is a list of ids or an object id → position
  (or absent for a single category), `category.label` gives the names; `value` is an array
  in row-major order of the dimensions *as `id` lists them* (the last one changes fastest) or
  a sparse object position → value; `status` is a string for every cell, an array, or an
  object position → status. Numbers are read as exact decimals (`parse_float=Decimal`).
- **Statistikkbanken's CSV** (`les_csv`): semicolon separated with quoted column titles,
  optionally preceded by the table's title line («12562: Barnehagar …»); a region column
  («4631 Alver», «EKG13 Kostragruppe 13», «EAK Landet»), a «statistikkvariabel» column and a
  column per year («2023»), or columns per variable and year («Del born … 2023»), or one row
  per year (an «år» column and a value column). Decimal comma; SSB's symbols for a missing
  value («..», «...», «:», «.», «-») give no value and keep the symbol as the status; a value
  followed by a flag («12,3 p») keeps the flag. UTF-8 (with or without BOM) or Windows-1252,
  detected from the bytes.

Both give `Rad`s: table, variable (code, or the label when the file has no code), variable
label, region code and label, year, value (`Decimal` or `None`) and status.
"""

import csv
import io
import itertools
import json
import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils.translation import gettext as _

MAKS_DESIMALAR = 6  # the column's scale; a value with more is refused, never rounded
MAKS_CELLER = 200_000  # a KOSTRA download for a few regions and years is a few thousand
MANGLAR = ("..", "...", ":", ".", "-")  # SSB's symbols for a cell without a number

KOMMUNE, KOMMUNEGRUPPE, FYLKE, LANDET, ANNA = "kommune", "kommunegruppe", "fylke", "landet", "anna"
REGIONTYPAR = (KOMMUNE, KOMMUNEGRUPPE, FYLKE, LANDET)


class Lesefeil(Exception):
    """The file cannot be imported; `meldingar` says why, in the user's language."""

    def __init__(self, *meldingar):
        super().__init__(meldingar[0] if meldingar else "")
        self.meldingar = list(meldingar)


@dataclass(frozen=True)
class Rad:
    tabell: str
    variabel: str
    variabel_namn: str
    region: str
    region_namn: str
    aar: int
    verdi: Decimal | None
    status: str = ""

    @property
    def celle(self):
        return (self.tabell, self.variabel, self.region, self.aar)


# --- which region is which --------------------------------------------------------------


def regionar():
    """The kommune's own regions: {regiontype: region code}, from the settings (Alver's by
    default: kommune 4631, KOSTRA-gruppe EKG13, fylke 46 Vestland, landet EAK)."""
    return {
        KOMMUNE: getattr(settings, "SSB_KOMMUNE", "4631"),
        KOMMUNEGRUPPE: getattr(settings, "SSB_KOSTRAGRUPPE", "EKG13"),
        FYLKE: getattr(settings, "SSB_FYLKE", "46"),
        LANDET: getattr(settings, "SSB_LANDET", "EAK"),
    }


def regiontype(kode):
    """The kind of region a Statistikkbanken code names: four digits a kommune, EKG.. a KOSTRA
    group, two digits (or EKA.., the kommunar of a fylke) a fylke, EAK/EAKUO/0 the country."""
    kode = (kode or "").strip().upper()
    eigne = {v.upper(): k for k, v in regionar().items()}
    if kode in eigne:
        return eigne[kode]
    if re.fullmatch(r"\d{4}", kode):
        return KOMMUNE
    if re.fullmatch(r"EKG\d{1,3}", kode):
        return KOMMUNEGRUPPE
    if re.fullmatch(r"\d{2}|EKA\d{2}", kode):
        return FYLKE
    if kode in ("EAK", "EAKUO", "0", "00"):
        return LANDET
    return ANNA


_REGIONKODE = re.compile(r"(?:[KF]-)?\d{1,4}|E[A-Z]{1,4}\d{0,3}")
_KJENTE_NAMN = {"landet": "EAK", "hele landet": "EAK", "heile landet": "EAK", "landet uten oslo": "EAKUO"}


def _region(tekst):
    """(code, label) from a CSV cell: «4631 Alver», «K-4631 Alver», «EKG13 Kostragruppe 13»,
    «EAK Landet», or a label alone («Landet», «Kostragruppe 13»)."""
    tekst = " ".join(tekst.split())
    forste, _mellom, resten = tekst.partition(" ")
    if _REGIONKODE.fullmatch(forste):
        return _normal_kode(forste), resten or forste
    if forste.rstrip(":") != forste and _REGIONKODE.fullmatch(forste.rstrip(":")):
        return _normal_kode(forste.rstrip(":")), resten
    lag = tekst.lower()
    if lag in _KJENTE_NAMN:
        return _KJENTE_NAMN[lag], tekst
    gruppe = re.fullmatch(r"kostra-?gruppe\s*(\d{1,2})", lag)
    if gruppe:
        return f"EKG{int(gruppe.group(1)):02d}", tekst
    return tekst, tekst


def _normal_kode(kode):
    return re.sub(r"^[KF]-", "", kode.strip().upper())


_VARIABELKODE = re.compile(r"[A-Z][A-Z0-9_]{3,}")


def _variabel(tekst):
    """(code, label) from a CSV cell: «KOSAG210000 Del born …» or only the label (then the
    label is the code: a mapping made once works for the next file of the same kind)."""
    tekst = " ".join(tekst.split())
    forste, _mellom, resten = tekst.partition(" ")
    if resten and _VARIABELKODE.fullmatch(forste) and any(c.isdigit() for c in forste):
        return forste, resten
    return tekst, tekst


# --- encoding ---------------------------------------------------------------------------


def dekod(innhald):
    """(text, encoding name) of the bytes: UTF-8 with a BOM, UTF-16 with a BOM, UTF-8, or
    Windows-1252 (Norwegian Excel's CSV). Anything else is refused."""
    if innhald.startswith(b"\xef\xbb\xbf"):
        try:
            return innhald[3:].decode("utf-8"), "UTF-8 (BOM)"
        except UnicodeDecodeError:
            raise _ukjend_koding() from None
    if innhald.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return innhald.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            raise _ukjend_koding() from None
    if b"\x00" in innhald:
        raise _ukjend_koding()
    try:
        return innhald.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return innhald.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        raise _ukjend_koding() from None


def _ukjend_koding():
    return Lesefeil(
        _(
            "The file's text encoding is unknown: it is neither UTF-8 nor Windows-1252. "
            "Download the table again from Statistikkbanken as JSON-stat or CSV."
        )
    )


# --- reading ----------------------------------------------------------------------------


def les(filnamn, innhald):
    """(format, encoding, rows) of an uploaded file: JSON-stat when the text is a JSON object
    (or the name ends in .json), else Statistikkbanken's CSV."""
    tekst, koding = dekod(innhald)
    if filnamn.lower().endswith((".json", ".jsonstat")) or tekst.lstrip().startswith(("{", "[")):
        return "jsonstat", koding, les_jsonstat_tekst(tekst, filnamn)
    if filnamn.lower().endswith((".xlsx", ".xls", ".px")):
        raise Lesefeil(
            _("%(fil)s is not a file this import reads. Download the table as JSON-stat 2.0 or as CSV.")
            % {"fil": filnamn}
        )
    return "csv", koding, les_csv_tekst(tekst, filnamn)


def les_jsonstat(innhald, filnamn=""):
    return les_jsonstat_tekst(dekod(innhald)[0], filnamn)


def les_csv(innhald, filnamn=""):
    return les_csv_tekst(dekod(innhald)[0], filnamn)


def _tabellnummer(*kjelder):
    for k in kjelder:
        funne = re.search(r"(?<!\d)(\d{5})(?!\d)", k or "")
        if funne:
            return funne.group(1)
    return None


def _ikkje_jsonstat(grunn):
    return Lesefeil(_("The file is not a JSON-stat 2.0 dataset: %(grunn)s") % {"grunn": grunn})


def les_jsonstat_tekst(tekst, filnamn=""):
    try:
        data = json.loads(tekst, parse_float=Decimal)
    except ValueError as exc:
        raise Lesefeil(
            _("The file is not valid JSON (%(feil)s). Download the table again as JSON-stat 2.0.") % {"feil": exc}
        ) from None
    if not isinstance(data, dict):
        raise _ikkje_jsonstat(_("it is not a JSON object."))
    klasse = data.get("class")
    if klasse is None and data and all(isinstance(v, dict) and "dimension" in v for v in data.values()):
        raise _ikkje_jsonstat(_("it is JSON-stat 1.0 (a bundle). Choose JSON-stat 2.0 when downloading."))
    if klasse != "dataset":
        raise _ikkje_jsonstat(
            _("its class is «%(klasse)s», not «dataset». Download one table.") % {"klasse": klasse or "–"}
        )
    idar, storleik, dimensjonar = data.get("id"), data.get("size"), data.get("dimension")
    if not (isinstance(idar, list) and isinstance(storleik, list) and isinstance(dimensjonar, dict)):
        raise _ikkje_jsonstat(_("it lacks «id», «size» or «dimension»."))
    if len(idar) != len(storleik) or not all(isinstance(s, int) and s >= 0 for s in storleik):
        raise _ikkje_jsonstat(_("«id» and «size» do not match."))
    kategoriar, dim_namn = [], {}
    for dim_id, n in zip(idar, storleik, strict=True):
        dim = dimensjonar.get(dim_id)
        if not isinstance(dim, dict) or not isinstance(dim.get("category"), dict):
            raise _ikkje_jsonstat(_("the dimension «%(dim)s» is missing or has no categories.") % {"dim": dim_id})
        kat = _kategoriar(dim_id, dim["category"])
        if len(kat) != n:
            raise _ikkje_jsonstat(
                _("the dimension «%(dim)s» has %(n)s categories where «size» says %(s)s.")
                % {"dim": dim_id, "n": len(kat), "s": n}
            )
        kategoriar.append(kat)
        dim_namn[dim_id] = str(dim.get("label") or dim_id)
    rolle = data.get("role") if isinstance(data.get("role"), dict) else {}
    geo = _finn_dimensjon(idar, rolle.get("geo"), ("region", "kommuneregion", "geo"))
    tid = _finn_dimensjon(idar, rolle.get("time"), ("tid", "år", "aar", "year", "time"))
    metrikk = _finn_dimensjon(idar, rolle.get("metric"), ("contentscode", "statistikkvariabel", "contents"))
    for namn, d in ((_("region"), geo), (_("year"), tid), (_("statistics variable"), metrikk)):
        if d is None:
            raise _ikkje_jsonstat(_("no dimension gives the %(kva)s.") % {"kva": namn})
    ekstra = data.get("extension") if isinstance(data.get("extension"), dict) else {}
    px = ekstra.get("px") if isinstance(ekstra.get("px"), dict) else {}
    tabell = _tabellnummer(str(px.get("tableid") or ""), str(data.get("label") or ""), str(data.get("href") or ""), filnamn)
    if tabell is None:
        raise Lesefeil(
            _("The file does not say which Statistikkbanken table it is (no five-digit table number).")
        )
    n = math.prod(storleik)
    if n > MAKS_CELLER:
        raise Lesefeil(_("The table has more than %(n)s cells; choose fewer regions or years.") % {"n": MAKS_CELLER})
    verdiar = _verdiar(data.get("value"), n)
    statusar = _statusar(data.get("status"), n)
    posisjon = {d: i for i, d in enumerate(idar)}
    aar_feil = sorted({k for k, _namn in kategoriar[posisjon[tid]] if not re.fullmatch(r"\d{4}", k)})
    if aar_feil:
        raise Lesefeil(
            _("Only yearly statistics can be imported; the time «%(tid)s» is not a year.") % {"tid": aar_feil[0]}
        )
    rader, feil = [], []
    # row-major: the last dimension in `id` changes fastest
    for i, celle in enumerate(itertools.product(*kategoriar)):
        koder = dict(zip(idar, celle, strict=True))
        variabel, variabel_namn = koder[metrikk]
        for d, (kode, namn) in koder.items():
            if d not in (geo, tid, metrikk) and storleik[posisjon[d]] > 1:
                variabel, variabel_namn = f"{variabel}|{d}={kode}", f"{variabel_namn} ({dim_namn[d]}: {namn})"
        verdi = verdiar.get(i)
        try:
            verdi = _sjekk_tal(verdi)
        except Lesefeil as exc:
            feil.extend(exc.meldingar)
            continue
        rader.append(
            Rad(tabell, variabel, variabel_namn, _normal_kode(koder[geo][0]), koder[geo][1], int(koder[tid][0]), verdi, statusar.get(i, ""))
        )
    return _ferdig(rader, feil)


def _kategoriar(dim_id, kategori):
    """[(id, label)] of a dimension in its index order."""
    indeks, etikettar = kategori.get("index"), kategori.get("label")
    if etikettar is not None and not isinstance(etikettar, dict):
        raise _ikkje_jsonstat(_("the labels of «%(dim)s» are not an object.") % {"dim": dim_id})
    etikettar = etikettar or {}
    if indeks is None:
        if len(etikettar) != 1:
            raise _ikkje_jsonstat(_("the dimension «%(dim)s» has no «index».") % {"dim": dim_id})
        idar = list(etikettar)
    elif isinstance(indeks, list):
        idar = [str(k) for k in indeks]
    elif isinstance(indeks, dict):
        plass = sorted(indeks.items(), key=lambda kv: kv[1] if isinstance(kv[1], int) else -1)
        if [p for _k, p in plass] != list(range(len(plass))):
            raise _ikkje_jsonstat(_("the index of «%(dim)s» does not number its categories 0, 1, 2 …") % {"dim": dim_id})
        idar = [str(k) for k, _p in plass]
    else:
        raise _ikkje_jsonstat(_("the index of «%(dim)s» is neither a list nor an object.") % {"dim": dim_id})
    if len(set(idar)) != len(idar):
        raise _ikkje_jsonstat(_("the dimension «%(dim)s» names a category twice.") % {"dim": dim_id})
    return [(k, str(etikettar.get(k, k))) for k in idar]


def _finn_dimensjon(idar, rolle, namn):
    if isinstance(rolle, list):
        for d in rolle:
            if d in idar:
                return d
    for d in idar:
        lag = d.lower()
        if any(n in lag for n in namn):
            return d
    return None


def _verdiar(value, n):
    if isinstance(value, list):
        if len(value) != n:
            raise _ikkje_jsonstat(
                _("it has %(v)s values where its dimensions make %(n)s cells.") % {"v": len(value), "n": n}
            )
        return {i: v for i, v in enumerate(value) if v is not None}
    if isinstance(value, dict):  # sparse: position → value
        ut = {}
        for k, v in value.items():
            if not (str(k).isdecimal() and int(k) < n):
                raise _ikkje_jsonstat(_("the value key «%(k)s» is not a cell of the table.") % {"k": k})
            if v is not None:
                ut[int(k)] = v
        return ut
    raise _ikkje_jsonstat(_("it has no «value»."))


def _statusar(status, n):
    if status is None:
        return {}
    if isinstance(status, str):
        return dict.fromkeys(range(n), status)
    if isinstance(status, list):
        if len(status) == 1:
            return dict.fromkeys(range(n), str(status[0] or ""))
        if len(status) != n:
            raise _ikkje_jsonstat(_("its «status» list does not have one entry per cell."))
        return {i: str(s) for i, s in enumerate(status) if s}
    if isinstance(status, dict):
        return {int(k): str(v) for k, v in status.items() if str(k).isdecimal() and v}
    raise _ikkje_jsonstat(_("its «status» is neither text, a list nor an object."))


def _sjekk_tal(verdi):
    if verdi is None:
        return None
    if isinstance(verdi, bool) or not isinstance(verdi, (int, Decimal)):
        raise Lesefeil(_("The value «%(v)s» is not a number.") % {"v": verdi})
    verdi = Decimal(verdi)
    if not verdi.is_finite():
        raise Lesefeil(_("The value «%(v)s» is not a number.") % {"v": verdi})
    if -verdi.as_tuple().exponent > MAKS_DESIMALAR:
        raise Lesefeil(
            _("The value %(v)s has more than %(n)s decimals; it is not rounded.") % {"v": verdi, "n": MAKS_DESIMALAR}
        )
    if abs(verdi) >= Decimal(10) ** 18:
        raise Lesefeil(_("The value %(v)s is too large.") % {"v": verdi})
    return verdi


def _ferdig(rader, feil):
    if feil:
        raise Lesefeil(*feil[:20])
    sett, dobbel = set(), []
    for r in rader:
        if r.celle in sett:
            dobbel.append(r)
        sett.add(r.celle)
    if dobbel:
        r = dobbel[0]
        raise Lesefeil(
            _("The file gives %(var)s for %(region)s in %(aar)s twice.")
            % {"var": r.variabel_namn, "region": r.region_namn, "aar": r.aar}
        )
    if not any(r.verdi is not None or r.status for r in rader):
        raise Lesefeil(_("The file has no rows with values."))
    return rader


# --- CSV ----------------------------------------------------------------------------------

_AAR_KOLONNE = re.compile(r"^(?:(?P<var>.*\S)\s+)?(?P<aar>\d{4})$")
_TAL = re.compile(r"^(?P<tal>[-−]?\d[\d \u00a0]*(?:[.,]\d+)?)\s*(?P<flagg>[A-Za-z*]{1,3})?$")


def _finn_skiljeteikn(linjer):
    for linje in linjer:
        for teikn in (";", "\t", ","):
            if teikn in linje:
                return teikn
    return ";"


def les_csv_tekst(tekst, filnamn=""):
    linjer = tekst.splitlines()
    teikn = _finn_skiljeteikn(linjer[:20])
    try:
        rader = list(csv.reader(io.StringIO(tekst), delimiter=teikn, quotechar='"'))
    except csv.Error as exc:
        raise Lesefeil(_("The CSV file cannot be read (%(feil)s).") % {"feil": exc}) from None
    hovud_nr, tittel = None, ""
    for nr, rad in enumerate(rader[:15]):
        celler = [c.strip().lower() for c in rad]
        if len(rad) >= 2 and any(c == "region" or c.startswith("region") for c in celler):
            hovud_nr = nr
            break
        if len(rad) == 1 and rad[0].strip() and not tittel:
            tittel = rad[0].strip()
    if hovud_nr is None:
        if rader and len(rader[0]) >= 2:
            raise Lesefeil(
                _(
                    "The CSV file has no «region» column. Download the table from Statistikkbanken as "
                    "«semicolon separated with heading» with the regions as rows."
                )
            )
        raise Lesefeil(
            _("The file is neither a JSON-stat 2.0 dataset nor a CSV table from Statistikkbanken.")
        )
    tabell = _tabellnummer(tittel, filnamn)
    if tabell is None:
        raise Lesefeil(
            _(
                "The file does not say which Statistikkbanken table it is: keep the title line "
                "(«12362: …») or the table number in the file name."
            )
        )
    hovud = [h.strip() for h in rader[hovud_nr]]
    lag = [h.lower() for h in hovud]
    region_k = next(i for i, h in enumerate(lag) if h == "region" or h.startswith("region"))
    var_k = next((i for i, h in enumerate(lag) if h in ("statistikkvariabel", "contents", "statistikkvariabel/contents")), None)
    tid_k = next((i for i, h in enumerate(lag) if h in ("år", "aar", "year", "tid", "time")), None)
    aar_k = {i: _AAR_KOLONNE.match(h) for i, h in enumerate(hovud) if i not in (region_k, var_k, tid_k)}
    aar_k = {i: m for i, m in aar_k.items() if m}
    if tid_k is not None:
        verdi_k = [i for i in range(len(hovud)) if i not in (region_k, var_k, tid_k)]
        if len(verdi_k) < 1:
            raise Lesefeil(_("The CSV file has a year column but no column of values."))
        verdi_k, andre = verdi_k[-1], verdi_k[:-1]
    else:
        if not aar_k:
            raise Lesefeil(
                _("The CSV file has no year columns («2023» or «<variable> 2023») and no «år» column.")
            )
        andre = [i for i in range(len(hovud)) if i not in (region_k, var_k) and i not in aar_k]
        if var_k is None and any(m.group("var") is None for m in aar_k.values()):
            raise Lesefeil(_("The CSV file has no «statistikkvariabel» column and its year columns name no variable."))
    ut, feil = [], []
    for nr, rad in enumerate(rader[hovud_nr + 1 :], start=hovud_nr + 2):
        if not any(c.strip() for c in rad):
            continue
        if len(rad) == 1 or (len(rad) < len(hovud) and not rad[region_k:region_k + 1]):
            continue  # footnotes under the table
        if len(rad) < len(hovud):
            feil.append(_("Row %(rad)s has %(n)s columns; the heading has %(m)s.") % {"rad": nr, "n": len(rad), "m": len(hovud)})
            continue
        region, region_namn = _region(rad[region_k])
        if var_k is not None:
            basis = _variabel(rad[var_k])
        else:
            basis = None
        tillegg = [(hovud[i], rad[i].strip()) for i in andre if rad[i].strip()]
        if tid_k is not None:
            celler = [(rad[tid_k].strip(), basis, rad[verdi_k])]
        else:
            celler = [
                (m.group("aar"), basis if basis else _variabel(m.group("var")), rad[i]) for i, m in aar_k.items()
            ]
        for aar, (variabel, variabel_namn), tekst_verdi in celler:
            for h, v in tillegg:
                variabel, variabel_namn = f"{variabel}|{h}={v}", f"{variabel_namn} ({h}: {v})"
            if not re.fullmatch(r"\d{4}", aar):
                feil.append(_("Row %(rad)s: the time «%(tid)s» is not a year.") % {"rad": nr, "tid": aar})
                continue
            try:
                verdi, status = _csv_verdi(tekst_verdi)
            except Lesefeil as exc:
                feil.append(_("Row %(rad)s: %(feil)s") % {"rad": nr, "feil": exc.meldingar[0]})
                continue
            ut.append(Rad(tabell, variabel, variabel_namn, region, region_namn, int(aar), verdi, status))
            if len(ut) > MAKS_CELLER:
                raise Lesefeil(_("The table has more than %(n)s cells; choose fewer regions or years.") % {"n": MAKS_CELLER})
    return _ferdig(ut, feil)


def _csv_verdi(tekst):
    """(Decimal or None, status) of a CSV cell: «97,3», «12 345», «-4,2», «..», «:», «12,3 p»."""
    tekst = tekst.strip()
    if tekst in MANGLAR or tekst == "":
        return None, tekst
    funne = _TAL.match(tekst)
    if not funne:
        raise Lesefeil(_("«%(v)s» is not a number.") % {"v": tekst})
    tal = funne.group("tal").replace(" ", "").replace("\u00a0", "").replace("−", "-")
    if "," in tal:
        tal = tal.replace(".", "").replace(",", ".")
    try:
        return _sjekk_tal(Decimal(tal)), funne.group("flagg") or ""
    except InvalidOperation:
        raise Lesefeil(_("«%(v)s» is not a number.") % {"v": tekst}) from None


# --- values for indicators (interface 3) --------------------------------------------------


def verdiar_for(indikator_ids):
    """{indikator_id: {regiontype: {aar: Decimal}}} for the kommune, its KOSTRA group, its fylke
    and the country (`regionar()`), from the imported statistics mapped to these indicators.
    One query whatever the number of indicators and values; cells without a number are left out."""
    from django.db.models import OuterRef, Subquery

    from .models import Statistikkkopling, Statistikkverdi

    ids = [i for i in indikator_ids]
    ut = {i: {} for i in ids}
    if not ids:
        return ut
    regionar_ = regionar()
    type_for_kode = {kode: rt for rt, kode in regionar_.items()}
    kopling = Statistikkkopling.objects.filter(
        tabell=OuterRef("tabell"), variabel=OuterRef("variabel"), indikator_id__in=ids
    ).values("indikator_id")[:1]
    rader = (
        Statistikkverdi.objects.filter(region__in=list(type_for_kode), verdi__isnull=False)
        .annotate(indikator_id=Subquery(kopling))
        .filter(indikator_id__isnull=False)
        .values_list("indikator_id", "region", "aar", "verdi")
        .order_by("aar")
    )
    for indikator_id, region, aar, verdi in rader:
        ut[indikator_id].setdefault(type_for_kode[region], {})[aar] = verdi
    return ut


def vis_tal(verdi, desimalar=0):
    """A value the Norwegian way («97,3», «12 345», «−4,25»): at least `desimalar` decimals,
    and every decimal the value has beyond that (never rounded)."""
    if verdi is None:
        return ""
    verdi = Decimal(verdi)
    normal = verdi.normalize() if verdi != 0 else Decimal(0)
    eigne = max(0, -normal.as_tuple().exponent)
    tekst = f"{abs(verdi):.{max(eigne, desimalar)}f}"
    heil, _punktum, des = tekst.partition(".")
    grupper = []
    while len(heil) > 3:
        grupper.insert(0, heil[-3:])
        heil = heil[:-3]
    grupper.insert(0, heil)
    ut = "\u00a0".join(grupper) + ("," + des if des else "")
    return ("\u2212" if verdi < 0 else "") + ut
