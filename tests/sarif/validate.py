#!/usr/bin/python3
"""validate.py SCHEMA FILE...: validate each JSON file against a JSON Schema
(python3-jsonschema, Debian; the schema's own draft).  Prints one line per
file, "valid FILE" or the first errors; exit 1 when any is invalid."""
import json
import sys

import jsonschema


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema, format_checker=jsonschema.FormatChecker())
    bad = 0
    for path in sys.argv[2:]:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
        if errors:
            bad += 1
            for e in errors[:5]:
                print("invalid %s: %s: %s" % (path, "/".join(str(p) for p in e.path), e.message[:300]))
        else:
            print("valid %s" % path)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
