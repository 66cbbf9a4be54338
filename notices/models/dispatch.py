"""Page types hand over to the layers above them by dotted path.

A page's context, its sub-page routes and the step its publication applies live in
views and services, which import the models. The page names those functions by
dotted path, resolved when first called (as ``subpage_types`` names page types and
``ROOT_URLCONF`` names a module), so models never import the layers above them.
"""

from __future__ import annotations

from functools import cache

from django.utils.module_loading import import_string


@cache
def resolve(dotted_path: str):
    """The function named by ``dotted_path`` (imported once)."""
    return import_string(dotted_path)


def call(dotted_path: str, *args, **kwargs):
    """Call the function named by ``dotted_path``."""
    return resolve(dotted_path)(*args, **kwargs)
