"""Validate OAI-PMH responses against the official schemas shipped in ``schemas/``.

One compiled schema covers the whole response: OAI-PMH 2.0 itself and everything
its ``<any processContents="strict">`` slots may carry here — ``oai_dc`` (with
Simple Dublin Core), MODS 3.6 and the ``oai-identifier`` description of
``Identify``.  The schema files are the publishers' own, unchanged
(``schemas/README.md`` says where each comes from); the remote locations they
import are resolved to the local copies, so validation never touches the network.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree

__all__ = ["SCHEMA_DIR", "ValidationFailed", "response_schema", "validate_response"]

SCHEMA_DIR = Path(__file__).with_name("schemas")

# Where the shipped files are imported from, by their official locations.
_REMOTE = {
    "http://www.w3.org/2001/03/xml.xsd": "xml.xsd",
    "http://www.w3.org/2001/xml.xsd": "xml.xsd",
    "http://www.w3.org/2009/01/xml.xsd": "xml.xsd",
    "http://www.loc.gov/mods/xml.xsd": "xml.xsd",
    "http://www.loc.gov/standards/xlink/xlink.xsd": "xlink.xsd",
}

# Our own driver document: it only imports the official schemas, one per namespace.
_DRIVER = b"""<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:import namespace="http://www.openarchives.org/OAI/2.0/" schemaLocation="OAI-PMH.xsd"/>
  <xs:import namespace="http://www.openarchives.org/OAI/2.0/oai_dc/" schemaLocation="oai_dc.xsd"/>
  <xs:import namespace="http://www.loc.gov/mods/v3" schemaLocation="mods-3-6.xsd"/>
  <xs:import namespace="http://www.openarchives.org/OAI/2.0/oai-identifier"
             schemaLocation="oai-identifier.xsd"/>
</xs:schema>
"""


class ValidationFailed(AssertionError):
    """A response does not validate; the message lists every error with its line."""


class _LocalSchemas(etree.Resolver):
    def resolve(self, url: str, _public_id: str, context):  # noqa: ANN001, ANN201
        name = _REMOTE.get(url)
        if name is None and url.startswith(("http://", "https://")):
            raise ValidationFailed(f"schema {url} is not shipped in {SCHEMA_DIR}")
        if name is None:
            return None  # a relative location inside SCHEMA_DIR: libxml2 reads the file
        return self.resolve_filename(str(SCHEMA_DIR / name), context)


@cache
def response_schema() -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_LocalSchemas())
    driver = etree.fromstring(_DRIVER, parser, base_url=str(SCHEMA_DIR / "driver.xsd"))
    return etree.XMLSchema(driver)


def validate_response(content: bytes) -> etree._Element:
    """Parse an OAI-PMH response and validate it whole; raise :class:`ValidationFailed` if not.

    Returns the parsed root element.
    """
    root = etree.fromstring(content, etree.XMLParser(no_network=True, resolve_entities=False))
    schema = response_schema()
    if not schema.validate(root):
        errors = "; ".join(f"line {e.line}: {e.message}" for e in schema.error_log)
        raise ValidationFailed(f"the response does not validate: {errors}")
    return root
