"""Every select in Alver is drawn by the project's own template (templates/django/forms/widgets/
select.html, options written in place for speed): what a user picks from must be what Django's own
widget would show — the same options, groups, chosen values and escaped labels."""

import re
from pathlib import Path

from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates, TemplatesSetting, get_default_renderer

from alver.models import Eining


class Skjema(forms.Form):
    ein = forms.ChoiceField(
        choices=[("", "---------"), ("1", "Ålvik <skule> & «barnehage»"), ("2", 'Sein "2"')]
    )
    fleire = forms.MultipleChoiceField(choices=[("Sektor <A>", [("a1", "A1"), ("a2", "A2")]), ("b", "B")])
    ja_nei = forms.NullBooleanField()
    eining = forms.ModelChoiceField(queryset=Eining.objects.order_by("path"), required=False)


def _teikna(renderer, data):
    return [re.sub(r"\s+", " ", str(felt)) for felt in Skjema(data, renderer=renderer)]


def test_the_project_select_shows_what_djangos_own_would(org):
    data = {"ein": "1", "fleire": ["a2", "b"], "ja_nei": "true", "eining": str(org["einingar"]["skule"].pk)}
    eigen = _teikna(TemplatesSetting(), data)
    assert eigen == _teikna(DjangoTemplates(), data)
    assert '<option value="1" selected>Ålvik &lt;skule&gt; &amp; «barnehage»</option>' in eigen[0]
    assert '<optgroup label="Sektor &lt;A&gt;">' in eigen[1] and '<option value="a1">A1</option>' in eigen[1]
    assert f'<option value="{org["einingar"]["skule"].pk}" selected>Skule</option>' in eigen[3]


def test_forms_in_alver_draw_their_selects_with_the_project_template():
    """Without the form renderer setting Django would quietly draw its own (and the speed is lost)."""
    mal = get_default_renderer().get_template("django/forms/widgets/select.html")
    assert Path(mal.origin.name) == Path(settings.BASE_DIR) / "templates/django/forms/widgets/select.html"
