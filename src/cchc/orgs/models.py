"""The organization registry: units, their names, and how they succeeded one another.

Dates of validity are inclusive on both ends: `valid_to` is the last day the unit
existed, so a unit closed by a merger effective 01/3/2025 has valid_to 28/02/2025.
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    PROVINCE_COMMITTEE = "province_committee", _("UBND tỉnh")
    DEPARTMENT = "department", _("Sở, ban, ngành tỉnh")
    DISTRICT_COMMITTEE = "district_committee", _("UBND cấp huyện")
    COMMUNE_COMMITTEE = "commune_committee", _("UBND xã, phường, thị trấn")
    PUBLIC_SERVICE_UNIT = "public_service_unit", _("Đơn vị sự nghiệp")
    PRESS = "press", _("Cơ quan báo chí")
    SOCIO_POLITICAL = "socio_political", _("Tổ chức chính trị – xã hội")
    INTERNAL_DIVISION = "internal_division", _("Đơn vị, bộ phận nội bộ")
    PARTY_OR_COUNCIL = "party_or_council", _("Cơ quan Đảng, HĐND, Đoàn ĐBQH")
    CENTRAL_AGENCY = "central_agency", _("Cơ quan trung ương")
    OTHER = "other", _("Khác")


class Unit(models.Model):
    code = models.SlugField(_("mã"), max_length=120, unique=True)
    name = models.CharField(_("tên chính thức"), max_length=255, db_index=True)
    short_name = models.CharField(_("tên viết tắt"), max_length=120, blank=True)
    kind = models.CharField(_("loại"), max_length=32, choices=UnitKind.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("hiệu lực từ ngày"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến hết ngày"), null=True, blank=True)
    verified = models.BooleanField(_("đã kiểm chứng"), default=True)
    source_note = models.TextField(_("nguồn, ghi chú"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("cơ quan, đơn vị")

    def __str__(self) -> str:
        return self.name

    def is_valid_on(self, on: date | None) -> bool:
        if on is None:
            return True
        if self.valid_from and on < self.valid_from:
            return False
        return not (self.valid_to and on > self.valid_to)


class AliasKind(models.TextChoices):
    ALIAS = "alias", _("Tên gọi khác")
    ABBREVIATION = "abbreviation", _("Tên viết tắt")
    FORMER_NAME = "former_name", _("Tên cũ")


class UnitAlias(models.Model):
    unit = models.ForeignKey(
        Unit, verbose_name=_("cơ quan, đơn vị"), on_delete=models.CASCADE, related_name="aliases"
    )
    text = models.CharField(_("tên gọi"), max_length=255)
    kind = models.CharField(
        _("loại tên gọi"), max_length=16, choices=AliasKind.choices, default=AliasKind.ALIAS
    )

    class Meta:
        ordering = ["unit", "text"]
        verbose_name = _("tên gọi khác")
        verbose_name_plural = _("tên gọi khác")
        constraints = [models.UniqueConstraint(fields=["unit", "text"], name="orgs_alias_unique_per_unit")]

    def __str__(self) -> str:
        return self.text


class SuccessionKind(models.TextChoices):
    MERGED_INTO = "merged_into", _("Hợp nhất, sáp nhập vào")
    SPLIT_INTO = "split_into", _("Chia tách thành")
    RENAMED = "renamed", _("Đổi tên thành")
    DISSOLVED = "dissolved", _("Giải thể, kết thúc hoạt động")


class SuccessionEvent(models.Model):
    # A stable key lets `cchc orgs load` and imports update an event instead of duplicating it.
    code = models.SlugField(_("mã"), max_length=120, unique=True)
    kind = models.CharField(_("loại sự kiện"), max_length=16, choices=SuccessionKind.choices)
    effective_date = models.DateField(_("ngày có hiệu lực"), db_index=True)
    predecessors = models.ManyToManyField(
        Unit, verbose_name=_("cơ quan, đơn vị trước"), related_name="succession_out"
    )
    successors = models.ManyToManyField(
        Unit, verbose_name=_("cơ quan, đơn vị kế thừa"), related_name="succession_in", blank=True
    )
    note = models.TextField(_("ghi chú"), blank=True)
    verified = models.BooleanField(_("đã kiểm chứng"), default=True)
    source_note = models.TextField(_("nguồn"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        ordering = ["effective_date", "id"]
        verbose_name = _("sự kiện kế thừa")
        verbose_name_plural = _("sự kiện kế thừa")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.effective_date:%d/%m/%Y})"
