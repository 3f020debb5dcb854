# SPDX-License-Identifier: Apache-2.0
"""SPDX 2.3 JSON checks for upkeep's SPDX output.

No official SPDX 2.3 JSON schema can be installed here: Debian 12 packages no SPDX tooling, and
none of the npm packages looked at ships it (@cyclonedx/cdxgen ships only the SPDX 3 schema,
@cyclonedx/cyclonedx-library only CycloneDX's license-id list, @spdx/tools is not published).
So these checks are written from the SPDX 2.3 specification
(https://spdx.github.io/spdx-spec/v2.3/) and from the structure of the official schema
(spdx-spec, schemas/spdx-schema.json for 2.3: its required properties, types, enumerations and
closed objects), then made stricter where the specification's text says more than the schema:

- DERIVED_SCHEMA: the official schema's structure for everything upkeep writes (document,
  creationInfo, packages with externalRefs, relationships), with the same required properties,
  enumerations (referenceCategory, relationshipType, primaryPackagePurpose) and
  additionalProperties: false; every other top-level or package property of the official schema
  is allowed but not checked in depth.
- semantic_errors(): the formats the specification prescribes (section numbers of SPDX 2.3):
  spdxVersion "SPDX-2.3" (6.1), dataLicense "CC0-1.0" (6.2), SPDXRef-DOCUMENT (6.3), a
  documentNamespace that is an absolute URI without '#' (6.5), creators "Person: ",
  "Organization: " or "Tool: " (6.8), created as YYYY-MM-DDThh:mm:ssZ (6.9), package SPDXIDs
  "SPDXRef-" followed by letters, digits, '.' and '-' and unique in the document (7.2),
  supplier "Person: ", "Organization: " or NOASSERTION (7.5), downloadLocation NONE,
  NOASSERTION or a location (7.7), license fields NONE, NOASSERTION or a license expression
  (7.13, 7.15; Annex D: checked by the caller with spdx-expression-parse), externalRefs of
  category PACKAGE-MANAGER and type purl with a locator without spaces (7.21; Annex F: the purl
  itself is checked by the caller with packageurl-js), relationships between elements of the
  document (11.1), and a document that DESCRIBES at least one package (11.1, 6.3).
"""
import re

_STRING = {"type": "string"}
_RELATIONSHIP_TYPES = [
    "VARIANT_OF", "COPY_OF", "PATCH_FOR", "TEST_DEPENDENCY_OF", "CONTAINED_BY", "DATA_FILE_OF",
    "OPTIONAL_COMPONENT_OF", "ANCESTOR_OF", "GENERATES", "CONTAINS", "OPTIONAL_DEPENDENCY_OF",
    "FILE_ADDED", "REQUIREMENT_DESCRIPTION_FOR", "DEV_DEPENDENCY_OF", "DEPENDENCY_OF",
    "BUILD_DEPENDENCY_OF", "DESCRIBES", "PREREQUISITE_FOR", "HAS_PREREQUISITE",
    "PROVIDED_DEPENDENCY_OF", "DYNAMIC_LINK", "DESCRIBED_BY", "METAFILE_OF",
    "DEPENDENCY_MANIFEST_OF", "PATCH_APPLIED", "RUNTIME_DEPENDENCY_OF", "TEST_OF", "TEST_TOOL_OF",
    "DEPENDS_ON", "SPECIFICATION_FOR", "FILE_MODIFIED", "DISTRIBUTION_ARTIFACT", "AMENDS",
    "DOCUMENTATION_OF", "GENERATED_FROM", "STATIC_LINK", "OTHER", "BUILD_TOOL_OF", "TEST_CASE_OF",
    "PACKAGE_OF", "DESCENDANT_OF", "FILE_DELETED", "EXPANDED_FROM_ARCHIVE", "DEV_TOOL_OF",
    "EXAMPLE_OF",
]
_PACKAGE_PROPERTIES = {
    "SPDXID": _STRING, "annotations": {"type": "array"}, "attributionTexts": {"type": "array"},
    "builtDate": _STRING, "checksums": {"type": "array"}, "comment": _STRING,
    "copyrightText": _STRING, "description": _STRING, "downloadLocation": _STRING,
    "externalRefs": {
        "type": "array",
        "items": {
            "type": "object",
            "required": ["referenceCategory", "referenceLocator", "referenceType"],
            "additionalProperties": False,
            "properties": {
                "comment": _STRING,
                "referenceCategory": {"enum": ["OTHER", "PERSISTENT-ID", "SECURITY", "PACKAGE-MANAGER"]},
                "referenceLocator": _STRING,
                "referenceType": _STRING,
            },
        },
    },
    "filesAnalyzed": {"type": "boolean"}, "hasFiles": {"type": "array"}, "homepage": _STRING,
    "licenseComments": _STRING, "licenseConcluded": _STRING, "licenseDeclared": _STRING,
    "licenseInfoFromFiles": {"type": "array", "items": _STRING}, "name": _STRING,
    "originator": _STRING, "packageFileName": _STRING, "packageVerificationCode": {"type": "object"},
    "primaryPackagePurpose": {"enum": ["OTHER", "INSTALL", "ARCHIVE", "FIRMWARE", "APPLICATION",
                                       "FRAMEWORK", "LIBRARY", "CONTAINER", "SOURCE", "DEVICE",
                                       "OPERATING_SYSTEM", "FILE"]},
    "releaseDate": _STRING, "sourceInfo": _STRING, "summary": _STRING, "supplier": _STRING,
    "validUntilDate": _STRING, "versionInfo": _STRING,
}

