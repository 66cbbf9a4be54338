"""Short ASCII page URLs: ``/notices/2026-3/`` instead of the encoded title.

``SequentialSlugMixin`` gives a page type slugs of the form ``<year>-<n>``
(``notices.rules.slugs``): the year of the page's own date field, ``n`` the next
number of that year under the same parent. ``SequentialSlugFormMixin`` does the
same in the page editor: a new page's slug is prefilled, an empty slug is filled
in, and a non-ASCII slug typed by hand is refused with a message. The notice
page uses both, and so does any client's dated page (the registry's decisions).

``rename_non_ascii_slugs`` is the data migration of pages saved before: each
non-ASCII slug is replaced, the page's revisions follow, and the old address
(and the given sub-paths) redirect to the new one when Wagtail's redirects app
is installed. It works on the historical models of a migration and on the real
ones alike.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notices.rules.slugs import is_ascii_slug, is_title_residue, next_sequential_slug

#: Length of one level of a Wagtail page's tree path (treebeard ``steplen``).
STEPLEN = 4


def _year_of(day) -> int:
    return day.year if day else timezone.localdate().year


class SequentialSlugMixin:
    """A page type whose slug is ``<year>-<n>`` unless an ASCII one is given.

    Put it before ``Page`` in the bases and name the date field that dates the
    page in ``slug_date_field``. A page saved in code without a slug, or with a
    non-ASCII one, gets the next free ``<year>-<n>`` among its siblings as soon
    as its parent is known (``add_child`` and every later save); Wagtail's own
    default, the slugified title, never applies.
    """

    #: The date field whose year the slug carries.
    slug_date_field = "start_date"

    def slug_year(self, day=None) -> int:
        """The year of the slug: ``day``'s, else the page's date's, else today's."""
        return _year_of(day or getattr(self, self.slug_date_field, None))

    def sequential_slug(self, parent, day=None) -> str:
        """The next free ``<year>-<n>`` under ``parent``, this page left out."""
        siblings = parent.get_children()
        if self.pk:
            siblings = siblings.exclude(pk=self.pk)
        return next_sequential_slug(
            self.slug_year(day), siblings.values_list("slug", flat=True)
        )

    def _assign_ascii_slug(self) -> None:
        if is_ascii_slug(self.slug):
            return
        parent_is_known = self.path or getattr(self, "_cached_parent_obj", None)
        if parent_is_known:
            self.slug = self.sequential_slug(self.get_parent())

    def full_clean(self, *args, **kwargs):
        self._assign_ascii_slug()
        super().full_clean(*args, **kwargs)

    def minimal_clean(self):
        self._assign_ascii_slug()
        super().minimal_clean()


class SequentialSlugFormMixin:
    """The page editor's side of ``SequentialSlugMixin`` (put it before
    ``WagtailAdminPageForm``).

    A new page's slug is prefilled with ``<this year>-<n>``, which also keeps the
    editor's title-to-slug sync from overwriting it. When the form is posted, a
    slug left as prefilled, cleared, or reduced to what the sync made of the
    Chinese title is (re)computed from the page's own date; any other ASCII slug
    is the editor's choice; a non-ASCII one is refused.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("slug")
        if field is None:
            return
        field.required = False
        field.help_text = gettext_lazy(
            "Part of the web address, filled in as year-number (e.g. 2026-3). "
            "You may enter another one of Latin letters, digits and hyphens."
        )
        if self.instance.pk is None and self.parent_page is not None:
            if not self.initial.get("slug"):
                self.initial["slug"] = self.instance.sequential_slug(self.parent_page)

    def clean(self):
        if "slug" in self.fields and "slug" in self.cleaned_data:
            self._clean_sequential_slug()
        return super().clean()

    def _clean_sequential_slug(self) -> None:
        data = self.cleaned_data
        slug = data.get("slug") or ""
        instance = self.instance
        untouched = instance.pk is None and slug == self.initial.get("slug")
        automatic = (
            not slug or untouched or is_title_residue(slug, data.get("title") or "")
        )
        if automatic and instance.pk and is_ascii_slug(self.initial.get("slug")):
            # An existing page keeps its address when the field was emptied.
            data["slug"] = self.initial["slug"]
            return
        parent = self.parent_page or (instance.get_parent() if instance.pk else None)
        if parent is None:  # pragma: no cover - the editor always knows the parent
            return
        proposal = instance.sequential_slug(
            parent, day=data.get(instance.slug_date_field)
        )
        if automatic:
            data["slug"] = proposal
        elif not is_ascii_slug(slug):
            self.add_error(
                "slug",
                _(
                    "The web address may contain only Latin letters, digits, "
                    "hyphens and underscores, such as %(example)s. Clear the "
                    "field to get the automatic address."
                )
                % {"example": proposal},
            )


# --- the data migration of existing pages ---------------------------------------


def _redirect_model(apps):
    try:
        return apps.get_model("wagtailredirects", "Redirect")
    except LookupError:  # the site does not install wagtail.contrib.redirects
        return None


