"""The OAI-PMH 2.0 protocol: six verbs, their arguments, every error condition.

:func:`respond` takes the request's arguments (each with every value it was
given), a read connection and the repository's configuration, and returns the
response document.  Nothing here knows about HTTP or Django.

Errors (the protocol's own codes, answered with HTTP 200 like every response):

* ``badVerb`` — no verb, an unknown verb, or the verb given twice;
* ``badArgument`` — an argument the verb does not take, one given twice, a
  required one missing, ``resumptionToken`` with anything but the verb, a
  malformed date, mixed granularities, a malformed setSpec or metadataPrefix;
* ``badResumptionToken`` — a token not issued here, altered, for another verb,
  or expired;
* ``cannotDisseminateFormat`` — a metadataPrefix other than ``oai_dc`` and ``mods``;
* ``idDoesNotExist`` — an identifier of another repository, malformed, unknown,
  or naming a document never published (a draft);
* ``noRecordsMatch`` — the list asked for is empty (an unknown set too);
* ``noMetadataFormats`` — never: every record is disseminated in every format;
* ``noSetHierarchy`` — never: the repository has sets.

Deleted records are persistent: a document published once and then withdrawn
(or set back to draft) is a header with ``status="deleted"``, dated when it
left publication, for ever; one never published does not exist here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from lxml import etree

from archive.kinds import kind_label
from archive.oai import store
from archive.oai.context import RecordContext
from archive.oai.datestamps import BadDatestamp, format_datestamp, parse_bound, whole_second
from archive.oai.formats import FORMATS, MetadataFormat
from archive.oai.identifiers import document_id, oai_identifier
from archive.oai.sets import SET_SPEC, SetFilter, parse_set, set_specs
from archive.oai.tokens import BadToken, ListState, decode_token, encode_token
from archive.oai.xmltext import xml_text
from archive.records import core_document_records

__all__ = ["OAI_NS", "Repository", "respond"]

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
IDENTIFIER_NS = "http://www.openarchives.org/OAI/2.0/oai-identifier"
IDENTIFIER_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai-identifier.xsd"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"
# Announced when the repository holds no record yet: a lower bound of every datestamp.
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)

_PREFIX = re.compile(r"[A-Za-z0-9\-_.!~*'()]+")
_URI_SAFE = re.compile(r"[^\s\x00-\x1f\x7f]+")


@dataclass(frozen=True, slots=True)
class Verb:
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    exclusive: str | None = None  # an argument that stands alone (with the verb)


VERBS: dict[str, Verb] = {
    "Identify": Verb(),
    "ListMetadataFormats": Verb(optional=("identifier",)),
    "ListSets": Verb(exclusive="resumptionToken"),
    "GetRecord": Verb(required=("identifier", "metadataPrefix")),
    "ListIdentifiers": Verb(("metadataPrefix",), ("from", "until", "set"), "resumptionToken"),
    "ListRecords": Verb(("metadataPrefix",), ("from", "until", "set"), "resumptionToken"),
}


@dataclass(frozen=True, slots=True)
class Repository:
    """The repository's configuration and the URLs of this request."""

    name: str
    base_url: str
    identifier: str  # the repository identifier of the OAI identifiers
    admin_emails: tuple[str, ...]
    token_key: bytes
    document_url: Callable[[int], str]  # the public page of a document, absolute
    rights: str | None = None
    records_per_page: int = 50
    headers_per_page: int = 250
    sets_per_page: int = 500
    token_lifetime: dt.timedelta = dt.timedelta(hours=24)


class OaiError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


@dataclass
class _Request:
    connection: sa.Connection
    repository: Repository
    now: dt.datetime
    arguments: dict[str, str]


def _element(parent: etree._Element | None, name: str, text: str | None = None,
             namespace: str = OAI_NS, **attributes: str) -> etree._Element:
    tag = f"{{{namespace}}}{name}"
    element = etree.Element(tag) if parent is None else etree.SubElement(parent, tag)
    if text is not None:
        element.text = xml_text(text)
    for key, value in attributes.items():
        element.set(key, xml_text(value))
    return element


# -- the request's arguments -------------------------------------------------------


