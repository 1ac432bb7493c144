from django import forms
from django.contrib import admin
from django.db.models import Count

from activation import figures
from activation.models import (
    ActivationPactCall,
    ActivationPactParticipation,
    ActivationPactProject,
    BenchmarkGroup,
    CooperationAgreement,
    ImportBatch,
    LocalGovernment,
    Merger,
    Province,
    QuarterlyResult,
    ResultRevision,
)
from activation.services import parse_member_codes


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]


class BordersAdmin(admin.ModelAdmin):
    """Local governments' lifetimes and mergers decide the current borders of every figure: a
    change rebuilds the stored figures in the same transaction (Django's admin runs each save or
    delete in one)."""

    # The fields of the model that the figures depend on; None: all of them.
    figure_fields = None

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change or self.figure_fields is None or set(form.changed_data) & self.figure_fields:
            figures.rebuild()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        figures.rebuild()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        figures.rebuild()


@admin.register(LocalGovernment)
class LocalGovernmentAdmin(BordersAdmin):
    list_display = ["name", "nis_code", "province", "population", "valid_from", "valid_until"]
    list_filter = ["province", ("valid_until", admin.EmptyFieldListFilter)]
    search_fields = ["name", "nis_code"]
    # A new name shows on the next request without a rebuild: pages read names themselves. The
    # population is a variable of the vergelijkbaar groups and the denominator of the context
    # indicator (leefloongerechtigden per 1.000 inwoners).
    figure_fields = {"nis_code", "valid_from", "valid_until", "population"}


@admin.register(Merger)
class MergerAdmin(BordersAdmin):
    list_display = ["predecessor", "successor", "date"]
    list_filter = ["date"]
    list_select_related = ["predecessor", "successor"]


class BenchmarkGroupForm(forms.ModelForm):
    members_file = forms.FileField(
        label="Leden uit CSV-bestand",
        required=False,
        help_text=(
            "Een CSV-bestand met één NIS-code per regel, of met een kolom nis_code. "
            "Vervangt de huidige leden. Onbekende codes worden gemeld en er wordt niets bewaard."
        ),
    )

    class Meta:
        model = BenchmarkGroup
        fields = ["code", "name", "kind", "description", "members"]

    def clean_members_file(self):
        upload = self.cleaned_data.get("members_file")
        if upload is None:
            return None
        if upload.size > 1024 * 1024:
            raise forms.ValidationError("Het bestand is groter dan 1 MB.")
        return parse_member_codes(upload)

    def clean_kind(self):
        kind = self.cleaned_data["kind"]
        if kind == BenchmarkGroup.Kind.NEIGHBOURS and not (
            self.instance and self.instance.anchor_id
        ):
            raise forms.ValidationError(
                "Groepen van aangrenzende gemeenten worden berekend uit de grenzen; "
                "kies 'Eigen groep' voor een groep die u zelf oplaadt."
            )
        if kind == BenchmarkGroup.Kind.SIMILAR:
            raise forms.ValidationError(
                "Groepen van vergelijkbare gemeenten worden berekend met de cijfers; "
                "kies 'Eigen groep' voor een groep die u zelf oplaadt."
            )
        return kind


@admin.register(BenchmarkGroup)
class BenchmarkGroupAdmin(admin.ModelAdmin):
    form = BenchmarkGroupForm
    list_display = ["name", "code", "kind", "member_count"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    filter_horizontal = ["members"]

    @admin.display(description="aantal leden", ordering="member_count")
    def member_count(self, obj):
        return obj.member_count

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("members"))

    # A vergelijkbaar group is recomputed with the figures (activation.similar): a change by
    # hand would not last until the next import.
    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.kind == BenchmarkGroup.Kind.SIMILAR:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.kind == BenchmarkGroup.Kind.SIMILAR:
            return False
        return super().has_delete_permission(request, obj)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "members":
            kwargs["queryset"] = LocalGovernment.objects.current()
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        codes = form.cleaned_data.get("members_file")
        if codes:
            form.instance.members.set(codes)
        # The group's figures, in the same transaction as its members.
        figures.rebuild_groups([form.instance])


class ReadOnlyAdmin(admin.ModelAdmin):
    """Results change only through an import, so that every earlier value is kept as a revision."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(QuarterlyResult)
class QuarterlyResultAdmin(ReadOnlyAdmin):
    list_display = [
        "local_government",
        "quarter",
        "llg_totaal",
        "llg_ingeschreven",
        "llg_in_traject",
        "llg_uitstroom_werk",
        "llg_duurzaam_werk",
        "status",
        "import_batch",
    ]
    list_filter = ["status", "local_government__province"]
    list_select_related = ["local_government", "import_batch"]
    search_fields = ["local_government__name", "local_government__nis_code"]
    show_full_result_count = False


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "file_name",
        "uploaded_by",
        "status",
        "result_status",
        "rows_total",
        "rows_new",
        "rows_changed",
        "rows_unchanged",
        "error_count",
    ]
    list_filter = ["status", "result_status"]
    list_select_related = ["uploaded_by"]
    search_fields = ["file_name", "sha256"]
    exclude = ["upload"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("upload")


@admin.register(ResultRevision)
class ResultRevisionAdmin(ReadOnlyAdmin):
    list_display = ["result", "changed_at", "changed_by", "previous_batch", "replaced_by"]
    list_select_related = [
        "result__local_government",
        "changed_by",
        "previous_batch",
        "replaced_by",
    ]
    search_fields = ["result__local_government__name", "result__local_government__nis_code"]


class ActivationPactParticipationInline(admin.TabularInline):
    model = ActivationPactParticipation
    extra = 0
    fields = ["local_government"]
    readonly_fields = ["local_government"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        # Participants are chosen on /samenwerking/, which checks the referentieregio.
        return False


@admin.register(CooperationAgreement)
class CooperationAgreementAdmin(admin.ModelAdmin):
    list_display = ["local_government", "framework", "status", "valid_from", "valid_until"]
    list_filter = ["framework", "status", "local_government__province"]
    search_fields = ["local_government__name", "local_government__nis_code"]
    list_select_related = ["local_government"]
    raw_id_fields = ["local_government"]


@admin.register(ActivationPactCall)
class ActivationPactCallAdmin(admin.ModelAdmin):
    list_display = ["name", "round", "status", "launched_on", "deadline"]


@admin.register(ActivationPactProject)
class ActivationPactProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "call", "reference_region", "status", "target_reached"]
    list_filter = ["call", "status", "reference_region"]
    search_fields = ["title", "local_governments__name"]
    list_select_related = ["call", "reference_region"]
    readonly_fields = ["reference_region"]
    inlines = [ActivationPactParticipationInline]

    def has_add_permission(self, request):
        # New projects are added on /samenwerking/, which checks the referentieregio.
        return False
