"""The Django side: settings, mirrors of the archive tables, admin, public catalog."""
