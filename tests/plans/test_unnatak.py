"""Exemption from public access on plans, goals and measures: the legal basis is required, the
form says so in the user's language and saves nothing, and the change is in the history."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from alver.models import User
from budget.models import BudsjettTiltak
from plans.models import Maal, Plan, Tiltak


@pytest.mark.parametrize("modell", [Plan, Maal, Tiltak, BudsjettTiltak])
def test_an_exemption_needs_its_legal_basis(demo, modell):
    obj = modell.objects.order_by("pk").first()
    obj.unnateke = True
    with pytest.raises(ValidationError) as feil:
        obj.full_clean()
    assert "heimel" in feil.value.message_dict
    obj.heimel = "offentleglova § 13"
    obj.full_clean()
    obj.save()
    siste = obj.history.order_by("-history_id").first()
    assert siste.unnateke and siste.heimel == "offentleglova § 13"


def test_the_goal_form_refuses_an_exemption_without_a_legal_basis_and_saves_nothing(demo):
    maal = Maal.objects.filter(plan__status="vedtatt").order_by("pk").first()
    c = Client()
    c.force_login(User.objects.get(email="admin@alver.example"))
    url = f"/planar/maal/{maal.pk}/endre/"
    side = c.get(url)
    assert side.status_code == 200, url
    form = side.context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data |= {
        f.name: [x.pk for x in form.initial[f.name]]
        for f in form
        if isinstance(form.initial.get(f.name), list)
    }
    data |= {"unnateke": "on", "heimel": "", "versjon": maal.versjon}
    svar = c.post(url, data)
    assert svar.status_code == 200
    assert "offentleglova § 14" in svar.content.decode()  # the message names an example
    maal.refresh_from_db()
    assert not maal.unnateke
    data["heimel"] = "offentleglova § 13"
    svar = c.post(url, data)
    assert svar.status_code == 302, svar.context["form"].errors
    maal.refresh_from_db()
    assert maal.unnateke and maal.heimel == "offentleglova § 13"
