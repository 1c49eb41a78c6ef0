"""`get_FOO_display()` for models drawn in long lists.

Django's own builds a dict of every choice on each call, and to hash the labels it translates
each of them: a list of fifty oppdrag translated every status label fifty times (7 % of Mi side
under gunicorn). Here each field's table of value → label is made once; the label is still
translated on each call, in the reader's language.
"""

from django.utils.encoding import force_str

_TABELLAR = {}


class ValVisning:
    """Mixed into a model before `models.Model`: its `get_FOO_display()` reads this table."""

    def _get_FIELD_display(self, field):
        tabell = _TABELLAR.get(field)
        if tabell is None:
            tabell = _TABELLAR[field] = dict(field.flatchoices)
        verdi = getattr(self, field.attname)
        return force_str(tabell.get(verdi, verdi), strings_only=True)
