"""What the scoping tests share: roles, and reading filters, autocomplete and a contact."""

from contacts.models import Contact
from crm.models import Membership

MEMBER, MANAGER = Membership.Role.MEMBER, Membership.Role.MANAGER
AUTOCOMPLETE = "/admin/autocomplete/"


def filter_choices(response, parameter: str) -> list[str]:
    (spec,) = [
        spec
        for spec in response.context["cl"].filter_specs
        if getattr(spec, "parameter_name", None) == parameter
    ]
    return [value for value, _ in spec.lookup_choices]


def snapshot(contact) -> dict:
    fresh = Contact.objects.get(pk=contact.pk)
    return {
        "lead_status": fresh.lead_status,
        "do_not_call": fresh.do_not_call,
        "tags": fresh.tags,
        "team": fresh.team_id,
        "company": fresh.company_id,
        "first_name": fresh.first_name,
        "updated_at": fresh.updated_at,
    }


def autocomplete(client, term="", model_name="contact", field_name="company", app="contacts"):
    return client.get(
        AUTOCOMPLETE,
        {"app_label": app, "model_name": model_name, "field_name": field_name, "term": term},
    )


def autocomplete_ids(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {result["id"] for result in response.json()["results"]}
