#!/usr/bin/env python3
"""Checks the demo content in this folder before the importer sees it.

Usage: python3 check.py [content-dir]   (default: the folder this script is in)

Parses life-events.toml, organisations/*.toml and units/*.toml and checks what the importer
(app/src/catalog/ssr/import.rs) checks, plus a few editorial rules for the demo
content: ids unique across all files, references that resolve, both languages
complete, short summaries, plain text, riksdagen.se links that match the SFS
number in their title, fictional contact details. Prints a summary with the
number of services per organisation, life event and level. Exits with status 1
if anything is wrong.
"""

import re
import sys
import tomllib
from collections import Counter
from pathlib import Path

LANGS = ("sv", "en")
KINDS = {"municipality", "joint_authority", "county_board", "government_agency"}
LEVELS = ("information", "form", "e_service", "cross_agency")
UNIT_TEXT_KEYS = ("name", "description", "opening_hours")
SERVICE_TEXT_KEYS = (
    "name", "summary", "description", "audience",
    "how_to_apply", "requirements", "fees", "handling_time",
)
ORG_KEYS = {"id", "kind", "website", "email", "phone", "address", "text"}
DEPARTMENT_KEYS = {"id", "case_prefix", "case_serial_digits", "email", "phone", "text"}
SERVICE_KEYS = {"id", "department", "level", "assurance", "case", "life_events", "related", "text", "legal_basis", "authority"}
LEGAL_KEYS = {"title_sv", "title_en", "url"}
AUTHORITY_KEYS = {"organisation", "name_sv", "name_en", "url", "role_sv", "role_en"}
UNITS_FILE_KEYS = {"organisation", "services", "unit"}
UNIT_ENTRY_KEYS = {"id", "kind", "name", "provider", "provider_name", "address", "postal_code", "postal_town",
                   "ages", "years", "opening_hours", "places", "phone", "email", "website", "text"}
UNIT_KINDS = ("forskola", "skola")
PROVIDERS = ("kommunal", "fristaende")
AGES_RE = re.compile(r"^([0-6])\s*[-–]\s*([0-6])$")
YEARS_RE = re.compile(r"^([F1-9])\s*[-–]\s*([F1-9])$")
POSTAL_CODE_RE = re.compile(r"^\d{3} \d{2}$")
SUMMARY_MAX = 160
MIN_SERVICES_PER_LIFE_EVENT = 2

ID_RE = re.compile(r"^[a-z0-9-]{1,80}$")
PREFIX_RE = re.compile(r"^[A-Z]{2,4}$")
PHONE_RE = re.compile(r"^0\d{1,3}-\d{2,3}( \d{2,3}){1,3}$")
RIKSDAGEN_RE = re.compile(
    r"^https://www\.riksdagen\.se/sv/dokument-och-lagar/dokument/svensk-forfattningssamling/"
    r"[a-z0-9-]+_sfs-(\d{4})-(\d+)/$"
)
SFS_IN_TITLE_RE = re.compile(r"\((\d{4}):(\d+)\)")
# Markup that must not appear in plain-text fields.
MARKUP_RES = [
    (re.compile(r"<[a-zA-Z/!]"), "HTML tag"),
    (re.compile(r"&[a-z]+;|&#\d+;"), "HTML entity"),
    (re.compile(r"\*\*|__|`"), "Markdown emphasis or code"),
    (re.compile(r"\[[^\]]*\]\([^)]*\)"), "Markdown link"),
    (re.compile(r"(^|\n)\s*(#{1,6} |[-*+] |\d+\. |> )"), "Markdown heading, list or quote"),
]
# Things that look like personal identity numbers or organisation numbers.
IDNUMBER_RE = re.compile(r"\b(\d{2})?\d{6}[-+]?\d{4}\b")


