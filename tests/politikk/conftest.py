import pytest
from django.contrib.auth.models import Group
from django.test import Client

from alver.permissions import Rolle
from politikk import services
from politikk.models import Gruppe
from tests.budget.conftest import okonomiplan  # noqa: F401  (the draft the proposals build on)
from tests.factories import UserFactory


@pytest.fixture
def grupper(org):
    """Two groups: «Raudt og grønt» with the org's politician, «Blått» with another politician
    (`org["brukarar"]["blaa"]`, logged in as the role «blaa»)."""
    blaa = UserFactory(namn="Bente Blå")
    blaa.groups.add(Group.objects.get(name=Rolle.POLITIKAR))
    org["brukarar"]["blaa"] = blaa
    raud = Gruppe.objects.create(namn="Raudt og grønt")
    raud.medlemmer.set([org["brukarar"]["politikar"]])
    blaatt = Gruppe.objects.create(namn="Blått")
    blaatt.medlemmer.set([blaa])
    return {"raud": raud, "blaa": blaatt}


@pytest.fixture
def som(org):
    def _client(rolle):
        c = Client()
        if rolle != "anonymous":
            c.force_login(org["brukarar"][rolle])
        return c

    return _client


@pytest.fixture
def forslag(org, okonomiplan, grupper):  # noqa: F811
    """A draft proposal of «Raudt og grønt» to the 2026 plan, and a submitted one of «Blått»."""
    plan = okonomiplan["plan"]
    utkast = services.lag_forslag(plan, grupper["raud"], "Raudt budsjett", user=org["brukarar"]["politikar"])
    levert = services.lag_forslag(plan, grupper["blaa"], "Blått budsjett", user=org["brukarar"]["blaa"])
    levert.status = "levert"
    levert.save()
    return {"plan": plan, "utkast": utkast, "levert": levert}
