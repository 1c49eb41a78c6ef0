# Python sorts å < æ < ø; Norwegian readers expect æ < ø < å after z. These stand-ins
# come straight after "z" in code-point order, in the Norwegian order.
_NORSK = str.maketrans({"æ": "{", "ø": "|", "å": "}", "ä": "{", "ö": "|"})


def norsk_sortering(tekst):
    """A sort key that puts names in Norwegian alphabetical order."""
    return (tekst or "").lower().translate(_NORSK)
