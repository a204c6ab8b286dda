"""The contact the tests know best, Sarah Chen: as request bodies and as a stored contact."""

from tests.factories import ContactFactory
from tests.kit.api import snake_case

# The reference's example request: every field the reference shows, filled in.
FULL_CONTACT = {
    "firstName": "Sarah",
    "lastName": "Chen",
    "email": "sarah.chen@example.com",
    "phone": "+14155551234",
    "jobTitle": "VP of Engineering",
    "leadStatus": "new",
    "source": "trade-show",
    "timezone": "America/Los_Angeles",
    "doNotCall": False,
    "tags": ["enterprise", "warm-lead"],
    "customFields": {"company_size": "500-1000", "interest": "outbound-automation"},
}
# The same contact as the model spells it.
FULL_CONTACT_FIELDS = {snake_case(name): value for name, value in FULL_CONTACT.items()}


def contact_body(team, company, **fields) -> dict:
    """The smallest body that creates a contact (Sarah Chen), with `fields` added."""
    return {
        "teamId": team.public_id,
        "companyId": company.public_id,
        "firstName": "Sarah",
        "lastName": "Chen",
        **fields,
    }


def full_contact_body(team, company, **fields) -> dict:
    """The reference's example request for `team` and `company`, with `fields` changed."""
    return contact_body(team, company, **{**FULL_CONTACT, **fields})


def full_contact(company, **fields):
    """The reference's example contact stored in `company`, with `fields` changed."""
    return ContactFactory(company=company, **{**FULL_CONTACT_FIELDS, **fields})
