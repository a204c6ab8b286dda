"""What the admin tests share."""


def contact_form(team, company, **overrides) -> dict:
    """The contact add form's fields, filled in for Sarah Chen (company may be None)."""
    data = {
        "team": team.pk,
        "company": company.pk if company else "",
        "first_name": "Sarah",
        "last_name": "Chen",
        "email": "sarah.chen@example.com",
        "phone": "",
        "phone_secondary": "",
        "job_title": "",
        "lead_status": "new",
        "source": "",
        "timezone": "",
        "preferred_contact_method": "",
        "notes": "",
        "custom_fields": "{}",
        "tags": "",
    }
    data.update(overrides)
    return data