def _parse_arguments(given: Mapping[str, Sequence[str]]) -> tuple[str, dict[str, str]]:
    verbs = list(given.get("verb", []))
    if not verbs:
        raise OaiError("badVerb", "the request has no verb argument")
    if len(verbs) > 1:
        raise OaiError("badVerb", "the verb argument is repeated")
    verb = verbs[0]
    if verb not in VERBS:
        raise OaiError("badVerb", f"{verb[:60]!r} is not a verb of OAI-PMH 2.0: "
                                  f"use one of {', '.join(VERBS)}")
    rules = VERBS[verb]
    allowed = set(rules.required) | set(rules.optional) | {rules.exclusive} - {None}
    problems = []
    arguments: dict[str, str] = {}
    for name, values in given.items():
        if name == "verb":
            continue
        if name not in allowed:
            problems.append(f"{verb} takes no argument {name[:40]!r}")
        elif len(values) > 1:
            problems.append(f"the argument {name} is repeated")
        else:
            arguments[name] = values[0]
    if rules.exclusive in arguments and len(arguments) > 1:
        problems.append(f"{rules.exclusive} is an exclusive argument: give it alone with the verb")
    elif rules.exclusive not in arguments:
        problems += [f"{verb} requires the argument {name}"
                     for name in rules.required if name not in arguments]
    if "metadataPrefix" in arguments and not _PREFIX.fullmatch(arguments["metadataPrefix"]):
        problems.append("metadataPrefix holds characters no metadata prefix can have")
    if "set" in arguments and not SET_SPEC.fullmatch(arguments["set"]):
        problems.append(f"set={arguments['set'][:60]!r} is not a setSpec")
    if problems:
        raise OaiError("badArgument", "; ".join(problems))
    return verb, arguments


def _echo(request: etree._Element, verb: str, arguments: dict[str, str]) -> None:
    """The request's arguments as attributes of ``<request>`` (those of a valid type)."""
    request.set("verb", verb)
    for name, value in arguments.items():
        if name == "identifier" and not _URI_SAFE.fullmatch(value):
            continue  # not an anyURI: the attribute would make the response invalid
        request.set(name, xml_text(value))


# -- responses ----------------------------------------------------------------------


def respond(
    connection: sa.Connection,
    repository: Repository,
    arguments: Mapping[str, Sequence[str]],
    now: dt.datetime,
) -> bytes:
    """The whole response (UTF-8 XML) to one request."""
    now = whole_second(now)
    root = etree.Element(f"{{{OAI_NS}}}OAI-PMH", nsmap={None: OAI_NS, "xsi": XSI_NS})
    root.set(f"{{{XSI_NS}}}schemaLocation", f"{OAI_NS} {OAI_SCHEMA}")
    _element(root, "responseDate", format_datestamp(now))
    request_element = _element(root, "request", repository.base_url)
    try:
        verb, parsed = _parse_arguments(arguments)
        _echo(request_element, verb, parsed)
        body = HANDLERS[verb](_Request(connection, repository, now, parsed))
        root.append(body)
    except OaiError as error:
        if error.code in ("badVerb", "badArgument"):
            request_element.attrib.clear()  # the protocol: only the base URL, no attributes
        _element(root, "error", error.message, code=error.code)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _identify(request: _Request) -> etree._Element:
    repository = request.repository
    body = _element(None, "Identify")
    _element(body, "repositoryName", repository.name)
    _element(body, "baseURL", repository.base_url)
    _element(body, "protocolVersion", "2.0")
    for email in repository.admin_emails:
        _element(body, "adminEmail", email)
    earliest = store.earliest_datestamp(request.connection) or EPOCH
    _element(body, "earliestDatestamp", format_datestamp(earliest))
    _element(body, "deletedRecord", "persistent")
    _element(body, "granularity", GRANULARITY)
    description = _element(body, "description")
    identifier = etree.SubElement(
        description, f"{{{IDENTIFIER_NS}}}oai-identifier", nsmap={None: IDENTIFIER_NS}
    )
    identifier.set(f"{{{XSI_NS}}}schemaLocation", f"{IDENTIFIER_NS} {IDENTIFIER_SCHEMA}")
    _element(identifier, "scheme", "oai", IDENTIFIER_NS)
    _element(identifier, "repositoryIdentifier", repository.identifier, IDENTIFIER_NS)
    _element(identifier, "delimiter", ":", IDENTIFIER_NS)
    _element(identifier, "sampleIdentifier", oai_identifier(repository.identifier, 1),
             IDENTIFIER_NS)
    return body


def _existing_header(request: _Request, identifier: str) -> store.Header:
    number = document_id(request.repository.identifier, identifier)
    found = None if number is None else store.header(request.connection, number)
    if found is None:
        raise OaiError("idDoesNotExist",
                       f"{identifier[:200]!r} is not the identifier of a record of this repository")
    return found