def _move(apps, page, new_slug: str) -> tuple[str, str]:
    """Give ``page`` the slug ``new_slug``: its URL path, its descendants' paths
    and its revisions follow. Returns the old and the new URL path."""
    Page = apps.get_model("wagtailcore", "Page")
    Revision = apps.get_model("wagtailcore", "Revision")
    old_slug, old_path = page.slug, page.url_path
    new_path = old_path[: len(old_path) - len(old_slug) - 1] + new_slug + "/"
    Page.objects.filter(pk=page.pk).update(slug=new_slug, url_path=new_path)
    descendants = Page.objects.filter(path__startswith=page.path, depth__gt=page.depth)
    for pk, url_path in descendants.values_list("pk", "url_path"):
        Page.objects.filter(pk=pk).update(url_path=new_path + url_path[len(old_path) :])
    # The editor opens, and the workflow publishes, the latest revision: it must
    # not bring the old slug back.
    revisions = Revision.objects.filter(
        content_type_id=page.content_type_id, object_id=str(page.pk)
    )
    for revision in revisions:
        content = revision.content or {}
        if content.get("slug") == old_slug:
            content["slug"] = new_slug
            if "url_path" in content:
                content["url_path"] = new_path
            revision.content = content
            revision.save(update_fields=["content"])
    return old_path, new_path


def _site_paths(apps, url_path: str):
    """(site, path on that site) for every site that serves ``url_path``."""
    Site = apps.get_model("wagtailcore", "Site")
    for site in Site.objects.select_related("root_page"):
        root = site.root_page.url_path
        if url_path.startswith(root):
            yield site, "/" + url_path[len(root) :]


def _redirect(Redirect, site, old_path: str, **target) -> None:
    old_path = old_path.rstrip("/") or "/"
    if len(old_path) > Redirect._meta.get_field("old_path").max_length:
        return
    Redirect.objects.update_or_create(
        old_path=old_path,
        site_id=site.pk,
        defaults={"is_permanent": True, "automatically_created": True, **target},
    )


def rename_non_ascii_slugs(
    apps,
    app_label: str,
    model_name: str,
    date_field: str,
    extra_paths: Iterable[str] = (),
) -> list[tuple[int, str, str]]:
    """Replace every non-ASCII slug of a page type with ``<year>-<n>``.

    Args:
        apps: the app registry (a migration's, or ``django.apps.apps``).
        app_label: the page type's app.
        model_name: the page type.
        date_field: the date field whose year the new slug carries.
        extra_paths: sub-paths of the old address that redirect too: ending in
            "/" a route of the page (``objection/``), otherwise a file served
            beside it (``notice.ics``).

    Returns:
        (page id, old slug, new slug) for each page renamed.
    """
    model = apps.get_model(app_label, model_name)
    Page = apps.get_model("wagtailcore", "Page")
    Redirect = _redirect_model(apps)
    extra_paths = tuple(extra_paths)
    renamed = []
    for page in model.objects.order_by(date_field, "path"):
        if is_ascii_slug(page.slug):
            continue
        siblings = Page.objects.filter(
            path__startswith=page.path[:-STEPLEN], depth=page.depth
        ).exclude(pk=page.pk)
        new_slug = next_sequential_slug(
            _year_of(getattr(page, date_field)),
            siblings.values_list("slug", flat=True),
        )
        old_slug = page.slug
        old_url_path, new_url_path = _move(apps, page, new_slug)
        renamed.append((page.pk, old_slug, new_slug))
        if Redirect is None:
            continue
        new_paths = dict(_site_paths(apps, new_url_path))
        for site, old in _site_paths(apps, old_url_path):
            _redirect(Redirect, site, old, redirect_page_id=page.pk)
            for extra in extra_paths:
                if extra.endswith("/"):
                    _redirect(
                        Redirect,
                        site,
                        old + extra,
                        redirect_page_id=page.pk,
                        redirect_page_route_path="/" + extra,
                    )
                elif site in new_paths:
                    _redirect(
                        Redirect,
                        site,
                        old + extra,
                        redirect_page_id=None,
                        redirect_link=new_paths[site] + extra,
                    )
    return renamed


def restore_non_ascii_slugs(
    apps, app_label: str, model_name: str, extra_paths: Iterable[str] = ()
) -> None:
    """Undo ``rename_non_ascii_slugs``: the slug each redirect came from comes
    back, and the redirects made for it go."""
    model = apps.get_model(app_label, model_name)
    Redirect = _redirect_model(apps)
    if Redirect is None:
        return
    pages = {p.pk: p for p in model.objects.all()}
    own = Redirect.objects.filter(
        automatically_created=True,
        redirect_page_id__in=list(pages),
        redirect_page_route_path="",
    )
    for redirect in list(own):
        old_slug = redirect.old_path.rstrip("/").rsplit("/", 1)[-1]
        page = pages.get(redirect.redirect_page_id)
        if page is None or is_ascii_slug(old_slug) or page.slug == old_slug:
            continue
        _move(apps, page, old_slug)
        page.slug = old_slug
        made = [redirect.old_path + "/" + extra.rstrip("/") for extra in extra_paths]
        Redirect.objects.filter(
            automatically_created=True,
            site_id=redirect.site_id,
            old_path__in=[redirect.old_path, *made],
        ).delete()
