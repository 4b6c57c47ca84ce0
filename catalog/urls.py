from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, re_path

from catalog import api, feeds, site, views
from catalog.oai import views as oai
from catalog.sitemaps import SITEMAPS

urlpatterns = [
    path("", views.document_list, name="document-list"),
    path("healthz", views.healthz, name="healthz"),
    path("documents/<int:pk>/", views.document_detail, name="document-detail"),
    re_path(r"^documents/(?P<pk>[0-9]{1,18})/cite\.(?P<fmt>bib|ris|csl\.json)$", views.cite,
            name="document-cite"),
    path("authors/<int:pk>/", views.person_detail, name="person-detail"),
    path("publishers/<int:pk>/", views.organization_detail, name="organization-detail"),
    path("api/documents/", api.document_list, name="api-document-list"),
    path("api/documents/<int:pk>/", api.document_detail, name="api-document-detail"),
    path("oai", oai.endpoint, name="oai"),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS,
         "sitemap_url_name": "sitemap-section"}, name="sitemap"),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS},
         name="sitemap-section"),
    path("feeds/documents.atom", feeds.CatalogFeed(), name="feed"),
    path("authors/<int:pk>/feed.atom", feeds.AuthorFeed(), name="person-feed"),
    path("publishers/<int:pk>/feed.atom", feeds.PublisherFeed(), name="organization-feed"),
    path("robots.txt", site.robots_txt, name="robots"),
    path("favicon.ico", site.favicon, name="favicon"),
    path("admin/", admin.site.urls),
]

handler404 = "catalog.site.page_not_found"
handler500 = "catalog.site.server_error"