def _list_metadata_formats(request: _Request) -> etree._Element:
    if "identifier" in request.arguments:
        _existing_header(request, request.arguments["identifier"])
    body = _element(None, "ListMetadataFormats")
    for fmt in FORMATS.values():
        entry = _element(body, "metadataFormat")
        _element(entry, "metadataPrefix", fmt.prefix)
        _element(entry, "schema", fmt.schema)
        _element(entry, "metadataNamespace", fmt.namespace)
    return body


def _format(prefix: str) -> MetadataFormat:
    fmt = FORMATS.get(prefix)
    if fmt is None:
        raise OaiError("cannotDisseminateFormat",
                       f"records are not disseminated as {prefix!r}: use one of "
                       f"{', '.join(FORMATS)}")
    return fmt


def _header_element(parent: etree._Element, repository: Repository,
                    header: store.Header) -> etree._Element:
    element = _element(parent, "header")
    if header.deleted:
        element.set("status", "deleted")
    _element(element, "identifier", oai_identifier(repository.identifier, header.document_id))
    _element(element, "datestamp", format_datestamp(header.datestamp))
    for spec in set_specs(header.kind, header.language, header.publisher_id):
        _element(element, "setSpec", spec)
    return element


def _records(request: _Request, headers: list[store.Header], prefix: str,
             parent: etree._Element) -> None:
    """``<record>`` of each header: metadata from the canonical public record, or deleted."""
    fmt = _format(prefix)
    repository = request.repository
    wanted = [h.document_id for h in headers if not h.deleted]
    # The formats never carry the body: it is not read (with_text=False).
    records = {r["id"]: r for r in core_document_records(request.connection, wanted, "public",
                                                         with_text=False)}
    for header in headers:
        record = records.get(header.document_id)
        if record is not None and record["status"] != "published":
            record = None  # withdrawn since the header was read: the header says deleted
        if record is None and not header.deleted:
            header = store.Header(header.document_id, header.datestamp, True, header.kind,
                                  header.language, header.publisher_id)
        element = _element(parent, "record")
        _header_element(element, repository, header)
        if record is None:
            continue
        context = RecordContext(
            page_url=repository.document_url(header.document_id),
            oai_identifier=oai_identifier(repository.identifier, header.document_id),
            datestamp=header.datestamp,
            repository_name=repository.name,
            rights=repository.rights,
        )
        _element(element, "metadata").append(fmt.build(record, context))


def _get_record(request: _Request) -> etree._Element:
    header = _existing_header(request, request.arguments["identifier"])
    body = _element(None, "GetRecord")
    _records(request, [header], request.arguments["metadataPrefix"], body)
    return body


# -- lists and their resumption tokens -------------------------------------------------


def _new_list(request: _Request, verb: str) -> tuple[ListState, store.Window]:
    arguments = request.arguments
    # Malformed dates first: any later error would echo them in <request>, unparsed.
    try:
        bounds = {name: parse_bound(arguments[name], name)
                  for name in ("from", "until") if name in arguments}
    except BadDatestamp as error:
        raise OaiError("badArgument", str(error)) from None
    if len(bounds) == 2 and bounds["from"].day != bounds["until"].day:
        raise OaiError("badArgument", "from and until must have the same granularity")
    prefix = arguments["metadataPrefix"]
    _format(prefix)
    chosen: SetFilter | None = None
    if "set" in arguments:
        chosen = parse_set(arguments["set"])
        if chosen is None:
            raise OaiError("noRecordsMatch", f"this repository has no set {arguments['set']!r}")
    since = bounds["from"].first if "from" in bounds else None
    upper = min(bounds["until"].last, request.now) if "until" in bounds else request.now
    window = store.Window(since, upper, chosen)
    complete = 0 if since is not None and since > upper else store.count(request.connection, window)
    if complete == 0:
        raise OaiError("noRecordsMatch", "no record matches these arguments")
    state = ListState(verb, prefix, arguments.get("set"), since, upper, None, 0, complete,
                      request.now + request.repository.token_lifetime)
    return state, window


def _resumed_list(request: _Request, verb: str) -> tuple[ListState, store.Window]:
    try:
        state = decode_token(request.arguments["resumptionToken"], request.repository.token_key,
                             request.now)
    except BadToken as error:
        raise OaiError("badResumptionToken", str(error)) from None
    if state.verb != verb:
        raise OaiError("badResumptionToken", f"this resumptionToken continues a {state.verb} "
                                             f"list, not a {verb} list")
    chosen = parse_set(state.set_spec) if state.set_spec else None
    return state, store.Window(state.since, state.upper, chosen)


