"""Contact imports in the admin: upload a file for one of your teams, see the importer's
reading of it, run a dry run, then the import, on a worker, with a progress bar, the summary
and the error report. Thin views over contacts/import_jobs.py; registered from
contacts/admin.py."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path, reverse

from companies.models import Company
from contacts import import_jobs, rules
from contacts.models import ContactImport
from crm.admin_scoping import ScopedChoices, TeamScopedAdmin
from crm.models import Team

ENCODINGS = [
    ("", "detect (UTF-8, else Windows-1252, else Latin-1)"),
    *import_jobs.ENCODING_NAMES.items(),
]


class UploadForm(forms.Form):
    """A file and import_contacts' options; the team and company among those the admin
    offers the user (`ScopedChoices.scope_form`)."""

    team = forms.ModelChoiceField(queryset=Team.objects.all())
    file = forms.FileField(
        help_text="CSV (comma, semicolon or tab separated) or JSON Lines, as Excel and other "
        "CRMs write them; the first line names the columns."
    )
    encoding = forms.ChoiceField(choices=ENCODINGS, required=False)
    default_region = forms.CharField(
        label="Default region",
        max_length=2,
        required=False,
        help_text="Country code for numbers written without +, e.g. US: (415) 555-1234 "
        "becomes +14155551234.",
    )
    company = forms.ModelChoiceField(
        queryset=Company.objects.select_related("team"),
        required=False,
        label="Company of rows that name none",
    )
    create_companies = forms.BooleanField(
        required=False,
        label="Create missing companies",
        help_text="Companies named in a Company column that the team lacks are created; "
        "otherwise such rows are rejected.",
    )
    on_duplicate = forms.ChoiceField(
        choices=ContactImport.OnDuplicate.choices,
        initial=ContactImport.OnDuplicate.SKIP,
        label="A row matching a contact",
    )
    match = forms.ChoiceField(
        choices=ContactImport.Match.choices,
        initial=ContactImport.Match.EMAIL,
        label="Duplicates are matched by",
    )
    extra_columns_as_custom_fields = forms.BooleanField(
        required=False,
        label="Keep unknown columns as custom fields",
        help_text="Otherwise a column that matches no contact field stops the import.",
    )
    all_or_nothing = forms.BooleanField(
        required=False,
        label="All or nothing",
        help_text="One rejected row means nothing is written.",
    )

    def __init__(self, *args, model_admin: ScopedChoices, request, **kwargs):
        super().__init__(*args, **kwargs)
        model_admin.scope_form(self, request)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.CONTACT_IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                f"The file is {filesizeformat(upload.size)}; at most "
                f"{filesizeformat(settings.CONTACT_IMPORT_MAX_BYTES)} can be uploaded "
                "(CONTACT_IMPORT_MAX_BYTES). Split it, or use manage.py import_contacts."
            )
        return upload

    def clean_default_region(self):
        # The rule of import_contacts' --default-region (rules.normalize_phone_region).
        region = self.cleaned_data["default_region"]
        try:
            return rules.normalize_phone_region(region)
        except ValidationError:
            raise forms.ValidationError(
                f"{region.strip().upper()} is not a country code such as US."
            ) from None

    def clean(self):
        cleaned = super().clean()
        team, company = cleaned.get("team"), cleaned.get("company")
        if team and company and company.team_id != team.pk:
            self.add_error("company", "Pick a company of the team the contacts go to.")
        return cleaned

    def options(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in (
                "encoding",
                "default_region",
                "company",
                "create_companies",
                "on_duplicate",
                "match",
                "extra_columns_as_custom_fields",
                "all_or_nothing",
            )
        }


class ContactImportAdmin(TeamScopedAdmin):
    list_display = ["file_name", "team", "created_by", "created_at", "status", "dry_run"]
    list_filter = ["status"]
    list_select_related = ["team", "created_by"]
    search_fields = ["file_name"]

    def get_queryset(self, request):
        # Never the files themselves in a list or a status poll.
        return (
            super()
            .get_queryset(request)
            .defer("file_data", "error_report")
            .annotate(
                has_error_report=ExpressionWrapper(
                    Q(error_report__isnull=False), output_field=BooleanField()
                )
            )
        )

    def get_urls(self):
        def view(function):
            return self.admin_site.admin_view(function)

        return [
            path(
                "<path:object_id>/status/",
                view(self.status_view),
                name="contacts_contactimport_status",
            ),
            path(
                "<path:object_id>/errors.csv",
                view(self.error_report_view),
                name="contacts_contactimport_errors",
            ),
            *super().get_urls(),
        ]

    def has_change_permission(self, request, obj=None):
        return False  # an upload is never edited: its page shows it and runs it

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = UploadForm(
            request.POST or None, request.FILES or None, model_admin=self, request=request
        )
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                contact_import = import_jobs.create_import(
                    team=form.cleaned_data["team"],
                    user=request.user,
                    file_name=upload.name,
                    data=upload.read(),
                    options=form.options(),
                )
            except import_jobs.UploadProblem as problem:
                form.add_error("file", str(problem))
            else:
                return HttpResponseRedirect(self._page_url(contact_import))
        return self._render(request, "upload.html", title="Import contacts from a file", form=form)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        contact_import = self.get_object_or_404(request, object_id)
        if request.method == "POST":
            dry_run = "_dry_run" in request.POST
            if import_jobs.start_run(contact_import, dry_run=dry_run):
                what = "A dry run" if dry_run else "The import"
                self.message_user(request, f"{what} of {contact_import.file_name} is queued.")
            else:
                self.message_user(
                    request,
                    "This file is already being imported, or has been.",
                    messages.WARNING,
                )
            return HttpResponseRedirect(self._page_url(contact_import))
        return self._render(
            request,
            "detail.html",
            title=f"Import of {contact_import.file_name}",
            contact_import=contact_import,
            reading=contact_import.preview,
            status=self._status(contact_import),
            can_run=self._can_run(contact_import),
        )

    def status_view(self, request, object_id):
        return JsonResponse(self._status(self.get_object_or_404(request, object_id)))

    def error_report_view(self, request, object_id):
        contact_import = self.get_object_or_404(request, object_id)
        report = (
            ContactImport.objects.filter(pk=contact_import.pk)
            .values_list("error_report", flat=True)
            .first()
        )
        if report is None:
            return HttpResponse("This run rejected no rows.", status=404, content_type="text/plain")
        response = HttpResponse(bytes(report), content_type="text/csv; charset=utf-8")
        name = f"{contact_import.file_name}.errors.csv".replace('"', "")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def _status(self, contact_import: ContactImport) -> dict:
        status = import_jobs.status_of(contact_import)
        if status["has_error_report"]:
            status["error_report_url"] = reverse(
                "admin:contacts_contactimport_errors", args=[contact_import.pk]
            )
        return status

    @staticmethod
    def _can_run(contact_import: ContactImport) -> bool:
        ran_for_real = contact_import.status == ContactImport.Status.DONE and (
            not contact_import.dry_run
        )
        return not (
            contact_import.is_busy or ran_for_real or contact_import.preview.get("unknown_refused")
        )

    def _page_url(self, contact_import: ContactImport) -> str:
        return reverse("admin:contacts_contactimport_change", args=[contact_import.pk])

    def _render(self, request, template: str, *, title: str, **context):
        return TemplateResponse(
            request,
            f"admin/contacts/contactimport/{template}",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": title,
                "has_view_permission": True,
                **context,
            },
        )


def register(site: admin.AdminSite) -> None:
    site.register(ContactImport, ContactImportAdmin)
