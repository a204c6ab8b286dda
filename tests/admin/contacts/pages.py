"""The contact admin pages' URLs, and the change form as a browser posts it."""

from django.urls import reverse

from contacts.models import Contact

CSV_HEADER = (
    "id,externalId,firstName,lastName,email,phone,phoneSecondary,jobTitle,company,leadStatus,"
    "source,timezone,preferredContactMethod,doNotCall,notes,tags,customFields,createdAt,updatedAt"
)


def changelist_url() -> str:
    return reverse("admin:contacts_contact_changelist")


def change_url(contact) -> str:
    return reverse("admin:contacts_contact_change", args=[contact.pk])


def listing(client, **params):
    response = client.get(changelist_url(), params)
    assert response.status_code == 200
    return response


def listed(client, **params) -> set:
    return set(listing(client, **params).context["cl"].result_list)


def custom_rows(*rows) -> dict:
    """POST data for the custom field rows: each row is (name, kind, value)."""
    return {
        "custom_fields-key": [row[0] for row in rows],
        "custom_fields-type": [row[1] for row in rows],
        "custom_fields-value": [row[2] for row in rows],
    }


def form_data(contact, rows=(), **overrides) -> dict:
    """The change form as the browser posts it for `contact`, with `overrides` typed in."""
    data = {
        "team": contact.team_id,
        "company": contact.company_id or "",
        "first_name": contact.first_name,
        "last_name": contact.last_name,
        "email": contact.email or "",
        "phone": str(contact.phone or ""),
        "phone_secondary": str(contact.phone_secondary or ""),
        "job_title": contact.job_title or "",
        "lead_status": contact.lead_status,
        "source": contact.source or "",
        "timezone": contact.timezone or "",
        "preferred_contact_method": contact.preferred_contact_method or "",
        "notes": contact.notes or "",
        "tags": ", ".join(contact.tags),
        "external_id": contact.external_id or "",
        **custom_rows(*rows, ("", "text", ""), ("", "text", "")),
    }
    if contact.do_not_call:
        data["do_not_call"] = "on"
    data.update(overrides)
    return data


def save(client, contact, rows=(), **overrides):
    return client.post(change_url(contact), form_data(contact, rows, **overrides))


def stored(contact) -> Contact:
    return Contact.objects.get(pk=contact.pk)
