"""A published 2026 checklist for the `org` kommune, built through the services as HR would:
Leiardialog → Leiardialog → a monthly point; HMS → HMS → a tertial and a yearly point; and a
monthly point for Oppvekst only. The clock stands on 30.11.2026 (November open, October closed)."""

import pytest

from checklists import services
from checklists.models import Frekvens, Gjeld


@pytest.fixture
def sjekkliste(org):
    hr = org["brukarar"]["hr"]
    liste = services.lag_sjekkliste(2026, user=hr)
    leiardialog = services.lag_sjekktype(
        services.lag_foremaal(liste, namn="Leiardialog", user=hr), namn="Leiardialog", user=hr
    )
    hms = services.lag_sjekktype(services.lag_foremaal(liste, namn="HMS", user=hr), namn="HMS", user=hr)
    punkt = {
        "samtale": services.lag_punkt(
            leiardialog,
            user=hr,
            sporsmaal="Er det gjennomført leiarsamtale med underordna leiar?",
            rettleiing="Samtalen skal dokumenterast.",
            heimel="Kommunelova § 25-1",
            frekvens=Frekvens.MAANAD,
            gjeld=Gjeld.ALLE,
        ),
        "vernerunde": services.lag_punkt(
            hms, user=hr, sporsmaal="Er vernerunde gjennomført?", frekvens=Frekvens.TERTIAL, gjeld=Gjeld.ALLE
        ),
        "grunnopplaering": services.lag_punkt(
            hms, user=hr, sporsmaal="Er grunnopplæring i HMS utført?", frekvens=Frekvens.AAR, gjeld=Gjeld.ALLE
        ),
        "oppvekst": services.lag_punkt(
            hms,
            user=hr,
            sporsmaal="Er beredskapsplanen for skulen øvd?",
            frekvens=Frekvens.MAANAD,
            gjeld=Gjeld.SEKTOR,
            sektor=org["einingar"]["oppvekst"],
        ),
    }
    liste = services.publiser(liste, liste.versjon, user=hr)
    return {"liste": liste, "punkt": punkt}
