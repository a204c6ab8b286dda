from django.contrib import admin

from contacts.forms import ContactForm
from contacts.models import Contact


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    form = ContactForm
    list_display = [
        "__str__",
        "company",
        "email",
        "phone",
        "lead_status",
        "do_not_call",
        "updated_at",
    ]
    list_filter = ["lead_status", "do_not_call"]
    list_select_related = ["company"]
    search_fields = ["first_name", "last_name", "email", "phone"]
    autocomplete_fields = ["team", "company"]
    readonly_fields = ["public_id", "created_at", "updated_at"]
    show_full_result_count = False

    def get_search_results(self, request, queryset, search_term):
        # The API's search: every word, name/email/phone, served by the trigram index.
        return queryset.search(search_term), False
