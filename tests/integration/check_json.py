#!/usr/bin/env python3
"""check_json.py SCHEMA FILE: exit 0 if FILE holds one JSON document valid under SCHEMA (a
JSON Schema in tests/schemas/), else print each violation with its path and exit 1."""
import json
import sys

import jsonschema


def main() -> int:
    with open(sys.argv[1], encoding="utf-8") as handle:
        schema = json.load(handle)
    try:
        with open(sys.argv[2], encoding="utf-8") as handle:
            document = json.load(handle)
    except ValueError as error:
        print(f"{sys.argv[2]}: not one JSON document: {error}")
        return 1
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    for error in errors:
        where = "/".join(str(part) for part in error.absolute_path) or "(top)"
        print(f"{sys.argv[2]}: {where}: {error.message}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