DERIVED_SCHEMA = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "title": "SPDX 2.3 (derived for upkeep's tests: see spdx23.py)",
    "type": "object",
    "required": ["SPDXID", "creationInfo", "dataLicense", "name", "spdxVersion",
                 # Required by the specification (6.5), though not by the official schema.
                 "documentNamespace"],
    "additionalProperties": False,
    "properties": {
        "SPDXID": _STRING, "annotations": {"type": "array"}, "comment": _STRING,
        "creationInfo": {
            "type": "object",
            "required": ["created", "creators"],
            "additionalProperties": False,
            "properties": {
                "comment": _STRING, "created": _STRING,
                "creators": {"type": "array", "minItems": 1, "items": _STRING},
                "licenseListVersion": _STRING,
            },
        },
        "dataLicense": _STRING, "externalDocumentRefs": {"type": "array"},
        "hasExtractedLicensingInfos": {"type": "array"}, "name": _STRING,
        "revieweds": {"type": "array"}, "spdxVersion": _STRING, "documentNamespace": _STRING,
        "documentDescribes": {"type": "array", "items": _STRING},
        "packages": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["SPDXID", "downloadLocation", "name"],
                "additionalProperties": False,
                "properties": _PACKAGE_PROPERTIES,
            },
        },
        "files": {"type": "array"}, "snippets": {"type": "array"},
        "relationships": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["spdxElementId", "relatedSpdxElement", "relationshipType"],
                "additionalProperties": False,
                "properties": {
                    "spdxElementId": _STRING, "comment": _STRING, "relatedSpdxElement": _STRING,
                    "relationshipType": {"enum": _RELATIONSHIP_TYPES},
                },
            },
        },
    },
}

_ID = re.compile(r"^SPDXRef-[A-Za-z0-9.\-]+$")
_CREATED = re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\dZ$")
_CREATOR = re.compile(r"^(Person|Organization|Tool): \S.*$")
_SUPPLIER = re.compile(r"^((Person|Organization): \S.*|NOASSERTION)$")
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s#]+$")


def semantic_errors(doc):
    """What the specification requires beyond the structure. Returns (errors, values) where
    values lists ("license", expr) and ("purl", locator) pairs for the caller's reference
    checkers."""
    errors, values = [], []
    if doc.get("spdxVersion") != "SPDX-2.3":
        errors.append("spdxVersion is not SPDX-2.3")
    if doc.get("dataLicense") != "CC0-1.0":
        errors.append("dataLicense is not CC0-1.0")
    if doc.get("SPDXID") != "SPDXRef-DOCUMENT":
        errors.append("the document's SPDXID is not SPDXRef-DOCUMENT")
    ns = doc.get("documentNamespace", "")
    if not _URI.match(ns):
        errors.append("documentNamespace %r is not an absolute URI without '#'" % ns)
    info = doc.get("creationInfo", {})
    if not _CREATED.match(info.get("created", "")):
        errors.append("created %r is not YYYY-MM-DDThh:mm:ssZ" % info.get("created"))
    for c in info.get("creators", []):
        if not _CREATOR.match(c):
            errors.append("creator %r is not Person:/Organization:/Tool:" % c)
    ids = {"SPDXRef-DOCUMENT"}
    for p in doc.get("packages", []):
        pid = p.get("SPDXID", "")
        if not _ID.match(pid):
            errors.append("package SPDXID %r has characters outside [A-Za-z0-9.-]" % pid)
        if pid in ids:
            errors.append("SPDXID %r is not unique" % pid)
        ids.add(pid)
        if not p.get("name"):
            errors.append("package %s has an empty name" % pid)
        if "supplier" in p and not _SUPPLIER.match(p["supplier"]):
            errors.append("package %s: supplier %r" % (pid, p["supplier"]))
        dl = p.get("downloadLocation", "")
        if dl not in ("NONE", "NOASSERTION") and not _URI.match(dl.split("+", 1)[-1]):
            errors.append("package %s: downloadLocation %r" % (pid, dl))
        if p.get("filesAnalyzed") is False and ("hasFiles" in p or "packageVerificationCode" in p):
            errors.append("package %s: files although filesAnalyzed is false" % pid)
        for field in ("licenseConcluded", "licenseDeclared"):
            value = p.get(field)
            if value is not None and value not in ("NONE", "NOASSERTION"):
                values.append(("license", value))
        for ref in p.get("externalRefs", []):
            loc = ref.get("referenceLocator", "")
            if not loc or re.search(r"\s", loc):
                errors.append("package %s: referenceLocator %r has spaces" % (pid, loc))
            if ref.get("referenceType") == "purl":
                if ref.get("referenceCategory") != "PACKAGE-MANAGER":
                    errors.append("package %s: a purl outside PACKAGE-MANAGER" % pid)
                values.append(("purl", loc))
    described = False
    for r in doc.get("relationships", []):
        for end in (r.get("spdxElementId"), r.get("relatedSpdxElement")):
            if end not in ids and not str(end).startswith("DocumentRef-") and end not in ("NONE", "NOASSERTION"):
                errors.append("relationship names %r, which is not in the document" % end)
        if r.get("spdxElementId") == "SPDXRef-DOCUMENT" and r.get("relationshipType") == "DESCRIBES":
            described = True
    if not described and not doc.get("documentDescribes"):
        errors.append("the document DESCRIBES nothing")
    return errors, values
