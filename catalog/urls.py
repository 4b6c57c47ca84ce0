from django.contrib import admin
from django.urls import path

from catalog import views

urlpatterns = [
    path("", views.DocumentListView.as_view(), name="document-list"),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]
