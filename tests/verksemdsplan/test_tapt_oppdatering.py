"""A status a service sets (a decision withdrawn, entered by mistake) bumps the oppdrag's
version, so an owner's form opened before it is a conflict, never a silent revert."""

from django.urls import reverse

from budget import services as budget_services
from verksemdsplan.models import Oppdrag

KONFLIKT = "Nokon andre lagra dette medan du skreiv"


def _skjema(oppdrag, **endra):
    return {"frist": "2026-12-01", "status": "i_gang", "versjon": oppdrag.versjon} | endra


def test_a_withdrawal_during_an_open_edit_makes_the_owners_save_a_conflict(org, oppdrag, client_as):
    eigar = client_as("kommunalsjef")
    url = reverse("verksemdsplan:oppdrag_endre", args=[oppdrag.pk])
    assert eigar.get(url).status_code == 200  # the owner opens the form
    budget_services.trekk_vedtak(
        oppdrag.kjelde_vedtak, user=org["brukarar"]["sekretariat"], grunn="Oppheva i PS 9/2026"
    )
    response = eigar.post(url, _skjema(oppdrag))
    assert response.status_code == 200 and KONFLIKT in response.content.decode()
    fersk = Oppdrag.objects.get(pk=oppdrag.pk)
    assert fersk.status == Oppdrag.Status.AVBROTE and fersk.versjon == oppdrag.versjon + 1
    assert fersk.history.first().history_change_reason == "Vedtak PS 1/2026 trekt"
    # saving again, having seen the withdrawal, is a deliberate choice
    assert eigar.post(url, _skjema(fersk)).status_code == 302


def test_a_delegated_task_is_cancelled_with_its_oppdrag_and_bumped_too(org, oppdrag):
    from verksemdsplan import services

    u = org["brukarar"]
    barn = services.deleger(oppdrag, til=u["tenesteleiar"], frist=None, notat="", user=u["kommunalsjef"])
    budget_services.trekk_vedtak(oppdrag.kjelde_vedtak, user=u["sekretariat"], grunn="Oppheva")
    fersk = Oppdrag.objects.get(pk=barn.pk)
    assert fersk.status == Oppdrag.Status.AVBROTE and fersk.versjon == barn.versjon + 1
    assert fersk.history.first().history_change_reason == "Vedtak PS 1/2026 trekt"


def test_a_case_entered_by_mistake_and_a_corrected_case_bump_the_version(org, oppdrag):
    v = oppdrag.kjelde_vedtak
    v.tittel = "Tryggare skulevegar"
    budget_services.endre_vedtak(v, v.versjon, user=org["brukarar"]["sekretariat"])
    etter_retting = Oppdrag.objects.get(pk=oppdrag.pk)
    assert etter_retting.versjon == oppdrag.versjon + 1
    vedtaksversjon = v.versjon
    budget_services.feilregistrer(v, user=org["brukarar"]["sekretariat"], grunn="Feil møte")
    v.refresh_from_db()
    assert v.versjon == vedtaksversjon + 1  # the case's own open form sees it too
    fersk = Oppdrag.objects.get(pk=oppdrag.pk)
    assert fersk.status == Oppdrag.Status.AVBROTE and fersk.versjon == etter_retting.versjon + 1
