"""The researchers' catalog (``/``): published documents only.

* ``visibility`` — the one "published and not withdrawn" rule every public view starts from
* ``views`` — the list, document, author and publisher pages, citation downloads
* ``api`` — the read-only JSON API
* ``filters``, ``search``, ``facets``, ``listing`` — the query string → one page of results
* ``pages`` — a document's text with its note markers, escaped
* ``as_of`` — the catalog as published at a past moment
* ``sitemaps`` — ``sitemap.xml``
"""
