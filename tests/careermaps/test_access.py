"""Who reads which career map: ``CareerMap.objects.visible_to`` and ``owned_by``."""

from __future__ import annotations

import pytest

from apps.accounts.models import User
from apps.careermaps.models import CareerMap
from tests.conftest import Org

pytestmark = pytest.mark.django_db


def _reader(user: User | None) -> User:
    """The user as a new request would load it: nothing cached on it yet."""
    assert user is not None
    return User.objects.get(pk=user.pk)


@pytest.fixture
def career_map(org: Org) -> CareerMap:
    return CareerMap.objects.create(employee=org.employee)


def test_the_owner_the_managers_up_the_line_and_hr_read_a_map(
    org: Org, career_map: CareerMap
) -> None:
    for user in (org.employee.user, org.manager.user, org.director.user):
        assert list(CareerMap.objects.visible_to(_reader(user))) == [career_map]
    assert list(CareerMap.objects.visible_to(org.hr_user)) == [career_map]


def test_a_peer_another_team_and_someone_without_a_record_do_not(
    org: Org, career_map: CareerMap
) -> None:
    for user in (org.teammate.user, org.other_manager.user):
        assert not CareerMap.objects.visible_to(_reader(user)).exists()
    assert not CareerMap.objects.visible_to(org.nobody).exists()


def test_a_hidden_map_is_read_by_its_owner_and_hr_only(org: Org, career_map: CareerMap) -> None:
    CareerMap.objects.filter(pk=career_map.pk).update(visible_to_manager=False)
    assert not CareerMap.objects.visible_to(_reader(org.manager.user)).exists()
    assert CareerMap.objects.visible_to(_reader(org.employee.user)).exists()
    assert CareerMap.objects.visible_to(org.hr_user).exists()


def test_only_the_owner_owns_it(org: Org, career_map: CareerMap) -> None:
    assert list(CareerMap.objects.owned_by(_reader(org.employee.user))) == [career_map]
    assert not CareerMap.objects.owned_by(_reader(org.manager.user)).exists()
    assert not CareerMap.objects.owned_by(org.hr_user).exists()


def _card(user: User | None, org: Org) -> str:
    from django.urls import reverse

    from tests.conftest import client_for

    url = reverse("careermaps:profile-card", args=[org.employee.public_id])
    response = client_for(_reader(user)).get(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    return response.content.decode()


def test_a_profile_links_to_the_map_for_those_who_may_read_it(
    org: Org, career_map: CareerMap
) -> None:
    link = f"/map/{career_map.public_id}/"
    assert "Open my career map" in _card(org.employee.user, org)
    for user in (org.manager.user, org.director.user, org.hr_user):
        card = _card(user, org)
        assert link in card
        assert "Open the career map" in card
    for user in (org.teammate.user, org.other_manager.user, org.nobody):
        card = _card(user, org)
        assert link not in card
        assert "hidden" in card  # the same empty card as for a person with no map


def test_a_map_kept_from_managers_is_not_linked_for_them(org: Org, career_map: CareerMap) -> None:
    CareerMap.objects.filter(pk=career_map.pk).update(visible_to_manager=False)
    assert f"/map/{career_map.public_id}/" not in _card(org.manager.user, org)
    assert f"/map/{career_map.public_id}/" in _card(org.hr_user, org)