def _token_element(parent: etree._Element, request: _Request, state: ListState,
                   after: tuple[dt.datetime, int] | None, sent: int) -> None:
    """The ``resumptionToken`` closing a page: a new token, or empty on the last page."""
    resumed = "resumptionToken" in request.arguments
    if after is None and not resumed:
        return  # the whole list fitted in one response
    complete = max(state.complete, state.cursor + sent)
    attributes = {"completeListSize": str(complete), "cursor": str(state.cursor)}
    if after is None:
        _element(parent, "resumptionToken", "", **attributes)
        return
    expires = request.now + request.repository.token_lifetime
    following = ListState(state.verb, state.metadata_prefix, state.set_spec, state.since,
                          state.upper, after, state.cursor + sent, complete, expires)
    token = encode_token(following, request.repository.token_key)
    _element(parent, "resumptionToken", token, expirationDate=format_datestamp(expires),
             **attributes)


def _list(request: _Request, verb: str, size: int) -> tuple[list[store.Header], ListState,
                                                            tuple[dt.datetime, int] | None]:
    resumed = "resumptionToken" in request.arguments
    state, window = (_resumed_list if resumed else _new_list)(request, verb)
    headers = store.page(request.connection, window, state.after, size + 1)
    if not headers and state.after is not None:
        # Every record left after the position was changed since the list began, so
        # moved past its snapshot bound: end the list with the next one as it is now
        # (a list cannot end on an empty page; the next harvest gets the others).
        beyond = store.Window(window.since, dt.datetime.max.replace(tzinfo=dt.UTC), window.set)
        headers = store.page(request.connection, beyond, state.after, 1)
    if not headers:
        raise OaiError("noRecordsMatch", "no record matches these arguments")
    more = len(headers) > size
    headers = headers[:size]
    after = (headers[-1].datestamp, headers[-1].document_id) if more else None
    return headers, state, after


def _list_identifiers(request: _Request) -> etree._Element:
    headers, state, after = _list(request, "ListIdentifiers",
                                  request.repository.headers_per_page)
    body = _element(None, "ListIdentifiers")
    for header in headers:
        _header_element(body, request.repository, header)
    _token_element(body, request, state, after, len(headers))
    return body


def _list_records(request: _Request) -> etree._Element:
    headers, state, after = _list(request, "ListRecords", request.repository.records_per_page)
    body = _element(None, "ListRecords")
    _records(request, headers, state.metadata_prefix or "", body)
    _token_element(body, request, state, after, len(headers))
    return body


def _all_sets(connection: sa.Connection) -> list[tuple[str, str]]:
    """(setSpec, setName) of every set, parents first, in a stable order."""
    found = store.set_values(connection)
    sets = [("kind", "Every record, by kind of document"),
            ("language", "Every record, by language"),
            ("publisher", "Every record that names a publisher, by publisher")]
    sets += [(f"kind:{code}", f"Kind: {kind_label(code)}") for code in found.kinds]
    sets += [(f"language:{code}", f"Language: {code}") for code in found.languages]
    sets += [(f"publisher:{number}", f"Publisher: {name}") for number, name in found.publishers]
    return [(spec, name) for spec, name in sets if SET_SPEC.fullmatch(spec)]


def _list_sets(request: _Request) -> etree._Element:
    size = request.repository.sets_per_page
    if "resumptionToken" in request.arguments:
        state, _window = _resumed_list(request, "ListSets")
    else:
        state = ListState("ListSets", None, None, None, request.now, None, 0, 0,
                          request.now + request.repository.token_lifetime)
    sets = _all_sets(request.connection)
    start = state.after[1] if state.after else 0
    chosen = sets[start:start + size]
    if not chosen:
        raise OaiError("badResumptionToken", "the list of sets has changed: start it again")
    state = ListState(state.verb, None, None, None, state.upper, state.after, state.cursor,
                      state.complete or len(sets), state.expires)
    body = _element(None, "ListSets")
    for spec, name in chosen:
        entry = _element(body, "set")
        _element(entry, "setSpec", spec)
        _element(entry, "setName", name)
    end = start + len(chosen)
    _token_element(body, request, state, (state.upper, end) if end < len(sets) else None,
                   len(chosen))
    return body


HANDLERS: dict[str, Callable[[_Request], etree._Element]] = {
    "Identify": _identify,
    "ListMetadataFormats": _list_metadata_formats,
    "ListSets": _list_sets,
    "GetRecord": _get_record,
    "ListIdentifiers": _list_identifiers,
    "ListRecords": _list_records,
}
