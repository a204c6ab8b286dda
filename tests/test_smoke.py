def test_reference_example_creates_contact(api, team, company):
    response = api.post(
        "/api/crm/contacts",
        {
            "teamId": team.public_id,
            "companyId": company.public_id,
            "firstName": "Sarah",
            "lastName": "Chen",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
