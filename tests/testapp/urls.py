from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("function/<int:pk>/", views.document_function, name="testapp-function"),
    path("stored/<path:name>", views.stored_function, name="testapp-stored"),
    path("cbv/<int:pk>/", views.OwnDocumentView.as_view(), name="testapp-cbv"),
    path("object/<int:pk>/", views.DocumentObjectView.as_view(), name="testapp-object"),
]
