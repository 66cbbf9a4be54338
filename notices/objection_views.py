"""Public objection views: the form and the receipt of a notice."""

from django.http import Http404


def objection_form(request, page):
    raise Http404


def objection_receipt(request, page):
    raise Http404
