from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = "Catalog"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from catalog import checks  # noqa: F401 - registers the deployment checks
        from catalog.oai import checks as oai_checks  # noqa: F401 - and the OAI settings' checks
