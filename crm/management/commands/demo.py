import json

from django.conf import settings

from companies import services as company_services
from crm import services
from crm.models import ApiToken
from history.context import RecordedCommand

DEMO_FILE = settings.LOCAL_DIR / "demo.json"


class Command(RecordedCommand):
    help = (
        "Make sure a demo team, company and API token exist, then print ready-to-paste "
        "curl commands. The demo token is kept in .local/demo.json (git-ignored) so it "
        "stays the same across restarts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url", default="http://127.0.0.1:8000", help="Where the API is served."
        )

    def handle(self, *args, base_url, **options):
        demo = self._load() or self._create()
        team_id, company_id, token = demo["team_id"], demo["company_id"], demo["token"]
        body = {
            "teamId": team_id,
            "companyId": company_id,
            "firstName": "Sarah",
            "lastName": "Chen",
            "email": "sarah.chen@example.com",
            "phone": "+14155551234",
            "jobTitle": "VP of Engineering",
            "source": "trade-show",
            "timezone": "America/Los_Angeles",
            "tags": ["enterprise", "warm-lead"],
            "customFields": {"company_size": "500-1000"},
        }
        self.stdout.write(
            f"""
Demo team    {team_id}
Demo company {company_id}
API token    {token}

Create a contact:
curl -X POST {base_url}/api/crm/contacts \\
  -H "Authorization: Bearer {token}" \\
  -H "Content-Type: application/json" \\
  -d '{json.dumps(body, indent=2)}'

List contacts:
curl "{base_url}/api/crm/contacts?teamId={team_id}&leadStatus=new&hasPhone=true&limit=25" \\
  -H "Authorization: Bearer {token}"
"""
        )

    def _load(self) -> dict | None:
        """The saved demo, if its token, team and company still exist in this database."""
        try:
            demo = json.loads(DEMO_FILE.read_text())
            token, company_id = demo["token"], demo["company_id"]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        live_token = ApiToken.objects.filter(
            digest=ApiToken.digest_of(token), revoked_at__isnull=True
        ).first()
        if live_token is None or live_token.team.public_id != demo.get("team_id"):
            return None
        if not any(c.public_id == company_id for c in live_token.team.companies.all()):
            return None
        return demo

    def _create(self) -> dict:
        team = services.create_team(name="Demo team")
        company = company_services.create_company(team=team, name="Acme Inc", domain="acme.example")
        _, secret = services.issue_api_token(team=team, name="demo")
        demo = {"team_id": team.public_id, "company_id": company.public_id, "token": secret}
        settings.LOCAL_DIR.mkdir(exist_ok=True)
        DEMO_FILE.write_text(json.dumps(demo, indent=2))
        DEMO_FILE.chmod(0o600)
        self.stderr.write("Created the demo team, company and API token.")
        return demo
