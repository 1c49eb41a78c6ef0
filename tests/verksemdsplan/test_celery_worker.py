"""The owner's e-mail goes through a broker to a real Celery worker (Redis in CI), not in-process."""

from .conftest import registrer


def test_the_new_owner_is_mailed_by_a_real_worker_after_commit(celery_arbeidar, org):
    registrer(org, ("PS 7/2026", "Leikeplass i Manger", "oppvekst", "vedtak"))
    celery_arbeidar.vent(lambda: celery_arbeidar.epostar())
    (epost,) = celery_arbeidar.epostar()
    assert f"To: {org['brukarar']['kommunalsjef'].email}" in epost
    assert "Leikeplass i Manger" in epost
