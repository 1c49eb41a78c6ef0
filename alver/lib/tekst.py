import difflib
import re

# Python sorts å < æ < ø; Norwegian readers expect æ < ø < å after z. These stand-ins
# come straight after "z" in code-point order, in the Norwegian order.
_NORSK = str.maketrans({"æ": "{", "ø": "|", "å": "}", "ä": "{", "ö": "|"})


def naturleg_nokkel(tekst):
    """A key that sorts numbering as documents write it: «1», «1a», «2», «10», «avsnitt 2»
    (numbers by value, text the Norwegian way). A string, so the database can sort by it."""
    return "".join(
        del_.zfill(8) if del_.isdecimal() else norsk_sortering(del_.lower())
        for del_ in re.split(r"(\d+)", str(tekst).strip())
        if del_
    )


def norsk_sortering(tekst):
    """A sort key that puts names in Norwegian alphabetical order."""
    return (tekst or "").lower().translate(_NORSK)


def orddiff(gammal, ny, samanheng=8):
    """What changed between two texts, word by word, for a reader: a list of (kind, text) with
    kind " " (kept), "-" (removed), "+" (added) or "…" (unchanged words left out). Kept runs
    longer than twice `samanheng` words are shortened to their ends, so a one-word change in a
    long section shows as a line, not the whole section."""
    a, b = _ord(gammal), _ord(ny)
    ut = []
    for op, i1, i2, j1, j2 in _slaa_saman(
        difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes(), a
    ):
        if op == "equal":
            ord_ = a[i1:i2]
            ord_utan_rom = [o for o in ord_ if not o.isspace()]
            if len(ord_utan_rom) > 2 * samanheng:
                forst, sist = _kutt(ord_, samanheng, fram=True), _kutt(ord_, samanheng, fram=False)
                ut += [(" ", forst)] if ut else []
                ut.append(("…", ""))
                if i2 < len(a) or j2 < len(b):
                    ut.append((" ", sist))
            else:
                ut.append((" ", "".join(ord_)))
            continue
        if i1 < i2:
            ut.append(("-", "".join(a[i1:i2])))
        if j1 < j2:
            ut.append(("+", "".join(b[j1:j2])))
    return ut


def _slaa_saman(opkodar, a):
    """The changes with only a space kept between them as one change: «Ventar på fylket» →
    «Fylket har svart» reads as those words out and these in, not word against word."""
    ut = []
    for i, (op, i1, i2, j1, j2) in enumerate(opkodar):
        mellom = op == "equal" and 0 < i < len(opkodar) - 1 and all(o.isspace() for o in a[i1:i2])
        if (op != "equal" or mellom) and ut and ut[-1][0] == "replace":
            ut[-1] = ("replace", ut[-1][1], i2, ut[-1][3], j2)
        elif op != "equal" or mellom:
            ut.append(("replace", i1, i2, j1, j2))
        else:
            ut.append((op, i1, i2, j1, j2))
    return ut


def _ord(tekst):
    return [o for o in re.split(r"(\s+)", (tekst or "").replace("\r\n", "\n")) if o]


def _kutt(ord_, n, *, fram):
    """The first (or last) n words of a run, with the spaces between them."""
    teljar, ut = 0, []
    for o in ord_ if fram else reversed(ord_):
        ut.append(o)
        teljar += not o.isspace()
        if teljar >= n and not o.isspace():
            break
    return "".join(ut if fram else reversed(ut))
