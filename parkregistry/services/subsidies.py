"""Operating subsidies (Art. 13): a park's placements for a year and the
subsidy computed from them.

``record_subsidy`` records the placements and stores the amounts worked out by
``parkregistry.models.registry.compute_subsidy``, in one transaction and with
who acted (simple-history); a subsidy withdrawn after a failed rectification
stays withdrawn.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from parkregistry.models import Park, SubsidyRecord
from parkregistry.models.registry import RegistryError, compute_subsidy
from parkregistry.services.history import attributed


def record_subsidy(park: Park, year: int, placed: int, user=None) -> SubsidyRecord:
    """Record the placements of ``park`` for ``year`` and compute its subsidy.

    A withdrawn subsidy stays withdrawn.
    """
    if year < park.approved_on.year:
        raise RegistryError(
            _("The park was approved in %(approved)s: no subsidy for %(year)s.")
            % {"approved": park.approved_on.year, "year": year}
        )
    figures = compute_subsidy(park, year, placed)
    with transaction.atomic():
        record, _created = SubsidyRecord.objects.select_for_update().get_or_create(
            park=park, year=year
        )
        record.placed = placed
        for key, value in figures.items():
            setattr(record, key, value)
        attributed(record, user).save()
    return record
