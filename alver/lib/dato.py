"""The one date style of the interface, for dates written by code (messages, titles, e-mails);
templates use the same through `|date:"j.n.Y"`: «1.5.2027», without leading zeros, as
Norwegian public documents write dates in tables and lists."""


def kort(d):
    """«1.5.2027» (a date or datetime); empty for none."""
    return f"{d.day}.{d.month}.{d.year}" if d else ""
