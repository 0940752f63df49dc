from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("function/<int:pk>/", views.document_function, name="testapp-function"),
    path("stored/<path:name>", views.stored_function, name="testapp-stored"),
    path("cbv/<int:pk>/", views.OwnDocumentView.as_view(), name="testapp-cbv"),
    path("object/<int:pk>/", views.DocumentObjectView.as_view(), name="testapp-object"),
    path("path/<path:name>", views.path_function, name="testapp-path"),
    path("path-view/<path:name>", views.PathView.as_view(), name="testapp-path-view"),
    path("usernames/", views.usernames, name="testapp-usernames"),
    path("generated/<int:count>/", views.GeneratedView.as_view(), name="testapp-generated"),
]
