from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, re_path

from catalog.oai import views as oai
from catalog.public import api, feeds, site, views
from catalog.public.sitemaps import SITEMAPS

urlpatterns = [
    path("", views.document_list, name="document-list"),
    path("healthz", views.healthz, name="healthz"),
    path("documents/<int:pk>/", views.document_detail, name="document-detail"),
    re_path(r"^documents/(?P<pk>[0-9]{1,18})/cite\.(?P<fmt>bib|ris|csl\.json)$", views.cite,
            name="document-cite"),
    re_path(r"^documents/(?P<pk>[0-9]{1,18})/works-cited\.(?P<fmt>bib|ris|csl\.json)$",
            views.cite_works, name="document-works-cited"),
    # Work ids are 32-bit integers: a longer number is no work (and no database error).
    re_path(r"^works/(?P<pk>[0-9]{1,9})/$", views.work_detail, name="work-detail"),
    path("authors/<int:pk>/", views.person_detail, name="person-detail"),
    path("publishers/<int:pk>/", views.organization_detail, name="organization-detail"),
    path("api/documents/", api.document_list, name="api-document-list"),
    path("api/documents/<int:pk>/", api.document_detail, name="api-document-detail"),
    path("api/documents/<int:pk>/works-cited/", api.document_works_cited,
         name="api-document-works-cited"),
    re_path(r"^api/works/(?P<pk>[0-9]{1,9})/$", api.work_detail, name="api-work-detail"),
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

handler404 = "catalog.public.site.page_not_found"
handler500 = "catalog.public.site.server_error"
