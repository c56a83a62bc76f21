#!/usr/bin/python3
"""validate_json.py [--lines] [--ref SCHEMA]... SCHEMA FILE...: validate JSON files against a
JSON Schema with Debian's python3-jsonschema (the schema's own draft).  With
--lines every line of a file is a document (JSON Lines).  --ref adds a schema
that SCHEMA's $refs name by its $id (compare-v1's "scans" refers to scan-v1,
which refers to report-v1); nothing is fetched.  Prints one line
per file, "valid FILE (N documents)" or its first errors; exit 1 when any
document is invalid or a file holds none."""
import json
import sys

import jsonschema


def main():
    args = sys.argv[1:]
    lines = args and args[0] == "--lines"
    if lines:
        args = args[1:]
    refs = []
    while len(args) >= 2 and args[0] == "--ref":
        with open(args[1], encoding="utf-8") as f:
            refs.append(json.load(f))
        args = args[2:]
    with open(args[0], encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    kw = {}
    if refs:
        try:
            from referencing import Registry, Resource

            kw["registry"] = Registry().with_resources((r["$id"], Resource.from_contents(r)) for r in refs)
        except ImportError:  # jsonschema before 4.18 (Debian 12 has 4.10)
            kw["resolver"] = jsonschema.RefResolver.from_schema(schema, store={r["$id"]: r for r in refs})
    validator = cls(schema, format_checker=jsonschema.FormatChecker(), **kw)
    bad = 0
    for path in args[1:]:
        with open(path, encoding="utf-8") as f:
            docs = [json.loads(l) for l in f if l.strip()] if lines else [json.load(f)]
        errors = []
        for i, doc in enumerate(docs):
            for e in sorted(validator.iter_errors(doc), key=lambda e: list(e.path))[:3]:
                errors.append("document %d: %s: %s" % (i + 1, "/".join(str(p) for p in e.path), e.message[:300]))
        if errors or not docs:
            bad += 1
            print("invalid %s: %s" % (path, "; ".join(errors[:5]) if errors else "no document"))
        else:
            print("valid %s (%d documents)" % (path, len(docs)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
