"""Moving an oppdrag to another owner: who may, the reason, the unit that follows, history and
the two e-mails."""

import pytest
from django.core import mail
from django.urls import reverse

from verksemdsplan import services
from verksemdsplan.models import Oppdrag


@pytest.fixture
def skuleoppdrag(org, oppdrag):
    """An oppdrag for Skule, owned by its tenesteleiar (the kommunalsjef leads the sector above)."""
    return services.lag_oppdrag(
        eining=org["einingar"]["skule"],
        aar=2026,
        user=org["brukarar"]["kommunalsjef"],
        tittel="Betre skuleskyss",
        kategori=oppdrag.kategori,
    )


def _post(client, o, til, grunn="Ny fordeling i sektoren", versjon=None):
    return client.post(
        reverse("verksemdsplan:flytt_eigar", args=[o.pk]),
        {"ny_eigar": til.pk, "grunn": grunn, "versjon": o.versjon if versjon is None else versjon},
    )


@pytest.mark.parametrize(
    "rolle,status",
    [
        ("kommunalsjef", 302),  # leads the sector above Skule
        ("kommunedirektor", 302),
        ("administrator", 302),
        ("tenesteleiar", 403),  # owns it: delegates instead
        ("medarbeidar", 403),
        ("utanfor", 403),
        ("hr", 403),
        ("politikar", 404),
        ("anonymous", 302),
    ],
)
def test_who_may_move_an_oppdrag(rolle, status, org, skuleoppdrag, client_as):
    response = _post(client_as(rolle), skuleoppdrag, org["brukarar"]["medarbeidar"])
    assert response.status_code == status
    eigar = Oppdrag.objects.get(pk=skuleoppdrag.pk).owner
    if status == 302 and rolle != "anonymous":
        assert eigar == org["brukarar"]["medarbeidar"]
    else:
        assert eigar == org["brukarar"]["tenesteleiar"]


def test_the_form_is_shown_only_to_those_who_may_move(org, skuleoppdrag, client_as):
    url = skuleoppdrag.get_absolute_url()
    flytt = reverse("verksemdsplan:flytt_eigar", args=[skuleoppdrag.pk])
    assert flytt in client_as("kommunalsjef").get(url).content.decode()
    assert flytt not in client_as("tenesteleiar").get(url).content.decode()
    assert flytt not in client_as("medarbeidar").get(url).content.decode()


def test_moving_is_post_only(skuleoppdrag, client_as):
    url = reverse("verksemdsplan:flytt_eigar", args=[skuleoppdrag.pk])
    assert client_as("kommunalsjef").get(url).status_code == 405


def test_the_unit_follows_the_new_owner_history_and_both_are_told(
    org, skuleoppdrag, client_as, django_capture_on_commit_callbacks
):
    gammal, ny = org["brukarar"]["tenesteleiar"], org["brukarar"]["medarbeidar"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client_as("kommunalsjef"), skuleoppdrag, ny, grunn="Silje har fagansvaret")
    assert response.status_code == 302
    o = Oppdrag.objects.get(pk=skuleoppdrag.pk)
    assert o.owner == ny
    # Silje works at Knarvik skule, under Skule: the oppdrag follows her there
    assert o.eining == org["einingar"]["knarvik"]
    assert o.verksemdsplan.eining == org["einingar"]["knarvik"]
    siste = o.history.first()
    assert "Silje har fagansvaret" in siste.history_change_reason
    assert siste.history_user == org["brukarar"]["kommunalsjef"]
    mottakarar = sorted(m.to[0] for m in mail.outbox)
    assert mottakarar == sorted([gammal.email, ny.email])
    til_gammal = next(m for m in mail.outbox if m.to == [gammal.email])
    assert "Betre skuleskyss" in til_gammal.subject + til_gammal.body
    assert ny.namn in til_gammal.body


def test_a_new_owner_outside_the_subtree_leaves_the_unit(org, skuleoppdrag, client_as):
    _post(client_as("kommunedirektor"), skuleoppdrag, org["brukarar"]["utanfor"])
    o = Oppdrag.objects.get(pk=skuleoppdrag.pk)
    assert o.owner == org["brukarar"]["utanfor"]
    assert o.eining == org["einingar"]["skule"]


def test_a_reason_is_required_and_what_was_typed_stays(org, skuleoppdrag, client_as):
    response = _post(client_as("kommunalsjef"), skuleoppdrag, org["brukarar"]["medarbeidar"], grunn="  ")
    assert response.status_code == 200
    form = response.context["eigar_form"]
    assert "grunn" in form.errors
    assert form["ny_eigar"].value() == str(org["brukarar"]["medarbeidar"].pk)
    assert Oppdrag.objects.get(pk=skuleoppdrag.pk).owner == org["brukarar"]["tenesteleiar"]


def test_a_stale_form_is_refused_not_overwritten(org, skuleoppdrag, client_as):
    gammal_versjon = skuleoppdrag.versjon
    assert _post(client_as("kommunedirektor"), skuleoppdrag, org["brukarar"]["utanfor"]).status_code == 302
    response = _post(
        client_as("kommunalsjef"), skuleoppdrag, org["brukarar"]["medarbeidar"], versjon=gammal_versjon
    )
    assert response.status_code == 200
    assert response.context["eigar_form"].non_field_errors()
    assert Oppdrag.objects.get(pk=skuleoppdrag.pk).owner == org["brukarar"]["utanfor"]


def test_a_failing_mail_server_does_not_fail_the_move(
    org, skuleoppdrag, client_as, django_capture_on_commit_callbacks, settings
):
    from alver.models import Jobb, Varsel

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", 1, False  # refused
    Varsel.objects.all().delete()  # the fixture's own
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client_as("kommunalsjef"), skuleoppdrag, org["brukarar"]["medarbeidar"])
    assert response.status_code == 302
    assert Oppdrag.objects.get(pk=skuleoppdrag.pk).owner == org["brukarar"]["medarbeidar"]
    # both are notified; the mails wait for the sweep
    assert set(Varsel.objects.filter(epost_sendt_at__isnull=True).values_list("mottakar", "kind")) == {
        (org["brukarar"]["medarbeidar"].pk, "nytt_oppdrag"),
        (org["brukarar"]["tenesteleiar"].pk, "oppdrag_flytta"),
    }
    ventar = Jobb.objects.filter(oppgave="alver.tasks.send_varsel", status=Jobb.Status.VENTAR)
    assert set(Varsel.objects.values_list("pk", flat=True)) <= {j.argument[0] for j in ventar}


def test_a_delegates_right_follows_a_moved_child(org, oppdrag, client_as):
    barn = services.deleger(
        oppdrag,
        til=org["brukarar"]["tenesteleiar"],
        frist=None,
        notat="",
        user=org["brukarar"]["kommunalsjef"],
    )
    ny = org["brukarar"]["medarbeidar"]
    assert _post(client_as("kommunalsjef"), barn, ny).status_code == 302
    barn.refresh_from_db()
    assert barn.owner == ny and barn.parent == oppdrag
    assert ny.has_perm("verksemdsplan.endre_oppdrag", barn)
