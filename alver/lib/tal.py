"""Whole numbers from query strings and forms, safely: only ASCII digits (str.isdigit() also
accepts «²», which int() refuses) and only within a range the database column can hold."""

AAR = (2000, 2100)
ID = (1, 2**31 - 1)


def heiltal(tekst, lo, hi, standard=None):
    tekst = (tekst or "").strip()
    if tekst.isascii() and tekst.isdecimal() and lo <= int(tekst) <= hi:
        return int(tekst)
    return standard


def aar(tekst, standard=None):
    return heiltal(tekst, *AAR, standard=standard)


def gyldig_aar(verdi):
    return AAR[0] <= verdi <= AAR[1]
