"""The sections along the chain exist from the start and say plainly that they are not built."""

import pytest
from django.urls import reverse

SIDER = [
    "checklists:index",
    "reporting:mi_side",
]


@pytest.mark.parametrize("namn", SIDER + ["plans:index", "budget:index"])
@pytest.mark.parametrize("rolle,status", [("anonymous", 302), ("medarbeidar", 200), ("politikar", 200)])
def test_access(namn, rolle, status, client_as):
    assert client_as(rolle).get(reverse(namn)).status_code == status


def test_start_page_shows_the_users_place(org, client_as):
    html = client_as("tenesteleiar").get("/", follow=True).content.decode()
    assert "Skule" in html  # the unit they lead
    assert "Tenesteleiar" in html
