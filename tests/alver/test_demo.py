"""The demo command. pytest-django runs with DEBUG off, as production does, so the tests
pass --force to say the demo is meant."""

import io

from django.contrib.auth import authenticate
from django.core.management import call_command

from alver.demo import DEMO_BRUKARAR
from alver.models import Eining, User
from alver.permissions import Rolle, roller


def _teljing():
    return (
        Eining.objects.count(),
        User.objects.count(),
        Eining.history.count(),
        User.history.count(),
        sorted(Eining.objects.values_list("kode", "namn", "path", "leiar_id")),
    )


def test_demo_builds_the_kommune_and_a_second_run_changes_nothing(db):
    call_command("demo", "--force", stdout=io.StringIO())
    forste = _teljing()
    assert 80 <= forste[0] <= 100, "about 85 units: kommune, 5 sectors, 20 service areas, ~60 units"
    assert 140 <= forste[1] <= 170, "about 150 people"
    call_command("demo", "--force", stdout=io.StringIO())
    assert _teljing() == forste
    assert Eining.objects.find_problems() == ([], [], [], [], [])


def test_demo_logins_work_and_hold_their_roles(demo):
    venta = {
        "admin": Rolle.ADMINISTRATOR,
        "kommunedirektor": Rolle.KOMMUNEDIREKTOR,
        "kommunalsjef.oppvekst": Rolle.KOMMUNALSJEF,
        "kommunalsjef.helse": Rolle.KOMMUNALSJEF,
        "tenesteleiar.skule": Rolle.TENESTELEIAR,
        "medarbeidar": Rolle.MEDARBEIDAR,
        "sekretariat": Rolle.SEKRETARIAT,
        "okonomi": Rolle.OKONOMI,
        "hr": Rolle.HR,
        "politikar": Rolle.POLITIKAR,
        "politikar2": Rolle.POLITIKAR,
        "politikar3": Rolle.POLITIKAR,
    }
    assert set(venta) == set(DEMO_BRUKARAR)
    for prefiks, rolle in venta.items():
        user = authenticate(username=f"{prefiks}@alver.example", password="demo")
        assert user is not None, prefiks
        assert rolle in roller(user), prefiks
    skule = Eining.objects.get(leiar__email="tenesteleiar.skule@alver.example")
    assert skule.type == Eining.Type.TENESTEOMRAADE and Eining.objects.get_parent(skule).namn == "Oppvekst"
    assert Rolle.MEDARBEIDAR not in roller(User.objects.get(email="politikar@alver.example"))


def test_scale_makes_a_proportionally_larger_kommune(demo):
    base = (Eining.objects.count(), User.objects.count())
    call_command("demo", "--force", "--scale", "2", stdout=io.StringIO())
    storre = (Eining.objects.count(), User.objects.count())
    # each step of scale adds 160 units and about 2,250 people (N=10 ≈ 1,500 units, 20,000 people)
    assert storre[0] - base[0] == 160
    assert 2100 <= storre[1] - base[1] <= 2400
    assert Eining.objects.find_problems() == ([], [], [], [], [])


def test_demo_refuses_to_run_in_production(db):
    import pytest
    from django.core.management import CommandError
    from django.test import override_settings

    with override_settings(DEBUG=False), pytest.raises(CommandError, match="--force"):
        call_command("demo", stdout=io.StringIO())
    assert not User.objects.exists()
