"""The API contract of each team-owned entity, declared as data (see `tests/kit/contract.py`)."""

from companies.models import Company
from contacts.models import Contact
from tests.factories import CompanyFactory, ContactFactory
from tests.kit.api import COMPANIES, CONTACTS
from tests.kit.contract import EntityAPIContract, TeamsCompany
from tests.kit.payloads import FULL_CONTACT


class TestContactContract(EntityAPIContract):
    model = Contact
    url = CONTACTS
    key, list_key = "contact", "contacts"
    id_prefix = "cont"
    create_data = {"companyId": TeamsCompany, **FULL_CONTACT}
    update_data = {"jobTitle": "CTO", "leadStatus": "qualified", "tags": ["vip"]}

    def make(self, team, company, **fields):
        return ContactFactory(company=company, **fields)


class TestCompanyContract(EntityAPIContract):
    model = Company
    url = COMPANIES
    key, list_key = "company", "companies"
    id_prefix = "comp"
    create_data = {"name": "Globex", "domain": "globex.example"}
    update_data = {"name": "Globex Corporation", "domain": "globex.example.com"}

    def make(self, team, company, **fields):
        return CompanyFactory(team=team, **fields)
