"""The citation graph on the Django side: the librarians' admin of works and citations."""
