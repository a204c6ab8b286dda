"""The README's steps for a sales user (staff, not a superuser, a member of one team), done
through the admin pages: the user then works that team's contacts and nothing else."""

from django.contrib.auth import get_user_model

from tests.factories import ContactFactory
from tests.kit.admin import PASSWORD, admin_url, listed


def test_a_sales_user_made_by_the_readme_steps_works_their_teams_contacts(
    admin_client, client, team, company, other_company
):
    ours = ContactFactory(company=company)
    ContactFactory(company=other_company)

    # 2. Users -> Add user: a username and a password, twice.
    added = admin_client.post(
        admin_url("auth_user_add"),
        {
            "username": "sam",
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "_continue": "1",
        },
    )
    assert added.status_code == 302, added.context["adminform"].form.errors
    sam = get_user_model().objects.get(username="sam")
    # 3. Staff status ticked; not a superuser, no permissions or groups.
    page = admin_client.get(admin_url("auth_user_change", sam.pk))
    form = page.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        {"username": "sam", "is_staff": "on", "is_active": "on", "date_joined_0": "2026-01-01"}
    )
    data.update({"date_joined_1": "00:00:00", "groups": [], "user_permissions": []})
    data = {k: v for k, v in data.items() if k not in ("is_superuser", "last_login", "password")}
    saved = admin_client.post(admin_url("auth_user_change", sam.pk), data)
    assert saved.status_code == 302, saved.context["adminform"].form.errors
    # 4. Teams -> the team -> Memberships: the user as a member.
    membership = admin_client.post(
        admin_url("crm_team_change", team.pk),
        {
            "name": team.name,
            "api_rate_limit": "",
            "phone_region": "",
            "calling_hours_start": "08:00",
            "calling_hours_end": "21:00",
            "calling_days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
            "min_call_gap_minutes": "0",
            "max_call_attempts": "",
            "default_timezone": "UTC",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-user": sam.pk,
            "memberships-0-role": "member",
        },
    )
    assert membership.status_code == 302, membership.context["errors"]

    # 5. The user logs in and sees their team's contacts only.
    logged_in = client.post("/admin/login/", {"username": "sam", "password": PASSWORD})
    assert logged_in.status_code == 302
    sam.refresh_from_db()
    assert (sam.is_staff, sam.is_superuser, sam.user_permissions.count()) == (True, False, 0)
    assert listed(client.get(admin_url("contacts_contact_changelist"))) == {ours}
