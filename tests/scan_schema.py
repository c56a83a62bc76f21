"""scan_schema.py SCHEMA_DIR FILE.json... - tests/suite_scan.sh's check that scan's JSON
follows docs/scan-v1.schema.json (with jsonschema, when installed) and that every field under
"scan" and "probe" is documented there.  Prints one line per problem; exit 0 when none."""
import json
import sys

schema_dir = sys.argv[1]
scan_schema = json.load(open(schema_dir + "/scan-v1.schema.json"))
report_schema = json.load(open(schema_dir + "/report-v1.schema.json"))
problems = []


def resolve(s):
    while "$ref" in s and s["$ref"].startswith("#/$defs/"):
        s = scan_schema["$defs"][s["$ref"][len("#/$defs/"):]]
    return s


def undocumented(value, s, path):
    s = resolve(s)
    if isinstance(value, dict):
        props = s.get("properties")
        if props is None:
            problems.append(path + ": an object where the schema has none")
            return
        for k, v in value.items():
            if k not in props:
                problems.append(path + "." + k + ": not in the schema")
            else:
                undocumented(v, props[k], path + "." + k)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            undocumented(v, s.get("items", {}), "%s[%d]" % (path, i))


for f in sys.argv[2:]:
    doc = json.load(open(f))
    for part in ("scan", "probe"):
        undocumented(doc.get(part, {}), scan_schema["properties"][part], f + ":" + part)
    try:
        import jsonschema
    except ImportError:
        continue
    try:
        from referencing import Registry, Resource

        reg = Registry().with_resource(report_schema["$id"], Resource.from_contents(report_schema))
        v = jsonschema.Draft202012Validator(scan_schema, registry=reg)
    except ImportError:  # jsonschema before 4.18 (Debian 12 has 4.10): the older resolver
        res = jsonschema.RefResolver.from_schema(scan_schema, store={report_schema["$id"]: report_schema})
        v = jsonschema.Draft202012Validator(scan_schema, resolver=res)
    for e in v.iter_errors(doc):
        problems.append("%s: %s at %s" % (f, e.message[:200], "/".join(str(p) for p in e.absolute_path)))
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