class Checker:
    def __init__(self) -> None:
        self.errors: list[str] = []

    def error(self, where: str, message: str) -> None:
        self.errors.append(f"{where}: {message}")

    def check_plain_text(self, where: str, value: str, paragraphs_allowed: bool) -> None:
        if value != value.strip():
            self.error(where, "leading or trailing whitespace")
        if "\n" in value:
            if not paragraphs_allowed:
                self.error(where, "line breaks are only allowed in descriptions")
            elif any(p.strip() == "" or p != p.strip() for p in value.split("\n\n")) or re.search(r"(?<!\n)\n(?!\n)", value):
                self.error(where, "paragraphs must be separated by exactly one blank line (\\n\\n)")
        if "\t" in value or "\r" in value:
            self.error(where, "tab or carriage return")
        for pattern, what in MARKUP_RES:
            if pattern.search(value):
                self.error(where, f"looks like {what}; texts are plain text")
        if IDNUMBER_RE.search(value):
            self.error(where, "contains something that looks like a personal identity or organisation number")

    def check_texts(self, where: str, texts, keys: tuple, paragraph_keys=("description",)) -> None:
        if not isinstance(texts, dict):
            self.error(where, "missing text table")
            return
        for lang in LANGS:
            text = texts.get(lang)
            if not isinstance(text, dict):
                self.error(f"{where}.text.{lang}", "missing translation")
                continue
            for key in keys:
                value = text.get(key)
                if not isinstance(value, str) or not value.strip():
                    self.error(f"{where}.text.{lang}.{key}", "missing or empty")
                    continue
                self.check_plain_text(f"{where}.text.{lang}.{key}", value, key in paragraph_keys)
            for extra in set(text) - set(keys):
                self.error(f"{where}.text.{lang}.{extra}", "unknown field")
        for extra in set(texts) - set(LANGS):
            self.error(f"{where}.text.{extra}", "unknown language")

    def check_unknown(self, where: str, table: dict, allowed: set) -> None:
        for extra in sorted(set(table) - allowed):
            self.error(f"{where}.{extra}", "unknown field (the importer rejects it)")

    def check_contact(self, where: str, table: dict) -> None:
        email = table.get("email", "")
        if not isinstance(email, str) or not re.fullmatch(r"[a-z0-9.-]+@[a-z0-9.-]+\.example", email):
            self.error(f"{where}.email", f"'{email}' should be a fictional address on the .example domain")
        phone = table.get("phone", "")
        if not isinstance(phone, str) or not PHONE_RE.match(phone):
            self.error(f"{where}.phone", f"'{phone}' should look like 0123-45 60 00")


def load(path: Path, root: Path, checker: Checker):
    name = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except tomllib.TOMLDecodeError as e:
        checker.error(name, f"TOML does not parse: {e}")
    except OSError as e:
        checker.error(name, f"cannot read: {e}")
    return None


