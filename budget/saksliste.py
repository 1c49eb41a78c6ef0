"""A meeting's case list as the politisk sekretariat has it: pasted from a sakskart or a
møteprotokoll, or a spreadsheet (XLSX/CSV). Pure parsing: no queries, no writes; the case
types are passed in, and every problem comes back as a `Feil` with the row the user sees
(the line of the pasted text, the spreadsheet's row), so the preview lists them all before
anything is saved.

What a pasted line may look like:
- «PS 24/20 Godkjenning av protokoll», «OS 76/14 Orientering om …», «169/14 Tittel»,
  also «PS 24/20 - Tittel», «PS 24/20: Tittel» and a table of contents's dot leaders and page
  number («PS 24/20 Tittel ........ 3»);
- columns separated by tabs (a table copied from Word, Excel or the archive) or semicolons:
  case number, title, then in any order an archive case («18/01572»), a case type (its name
  or series prefix) and a marker;
- a marker anywhere on the line: «U.off.» / «Unnateke offentlegheit» (also the Bokmål
  «Unntatt offentlighet»), optionally with its legal basis («U.off. § 13», «u.off. jf.
  offl. § 23»), makes the case exempt from public access (legal basis: the one given, else
  offentleglova § 13); «Lukka» / «Lukka møte» (also «Lukket møte») as its own column, in
  brackets, or at the start or end of the title makes it a closed case (kommunelova § 11-5).
  Markers are removed from the title. Inside a title the word «lukka» is left alone
  («Lukka avdeling på Knarvik» is a title, not a closed case).

Lines skipped without a word: blank lines, a header row («Saksnr.\\tTittel»,
«Sak;Tittel;Arkivsak»), and the section headings of a sakskart («Saker til handsaming»,
«Referatsaker», «Orienteringssaker» …). Any other line without a case number is reported as
an error with its row: it may be a title wrapped onto a second line, and guessing would save
a wrong title. Extra columns that are none of the above are ignored.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from alver.lib.importering import Feil, Importfeil, les_fil

from . import saksnummer as sn

MAKS_TITTEL = 500  # Vedtak.tittel
MAKS_SAKSNUMMER = 50  # Vedtak.saksnummer
MAKS_ARKIVSAK = 50  # Vedtak.arkivsak
MAKS_HEIMEL = 200  # Vedtak.heimel

UNNATEKE, LUKKA = "unnateke", "lukka"  # Vedtak.Skjerming
HEIMEL_UNNATEKE = "offentleglova § 13"
HEIMEL_LUKKA = "kommunelova § 11-5"

# a legal reference: «§ 13», «offl. § 13 første ledd», «jf. offentleglova § 23, jf. fvl. § 13 nr. 1»
_LOV = r"(?:offl\.?|offentleglova|offentlegl\.?|offentlighetsloven|fvl\.?|forvaltningslova|forvaltningsloven|koml\.?|kommunelova|kommuneloven)"
_PARAGRAF = (
    rf"(?:{_LOV}\s*)?§\s*\d+(?:\s*-\s*\d+)?[a-z]?(?!\w)"
    r"(?:\s*(?:fyrste|første|andre|tredje|fjerde)\s+ledd)?(?:\s*nr\.?\s*\d+)?"
)
_HEIMEL = rf"(?:jf\.?\s*)?{_PARAGRAF}(?:\s*,?\s*jf\.?\s*{_PARAGRAF})*"
_UOFF = re.compile(
    rf"[(\[]?\s*(?<!\w)(?:u\.\s*off\b\.?|uoff\b\.?|unnateke\s+offentlegheit|unntatt\s+offentlighet)"
    rf"(?:\s*[,:]?\s*(?P<heimel>{_HEIMEL}))?\s*[)\]]?",
    re.IGNORECASE,
)
_LUKKA_ORD = r"(?:lukka|lukket)(?:\s+møte)?"
_LUKKA_HEIL = re.compile(rf"^\s*{_LUKKA_ORD}\s*$", re.IGNORECASE)
_LUKKA_KLAMME = re.compile(
    rf"[(\[]\s*{_LUKKA_ORD}(?:\s*,?\s*(?:jf\.?\s*)?{_PARAGRAF})?\s*[)\]]", re.IGNORECASE
)
_LUKKA_ENDE = re.compile(rf"(?:^\s*{_LUKKA_ORD}\s*[-–:]\s+|\s+[-–]\s*{_LUKKA_ORD}\s*$)", re.IGNORECASE)
_LUKKA_MOTE_ENDE = re.compile(r"\s+(?:lukka|lukket)\s+møte\s*$", re.IGNORECASE)

# a free line: the case number (with a year: «PS 24/20», «169/14», «PS 2026/45») then the title
_FRI_LINJE = re.compile(
    r"^\s*(?P<nr>(?:[^\W\d_]{1,6}[\s.\-]*)?\d{1,4}\s*/\s*\d{1,4})(?![\d/])\s*(?:[-–:.]\s+|[-–:]|\s+)?(?P<tittel>.*)$"
)
# an archive case: «18/01572», «2018/1572», «18/01572-3»
_ARKIVSAK = re.compile(r"^\d{2,4}/\d{1,7}(?:-\d+)?$")
# at the end of a free line only the unmistakable form (2-digit year, 5+ digit serial), or after the word
_ARKIVSAK_ENDE = re.compile(
    r"\s+(?:(?:arkivsak(?:snr|snummer|-dok)?\.?|arkiv)\s*:?\s*(?P<a>\d{2,4}/\d{1,7}(?:-\d+)?)|(?P<b>\d{2}/\d{5,7}(?:-\d+)?))\s*$",
    re.IGNORECASE,
)
# a table of contents's dot leaders and page number («Tittel ........ 3»); a lone «…» is the title's
_PRIKKAR = re.compile(r"\s*(?:\.{4,}[\s.]*\d*|(?:\.{3}|…)[\s.…]*\d+)\s*$")
_ORDINAL = re.compile(r"^\s*\d{1,3}[.)]\s+(?=\S)")

# header cells and section headings, compared lower-case without dots, colons or extra spaces
_HOVUD_NR = {
    "saksnr",
    "saksnummer",
    "sak",
    "sak nr",
    "saknr",
    "sak nummer",
    "nr",
    "case number",
    "case no",
    "case",
}
_HOVUD_TITTEL = {"tittel", "sakstittel", "sak tittel", "title", "innhald", "sak"}
_OVERSKRIFTER = {
    "saksliste", "sakliste", "sakskart", "innkalling", "møteinnkalling", "møteprotokoll", "protokoll",
    "saker til handsaming", "saker til behandling", "sakar til handsaming", "saker", "politiske saker",
    "referatsaker", "referatsakar", "referatsaker til orientering", "orienteringssaker", "orienteringssakar",
    "orienteringar", "orienteringer", "delegerte saker", "delegerte vedtak", "delegerte saker/vedtak",
    "meldingar", "meldinger", "meldingssaker", "interpellasjonar", "interpellasjoner", "spørsmål",
    "interpellasjonar og spørsmål", "interpellasjoner og spørsmål", "eventuelt", "lukka møte",
    "lukket møte", "open møte", "åpent møte",
}  # fmt: skip

KOLONNER = {
    **dict.fromkeys(
        [
            "saksnummer",
            "saksnr",
            "saksnr.",
            "sak",
            "sak_nr",
            "sak_nr.",
            "saknr",
            "case_number",
            "case_no",
            "case",
        ],
        "saksnummer",
    ),
    **dict.fromkeys(["tittel", "sakstittel", "title", "case_title"], "tittel"),
    **dict.fromkeys(
        ["arkivsak", "arkivsaksnr", "arkivsaksnr.", "arkivsak_nr", "arkivsaksnummer", "archive_case"],
        "arkivsak",
    ),
    **dict.fromkeys(["sakstype", "type", "case_type"], "sakstype"),
    **dict.fromkeys(
        [
            "skjerming",
            "u.off",
            "u.off.",
            "u_off",
            "uoff",
            "unnateke_offentlegheit",
            "public_access",
            "exempt",
        ],
        "skjerming",
    ),
    **dict.fromkeys(["heimel", "hjemmel", "legal_basis"], "heimel"),
    **dict.fromkeys(["gir_oppdrag", "gives_assignments"], "gir_oppdrag"),
}


@dataclass
class Sakrad:
    """One case of the list, as the preview shows it and `legg_til_saker` saves it."""

    rad: int
    saksnummer: str
    tittel: str
    arkivsak: str = ""
    sakstype: object = None  # a Sakstype, or None when the kommune has none
    gir_oppdrag: bool = False
    skjerming: str = ""
    heimel: str = ""
    ansvarleg_sektor: object = None  # chosen in the preview
    frist: object = None  # a date, chosen in the preview

    def som_sak(self):
        """The case as Vedtak field values; an exempt or closed case gets a neutral public title
        (the sekretariat writes a better one on the case's page)."""
        return {
            "saksnummer": self.saksnummer,
            "tittel": self.tittel,
            "arkivsak": self.arkivsak,
            "sakstype": self.sakstype,
            "gir_oppdrag": self.gir_oppdrag,
            "skjerming": self.skjerming,
            "heimel": self.heimel,
            "offentleg_tittel": _("Exempt from public access") if self.skjerming else "",
            "tekst": "",
            "ansvarleg_sektor": self.ansvarleg_sektor,
            "frist": self.frist,
        }


def dekod(innhald):
    """The text of a pasted or uploaded text file: UTF-8 (with or without BOM), UTF-16 with a
    BOM (Excel's «Unicode text»), else Windows-1252 (Norwegian Windows and older Excel)."""
    if innhald.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return innhald.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return innhald.decode("utf-8-sig")
    except UnicodeDecodeError:
        return innhald.decode("cp1252", errors="replace")


def _enkel(tekst):
    return " ".join(str(tekst).replace(".", " ").replace(":", " ").split()).casefold()


def _normal_heimel(heimel):
    heimel = " ".join(heimel.split())
    heimel = re.sub(r"^jf\.?\s*", "", heimel, flags=re.IGNORECASE)
    heimel = re.sub(r"^offl\.?\s*(?=§)", "offentleglova ", heimel, flags=re.IGNORECASE)
    return f"offentleglova {heimel}" if heimel.startswith("§") else heimel


def _fjern_markorar(tekst):
    """(text without markers, skjerming, heimel) for one cell or line."""
    skjerming, heimel = "", ""
    m = _UOFF.search(tekst)
    if m:
        skjerming = UNNATEKE
        heimel = _normal_heimel(m["heimel"]) if m["heimel"] else HEIMEL_UNNATEKE
        tekst = tekst[: m.start()] + " " + tekst[m.end() :]
    for monster in (_LUKKA_KLAMME, _LUKKA_ENDE, _LUKKA_MOTE_ENDE):
        m = monster.search(tekst)
        if m:
            tekst = tekst[: m.start()] + " " + tekst[m.end() :]
            if not skjerming:  # an exempt case in a closed meeting keeps its own legal basis
                skjerming, heimel = LUKKA, HEIMEL_LUKKA
            break
    return _rydd(tekst), skjerming, heimel


def _rydd(tittel):
    tittel = " ".join(tittel.split())
    return tittel.strip(" -–:;,")


def _finn_sakstype(verdi, sakstypar):
    v = _enkel(verdi)
    for s in sakstypar:
        if v in (_enkel(s.namn), _enkel(s.prefiks or "\0")):
            return s
    return None


def _gjett_sakstype(nr, sakstypar):
    p = sn.prefiks(nr)
    if p:
        for s in sakstypar:
            if (s.prefiks or "").strip().upper() == p:
                return s
    return standard_sakstype(sakstypar)


def standard_sakstype(sakstypar):
    """The type of a case whose number tells none: the one with prefix PS, else the first that
    gives assignments, else the first."""
    sakstypar = list(sakstypar)
    for s in sakstypar:
        if (s.prefiks or "").strip().upper() == "PS":
            return s
    return next((s for s in sakstypar if s.gir_oppdrag), sakstypar[0] if sakstypar else None)


def _er_hovud(celler):
    celler = [_enkel(c) for c in celler if c.strip()]
    if len(celler) >= 2:
        return celler[0] in _HOVUD_NR and celler[1] in _HOVUD_TITTEL | {_enkel(k) for k in KOLONNER}
    # «Saksnr. Tittel» with spaces between
    return len(celler) == 1 and any(
        celler[0].startswith(nr + " ") and celler[0][len(nr) + 1 :] in _HOVUD_TITTEL for nr in _HOVUD_NR
    )


def _overskrift(linje):
    """The heading a line is («referatsaker»), or None."""
    tekst = re.sub(
        r"^\s*(?:\d+|[a-zæøå]|[ivx]+)[.)]\s+", "", linje.strip(), flags=re.IGNORECASE
    )  # «2. Referatsaker»
    tekst = _enkel(tekst).rstrip(" ,;")
    return tekst if tekst in _OVERSKRIFTER else None


class _Lesar:
    """Builds the rows and errors of one list; shared by the text and the file readers."""

    def __init__(self, kjelde, sakstypar, aar):
        self.kjelde, self.sakstypar, self.aar = kjelde, list(sakstypar), aar
        self.rader, self.feil, self.sett = [], [], {}
        self.lukka_seksjon = False  # under a «Lukka møte» heading every case is closed

    def feil_(self, rad, melding):
        self.feil.append(Feil(self.kjelde, rad, melding))

    def legg_til(
        self, rad, nr, tittel, *, arkivsak="", sakstype=None, gir_oppdrag=None, skjerming="", heimel=""
    ):
        nr, arkivsak = " ".join(nr.split()), arkivsak.strip()
        tittel, s2, h2 = _fjern_markorar(tittel)
        if s2 and not skjerming:
            skjerming, heimel = s2, h2
        if self.lukka_seksjon and not skjerming:
            skjerming, heimel = LUKKA, HEIMEL_LUKKA
        ok = True
        if not nr:
            self.feil_(rad, _("The case number is missing."))
            ok = False
        elif len(nr) > MAKS_SAKSNUMMER:
            self.feil_(
                rad,
                _("The case number is %(n)s characters long; at most %(maks)s are allowed.")
                % {"n": len(nr), "maks": MAKS_SAKSNUMMER},
            )
            ok = False
        if not tittel:
            self.feil_(rad, _("The title is missing."))
        elif len(tittel) > MAKS_TITTEL:
            self.feil_(
                rad,
                _("The title is %(n)s characters long; at most %(maks)s are allowed. Shorten it in the list.")
                % {"n": len(tittel), "maks": MAKS_TITTEL},
            )
        if len(arkivsak) > MAKS_ARKIVSAK:
            self.feil_(
                rad, _("The archive case is longer than %(maks)s characters.") % {"maks": MAKS_ARKIVSAK}
            )
        if len(heimel) > MAKS_HEIMEL:
            self.feil_(rad, _("The legal basis is longer than %(maks)s characters.") % {"maks": MAKS_HEIMEL})
        if ok:
            k = sn.nokkel(nr, self.aar)
            if k in self.sett:
                self.feil_(
                    rad,
                    _("Case %(nr)s is also on row %(rad)s.") % {"nr": nr, "rad": self.sett[k]},
                )
            else:
                self.sett[k] = rad
        if sakstype is None:
            sakstype = _gjett_sakstype(nr, self.sakstypar)
        if sakstype is None:
            self.feil_(rad, _("No case type is set up. Add one before adding cases."))
        if gir_oppdrag is None:
            gir_oppdrag = bool(sakstype and sakstype.gir_oppdrag)
        self.rader.append(
            Sakrad(
                rad=rad,
                saksnummer=nr,
                tittel=tittel,
                arkivsak=arkivsak,
                sakstype=sakstype,
                gir_oppdrag=gir_oppdrag,
                skjerming=skjerming,
                heimel=heimel,
            )
        )

    def resultat(self):
        if not self.rader and not self.feil:
            self.feil_(0, _("The list has no cases."))
        self.feil.sort(key=lambda f: f.rad)
        return self.rader, self.feil


def les_tekst(tekst, sakstypar, aar=None, kjelde=None):
    """(rows, errors) of a pasted case list; a row is the line number. `aar`: the meeting's
    year, for case numbers written without one and for finding the same case written two ways.
    `kjelde`: the file's name when the text came in a file."""
    lesar = _Lesar(kjelde or _("Pasted list"), sakstypar, aar)
    for rad, linje in enumerate(tekst.splitlines(), start=1):
        if not linje.strip():
            continue
        if "\t" in linje:
            celler = linje.split("\t")
        elif ";" in linje:
            celler = linje.split(";")
        else:
            celler = [linje]
        celler = [c.strip() for c in celler]
        while celler and not celler[0]:
            celler.pop(0)
        while celler and not celler[-1]:
            celler.pop()
        if not celler or _er_hovud(celler):
            continue
        if overskrift := _overskrift(" ".join(celler)):
            lesar.lukka_seksjon = overskrift in ("lukka møte", "lukket møte")
            continue
        if len(celler) == 1:
            _les_fri_linje(lesar, rad, celler[0])
        else:
            _les_kolonnar(lesar, rad, celler)
    return lesar.resultat()


def _les_fri_linje(lesar, rad, linje):
    linje = _ORDINAL.sub("", _PRIKKAR.sub("", linje))
    utan, skjerming, heimel = _fjern_markorar(linje)
    m = _FRI_LINJE.match(utan)
    if not m:
        if not utan:
            return  # a marker alone on a line
        lesar.feil_(
            rad,
            _(
                "«%(linje)s» does not start with a case number such as PS 24/2026. Remove the line or add the number."
            )
            % {"linje": linje if len(linje) <= 60 else linje[:57] + "…"},
        )
        return
    tittel, arkivsak = m["tittel"], ""
    a = _ARKIVSAK_ENDE.search(tittel)
    if a:
        arkivsak, tittel = a["a"] or a["b"], tittel[: a.start()]
    lesar.legg_til(rad, m["nr"], tittel, arkivsak=arkivsak, skjerming=skjerming, heimel=heimel)


def _er_nummer(celle):
    m = _FRI_LINJE.match(celle)
    return bool(m and not m["tittel"])


def _les_kolonnar(lesar, rad, celler):
    if re.fullmatch(r"\d{1,3}[.)]?", celler[0]) and len(celler) >= 3 and _er_nummer(celler[1]):
        celler = celler[1:]  # a running number before the case number
    nr, tittel, resten = celler[0], celler[1], celler[2:]
    if not any(ch.isdigit() for ch in nr):
        # «Tittel\t18/01572»: the number is missing
        lesar.legg_til(rad, "", nr if _ARKIVSAK.match(tittel) else f"{nr} {tittel}")
        return
    m = _FRI_LINJE.match(nr)
    if m and m["tittel"] and nr[m.end("nr") : m.end("nr") + 1] in (" ", ":"):
        # «PS 24/20 Tittel\t18/01572»: number and title share the first column
        nr, resten, tittel = m["nr"], [tittel, *resten], m["tittel"]
    elif _ARKIVSAK.match(tittel) and resten:
        # «PS 24/20\t18/01572\tTittel»: the archive case before the title
        resten, tittel = [tittel, *resten[1:]], resten[0]
    arkivsak, sakstype, skjerming, heimel = "", None, "", ""
    for celle in resten:
        if not celle:
            continue
        if _ARKIVSAK.match(celle) and not arkivsak:
            arkivsak = celle
            continue
        utan, s, h = _fjern_markorar(celle)
        if s and not utan:
            skjerming, heimel = s, h
            continue
        if _LUKKA_HEIL.match(celle):
            skjerming, heimel = LUKKA, HEIMEL_LUKKA
            continue
        if st := _finn_sakstype(celle, lesar.sakstypar):
            sakstype = st
        # anything else (a date, a case officer) is not ours to read
    lesar.legg_til(rad, nr, tittel, arkivsak=arkivsak, sakstype=sakstype, skjerming=skjerming, heimel=heimel)


_JA = {"ja", "j", "yes", "y", "x", "1", "true", "sann"}
_NEI = {"nei", "n", "no", "0", "false", "usann", "-"}


def les_fil_(filnamn, innhald, sakstypar, aar=None):
    """(rows, errors) of an XLSX or CSV file with a header row (Norwegian or English column
    names, see KOLONNER). Raises `Importfeil` when the file as a whole cannot be read."""
    rader = les_fil(filnamn, innhald, KOLONNER, paakravd=["saksnummer", "tittel"])
    lesar = _Lesar(filnamn, sakstypar, aar)
    for r in rader:
        rad = r["rad"]
        sakstype = None
        if verdi := r.get("sakstype", ""):
            sakstype = _finn_sakstype(verdi, lesar.sakstypar)
            if sakstype is None:
                lesar.feil_(
                    rad,
                    _("Unknown case type «%(type)s». Use one of: %(typar)s.")
                    % {"type": verdi, "typar": ", ".join(s.namn for s in lesar.sakstypar)},
                )
                continue
        gir_oppdrag = None
        if verdi := _enkel(r.get("gir_oppdrag", "")):
            if verdi in _JA | _NEI:
                gir_oppdrag = verdi in _JA
            else:
                lesar.feil_(rad, _("«Gives assignments» must be yes or no."))
                continue
        skjerming, heimel = "", ""
        if verdi := r.get("skjerming", "").strip():
            if _enkel(verdi) in _NEI | {"open", "ope", "åpen"}:
                pass
            elif _LUKKA_HEIL.match(verdi) or _enkel(verdi) in {"closed", "lukka", "lukket"}:
                skjerming, heimel = LUKKA, HEIMEL_LUKKA
            elif _enkel(verdi) in _JA | {"unnateke", "unntatt", "exempt"}:
                skjerming, heimel = UNNATEKE, HEIMEL_UNNATEKE
            else:
                utan, skjerming, heimel = _fjern_markorar(verdi)
                if not skjerming or utan:
                    lesar.feil_(
                        rad,
                        _(
                            "Public access «%(verdi)s» is not understood. Write U.off. (with its legal basis), Lukka or leave it empty."
                        )
                        % {"verdi": verdi},
                    )
                    continue
        if verdi := r.get("heimel", "").strip():
            if not skjerming:
                skjerming = UNNATEKE
            heimel = _normal_heimel(verdi)
        lesar.legg_til(
            rad,
            r.get("saksnummer", ""),
            r.get("tittel", ""),
            arkivsak=r.get("arkivsak", ""),
            sakstype=sakstype,
            gir_oppdrag=gir_oppdrag,
            skjerming=skjerming,
            heimel=heimel,
        )
    return lesar.resultat()


__all__ = ["Feil", "Importfeil", "Sakrad", "dekod", "les_fil_", "les_tekst", "standard_sakstype"]
