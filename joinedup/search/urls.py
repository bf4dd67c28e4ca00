from __future__ import annotations

from django.urls import path

from joinedup.search import crisis_views, needs_admin, views

app_name = "search"
urlpatterns = [
    # The home page is the search page (need, place, filters): one engine for every entry.
    path("", views.search_page, name="home"),
    path("crisis-contacts/", crisis_views.list_contacts, name="crisis-contacts"),
    path("crisis-contacts/add/", crisis_views.add_contact, name="add-crisis-contact"),
    path(
        "crisis-contacts/<int:contact_id>/edit/",
        crisis_views.edit_contact,
        name="edit-crisis-contact",
    ),
    path(
        "crisis-contacts/<int:contact_id>/move/",
        crisis_views.move_contact,
        name="move-crisis-contact",
    ),
    path(
        "crisis-contacts/<int:contact_id>/remove/",
        crisis_views.remove_contact,
        name="remove-crisis-contact",
    ),
    path("search/needs/", needs_admin.need_phrases, name="need-phrases"),
    path(
        "search/needs/<int:phrase_id>/remove/",
        needs_admin.remove_need_phrase,
        name="remove-need-phrase",
    ),
]
