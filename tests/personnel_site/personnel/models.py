"""拟任职人员: the subject of this site's notices."""

from django.db import models

from notices.models import NoticeSubjectMixin


class Person(NoticeSubjectMixin, models.Model):
    """A person proposed for a post; appointed once the notice raises no bar."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "拟任职"
        IN_NOTICE = "in_notice", "公示中"
        APPOINTED = "appointed", "已任职"

    name = models.CharField("姓名", max_length=50)
    current_post = models.CharField("现任职务", max_length=200)
    proposed_post = models.CharField("拟任职务", max_length=200)
    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.PROPOSED
    )

    notice_name_fields = ("name",)

    class Meta:
        verbose_name = "拟任职人员"

    def __str__(self):
        return self.name

    @property
    def notice_name(self) -> str:
        return self.name

    def notice_facts(self):
        return [("现任职务", self.current_post), ("拟任职务", self.proposed_post)]

    @classmethod
    def notice_candidate_filter(cls):
        return {"status__in": [cls.Status.PROPOSED, cls.Status.IN_NOTICE]}

    def notice_candidate_problem(self, notice_id):
        if self.status == self.Status.APPOINTED:
            return "已任职人员不能再列入公示。"
        return None

    def on_notice_published(self, notice, user=None):
        if self.status == self.Status.PROPOSED:
            self.status = self.Status.IN_NOTICE
            self.save(update_fields=["status"])

    def on_notice_approved(self, candidate, user=None):
        self.status = self.Status.APPOINTED
        self.save(update_fields=["status"])