def main() -> int:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
    c = Checker()

    # ------------------------------------------------------------ life events
    events_path = root / "life-events.toml"
    events_doc = load(events_path, root, c) or {}
    for extra in set(events_doc) - {"life_event"}:
        c.error(f"{events_path.name}.{extra}", "unknown table")
    event_ids: list[str] = []
    for i, ev in enumerate(events_doc.get("life_event", [])):
        where = f"{events_path.name}: life_event[{i}]"
        c.check_unknown(where, ev, {"id", "sort", "text"})
        eid = ev.get("id", "")
        if not isinstance(eid, str) or not ID_RE.match(eid):
            c.error(where, f"id '{eid}' must be lowercase a-z, 0-9 and '-'")
        elif eid in event_ids:
            c.error(where, f"duplicate id '{eid}'")
        event_ids.append(eid)
        if not isinstance(ev.get("sort"), int):
            c.error(where, "sort must be an integer")
        c.check_texts(f"{where} ({eid})", ev.get("text"), ("name", "description"))
    if not event_ids:
        c.error(events_path.name, "no life events")

    # ------------------------------------------------------------ organisations, pass 1: ids
    files = sorted((root / "organisations").glob("*.toml"))
    if not files:
        c.error("organisations/", "no organisation files")
    docs = []
    for path in files:
        doc = load(path, root, c)
        if doc is not None:
            docs.append((path, doc))

    org_ids: dict[str, str] = {}
    unit_ids: dict[str, str] = {}
    service_ids: dict[str, str] = {}
    for path, doc in docs:
        name = f"organisations/{path.name}"
        for extra in set(doc) - {"organisation", "department", "service"}:
            c.error(f"{name}.{extra}", "unknown table")
        org = doc.get("organisation", {})
        oid = org.get("id", "")
        if not ID_RE.match(str(oid)):
            c.error(f"{name}: organisation.id", f"'{oid}' must be lowercase a-z, 0-9 and '-'")
        if oid in org_ids:
            c.error(f"{name}: organisation.id", f"duplicate id '{oid}' (also in {org_ids[oid]})")
        org_ids[oid] = name
        if path.stem != oid:
            c.error(f"{name}: organisation.id", f"'{oid}' should match the file name '{path.stem}'")
        for kind, table, seen in (("department", doc.get("department", []), unit_ids),
                                  ("service", doc.get("service", []), service_ids)):
            for i, item in enumerate(table):
                iid = item.get("id", "")
                where = f"{name}: {kind}[{i}]"
                if not ID_RE.match(str(iid)):
                    c.error(where, f"id '{iid}' must be lowercase a-z, 0-9 and '-'")
                if iid in seen:
                    c.error(where, f"duplicate {kind} id '{iid}' (also in {seen[iid]})")
                seen[iid] = name
                if not str(iid).startswith(f"{oid}-"):
                    c.error(where, f"id '{iid}' should start with the organisation id '{oid}-'")

    # ------------------------------------------------------------ organisations, pass 2: contents
    per_org: Counter = Counter()
    per_event: Counter = Counter({e: 0 for e in event_ids})
    per_level: Counter = Counter({lvl: 0 for lvl in LEVELS})
    departments_per_org: Counter = Counter()
    for path, doc in docs:
        name = f"organisations/{path.name}"
        org = doc.get("organisation")
        if not isinstance(org, dict):
            c.error(name, "missing [organisation]")
            continue
        oid = org.get("id", "")
        where = f"{name}: organisation"
        c.check_unknown(where, org, ORG_KEYS)
        for key in ("website", "email", "phone", "address"):
            if not isinstance(org.get(key), str) or not org[key].strip():
                c.error(f"{where}.{key}", "missing or empty")
        if org.get("kind") not in KINDS:
            c.error(f"{where}.kind", f"unknown kind '{org.get('kind')}'")
        website = org.get("website", "")
        if not re.match(r"^https://[a-z0-9.-]+\.example(/\S*)?$", str(website)):
            c.error(f"{where}.website", f"'{website}' should be an https:// address on the .example domain")
        c.check_contact(where, org)
        c.check_texts(where, org.get("text"), UNIT_TEXT_KEYS)

        prefixes: set = set()
        own_departments: set = set()
        for i, dep in enumerate(doc.get("department", [])):
            dwhere = f"{name}: department[{i}] ({dep.get('id')})"
            c.check_unknown(dwhere, dep, DEPARTMENT_KEYS)
            own_departments.add(dep.get("id"))
            departments_per_org[oid] += 1
            prefix = dep.get("case_prefix", "")
            if not isinstance(prefix, str) or not PREFIX_RE.match(prefix):
                c.error(f"{dwhere}.case_prefix", f"'{prefix}' must be 2-4 capital letters A-Z")
            elif prefix in prefixes:
                c.error(f"{dwhere}.case_prefix", f"'{prefix}' is not unique within the organisation")
            prefixes.add(prefix)
            c.check_contact(dwhere, dep)
            c.check_texts(dwhere, dep.get("text"), UNIT_TEXT_KEYS)

        for i, svc in enumerate(doc.get("service", [])):
            sid = svc.get("id")
            swhere = f"{name}: service[{i}] ({sid})"
            c.check_unknown(swhere, svc, SERVICE_KEYS)
            per_org[oid] += 1
            if svc.get("department") not in own_departments:
                c.error(f"{swhere}.department", f"no department '{svc.get('department')}' in this file")
            level = svc.get("level")
            if level not in LEVELS:
                c.error(f"{swhere}.level", f"unknown level '{level}'")
            else:
                per_level[level] += 1
            events = svc.get("life_events", [])
            if not events:
                c.error(f"{swhere}.life_events", "at least one life event")
            if len(set(events)) != len(events):
                c.error(f"{swhere}.life_events", "duplicate life event")
            for ev in set(events):
                if ev not in event_ids:
                    c.error(f"{swhere}.life_events", f"unknown life event '{ev}'")
                else:
                    per_event[ev] += 1
            related = svc.get("related", [])
            if len(set(related)) != len(related):
                c.error(f"{swhere}.related", "duplicate related service")
            for rel in related:
                if rel == sid:
                    c.error(f"{swhere}.related", "a service cannot be related to itself")
                elif rel not in service_ids:
                    c.error(f"{swhere}.related", f"unknown service '{rel}'")
            c.check_texts(swhere, svc.get("text"), SERVICE_TEXT_KEYS)
            for lang in LANGS:
                summary = (svc.get("text", {}).get(lang) or {}).get("summary", "")
                if isinstance(summary, str) and len(summary) > SUMMARY_MAX:
                    c.error(f"{swhere}.text.{lang}.summary", f"{len(summary)} characters, at most {SUMMARY_MAX}")

            for j, basis in enumerate(svc.get("legal_basis", [])):
                lwhere = f"{swhere}.legal_basis[{j}]"
                c.check_unknown(lwhere, basis, LEGAL_KEYS)
                for key in ("title_sv", "title_en", "url"):
                    if not isinstance(basis.get(key), str) or not basis[key].strip():
                        c.error(f"{lwhere}.{key}", "missing or empty")
                url = basis.get("url", "")
                m = RIKSDAGEN_RE.match(str(url))
                if not m:
                    c.error(f"{lwhere}.url", f"'{url}' is not a riksdagen.se SFS address of the expected form")
                    continue
                for key in ("title_sv", "title_en"):
                    t = SFS_IN_TITLE_RE.search(str(basis.get(key, "")))
                    if not t:
                        c.error(f"{lwhere}.{key}", "title should contain the SFS number, e.g. (2010:900)")
                    elif (t.group(1), t.group(2)) != (m.group(1), m.group(2)):
                        c.error(lwhere, f"{key} says {t.group(1)}:{t.group(2)} but the url says {m.group(1)}:{m.group(2)}")

            for j, auth in enumerate(svc.get("authority", [])):
                awhere = f"{swhere}.authority[{j}]"
                c.check_unknown(awhere, auth, AUTHORITY_KEYS)
                for key in ("role_sv", "role_en"):
                    if not isinstance(auth.get(key), str) or not auth[key].strip():
                        c.error(f"{awhere}.{key}", "missing or empty")
                    else:
                        c.check_plain_text(f"{awhere}.{key}", auth[key], False)
                external = [k for k in ("name_sv", "name_en", "url") if k in auth]
                if "organisation" in auth:
                    if auth["organisation"] not in org_ids:
                        c.error(f"{awhere}.organisation", f"unknown organisation '{auth['organisation']}'")
                    if auth["organisation"] == oid:
                        c.error(f"{awhere}.organisation", "an organisation should not list itself as another authority")
                    if external:
                        c.error(awhere, "give either organisation or name_sv/name_en/url, not both")
                else:
                    for key in ("name_sv", "name_en", "url"):
                        if not isinstance(auth.get(key), str) or not auth[key].strip():
                            c.error(f"{awhere}.{key}", "missing or empty (or give organisation)")
                    url = auth.get("url", "")
                    if not re.match(r"^https://[a-z0-9.-]+\.se/?$", str(url)):
                        c.error(f"{awhere}.url", f"'{url}' should be the authority's https:// home page")

    # ------------------------------------------------------------ units (preschools, schools)
    service_orgs = {}
    unit_entries = {}
    for path, doc in docs:
        for svc in doc.get("service", []):
            service_orgs[svc.get("id")] = doc.get("organisation", {}).get("id")
    units_per_org: Counter = Counter()
    unit_entry_ids: dict[str, str] = {}
    for path in sorted((root / "units").glob("*.toml")) if (root / "units").is_dir() else []:
        doc = load(path, root, c)
        if doc is None:
            continue
        name = f"units/{path.name}"
        for extra in set(doc) - UNITS_FILE_KEYS:
            c.error(f"{name}.{extra}", "unknown field")
        oid = doc.get("organisation")
        if oid not in org_ids:
            c.error(f"{name}: organisation", f"unknown organisation '{oid}'")
        for kind, sid in (doc.get("services") or {}).items():
            if kind not in UNIT_KINDS:
                c.error(f"{name}: services.{kind}", "unknown kind (forskola or skola)")
            if service_orgs.get(sid) != oid:
                c.error(f"{name}: services.{kind}", f"no service '{sid}' of '{oid}'")
        for i, unit in enumerate(doc.get("unit", [])):
            uid = unit.get("id", "")
            where = f"{name}: unit[{i}] ({uid})"
            c.check_unknown(where, unit, UNIT_ENTRY_KEYS)
            if not ID_RE.match(str(uid)) or uid == "jamfor":
                c.error(where, f"id '{uid}' must be lowercase a-z, 0-9 and '-' (and not 'jamfor')")
            elif not uid.startswith(f"{oid}-"):
                c.error(where, f"id '{uid}' should start with the organisation id '{oid}-'")
            if uid in unit_entry_ids:
                c.error(where, f"duplicate unit id (also in {unit_entry_ids[uid]})")
            unit_entry_ids[uid] = name
            units_per_org[oid] += 1
            kind, provider = unit.get("kind"), unit.get("provider")
            if kind not in UNIT_KINDS:
                c.error(f"{where}.kind", f"unknown kind '{kind}' (forskola or skola)")
            if provider not in PROVIDERS:
                c.error(f"{where}.provider", f"unknown provider '{provider}' (kommunal or fristaende)")
            if (provider == "fristaende") != bool(str(unit.get("provider_name", "")).strip()):
                c.error(f"{where}.provider_name", "an independent unit names its provider; a municipal one does not")
            for key in ("name", "address", "postal_town"):
                if not isinstance(unit.get(key), str) or not unit[key].strip():
                    c.error(f"{where}.{key}", "missing or empty")
                else:
                    c.check_plain_text(f"{where}.{key}", unit[key], False)
            if not POSTAL_CODE_RE.match(str(unit.get("postal_code", ""))):
                c.error(f"{where}.postal_code", "should look like 123 45")
            places = unit.get("places")
            if not isinstance(places, int) or not 1 <= places <= 5000:
                c.error(f"{where}.places", "1 to 5000")
            year = lambda y: 0 if y == "F" else int(y)
            if kind == "forskola":
                m = AGES_RE.match(str(unit.get("ages", "")))
                if not m or int(m.group(1)) > int(m.group(2)) or "years" in unit:
                    c.error(f"{where}.ages", "a preschool states ages like 1-5 (and no years)")
                if not str(unit.get("opening_hours", "")).strip():
                    c.error(f"{where}.opening_hours", "a preschool states its opening hours")
            elif kind == "skola":
                m = YEARS_RE.match(str(unit.get("years", "")))
                if not m or year(m.group(1)) > year(m.group(2)) or "ages" in unit:
                    c.error(f"{where}.years", "a school states years like F-6 or 7-9 (and no ages)")
            c.check_contact(where, unit)
            website = unit.get("website")
            if website is not None and not re.match(r"^https://[a-z0-9.-]+\.example(/\S*)?$", str(website)):
                c.error(f"{where}.website", f"'{website}' should be an https:// address on the .example domain")
            c.check_texts(where, unit.get("text"), ("profile",), paragraph_keys=())
            unit_entries[uid] = (oid, kind, unit.get("name"))

    # ------------------------------------------------------------ forms that rank units
    # A single-choice question offering units (an option id that is a unit id, e.g. the
    # preschool application's ranked preschools) must offer only units of the form's own
    # organisation, of one kind, each labelled with the unit's name in every language.
    for path in sorted((root / "forms").glob("*.toml")) if (root / "forms").is_dir() else []:
        form = load(path, root, c)
        if form is None:
            continue
        name = path.relative_to(root)
        form_org = service_orgs.get(form.get("service"))
        if form.get("consent") not in (None, "both-guardians"):
            c.error(f"{name}: consent", "the only kind of consent is 'both-guardians'")
        questions = [q for step in form.get("step", []) for q in step.get("question", [])]
        for q in questions:
            options = q.get("option", [])
            if q.get("type") != "single_choice" or not any(o.get("id") in unit_entries for o in options):
                continue
            where = f"{name}: question {q.get('id')}"
            kinds = set()
            for o in options:
                oid = o.get("id")
                if oid not in unit_entries:
                    c.error(where, f"option '{oid}' is not a unit of units/*.toml")
                    continue
                unit_org, kind, unit_name = unit_entries[oid]
                kinds.add(kind)
                if unit_org != form_org:
                    c.error(where, f"unit '{oid}' belongs to '{unit_org}', the form's service to '{form_org}'")
                for lang in LANGS:
                    if (o.get("label") or {}).get(lang) != unit_name:
                        c.error(where, f"option '{oid}' label ({lang}) should be the unit's name '{unit_name}'")
            if len(kinds) > 1:
                c.error(where, "offers units of different kinds")

    for ev, n in per_event.items():
        if n < MIN_SERVICES_PER_LIFE_EVENT:
            c.error("life events", f"'{ev}' has {n} services, at least {MIN_SERVICES_PER_LIFE_EVENT} wanted")

    # ------------------------------------------------------------ report
    total = sum(per_org.values())
    print(f"{len(event_ids)} life events, {len(org_ids)} organisations, "
          f"{sum(departments_per_org.values())} departments, {total} services")
    print("\nServices per organisation:")
    for oid in org_ids:
        print(f"  {oid:<20} {per_org[oid]:>3}   ({departments_per_org[oid]} departments)")
    print("\nServices per life event (a service may belong to several):")
    for ev in event_ids:
        print(f"  {ev:<24} {per_event[ev]:>3}")
    print("\nUnits (preschools, schools) per organisation:")
    for oid in org_ids:
        if units_per_org[oid]:
            print(f"  {oid:<20} {units_per_org[oid]:>3}")
    print("\nServices per level:")
    for lvl in LEVELS:
        print(f"  {lvl:<20} {per_level[lvl]:>3}")
    if c.errors:
        print(f"\n{len(c.errors)} problem(s):")
        for e in c.errors:
            print(f"  - {e}")
        return 1
    print("\nOK: every file parses and every check passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
