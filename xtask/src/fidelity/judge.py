"""The independent judge of `cargo xtask corpus`'s decode-fidelity check.

Reads one JSON object on standard input:
  {"dialect": "draft4" | "2020-12", "document": {...}, "cases": [case, ...]}
where `document` holds the component schemas at `components.schemas` (as JSON Schema of
that dialect) and each case is {"schema": NAME, "instance": TEXT, "back": TEXT or null}:
an instance drawn for `#/components/schemas/NAME`, and what the generated type re-encoded
it as (null when it was not decoded). Writes one JSON array on standard output, a verdict
per case: {"valid": bool, "why": TEXT or null, "difference": TEXT or null}.

`jsonschema` (the reference implementation, pinned by the xtask) decides validity, formats
included; equality is JSON's: key order does not matter, numbers compare by value (so `5`
and `5.0` are equal, `925.3145917318761` and `925.314591731876` are not), `true` is not `1`.
"""

import json
import sys

import jsonschema


def main():
    request = json.load(sys.stdin)
    validator_class = {
        "draft4": jsonschema.Draft4Validator,
        "2020-12": jsonschema.Draft202012Validator,
    }[request["dialect"]]
    document = request["document"]
    checker = jsonschema.FormatChecker()
    validators = {}
    verdicts = []
    for case in request["cases"]:
        name = case["schema"]
        if name not in validators:
            pointer = "#/components/schemas/" + escape(name)
            validators[name] = validator_class(
                dict(document, **{"$ref": pointer}), format_checker=checker
            )
        instance = json.loads(case["instance"])
        error = jsonschema.exceptions.best_match(validators[name].iter_errors(instance))
        if error is not None:
            where = "/" + "/".join(str(p) for p in error.absolute_path)
            verdicts.append({"valid": False, "why": f"at {where}: {error.message}", "difference": None})
            continue
        difference = None
        if case["back"] is not None:
            difference = first_difference(instance, json.loads(case["back"]), "")
        verdicts.append({"valid": True, "why": None, "difference": difference})
    json.dump(verdicts, sys.stdout)


def escape(name):
    return name.replace("~", "~0").replace("/", "~1")


def first_difference(sent, back, at):
    """Where `back` first differs from `sent`, as a JSON pointer and the two values; None
    when they are the same JSON value."""
    if isinstance(sent, dict) and isinstance(back, dict):
        for key in sorted(set(sent) | set(back)):
            here = at + "/" + escape(key)
            if key not in back:
                return f"at {here}: sent {dump(sent[key])}, came back absent"
            if key not in sent:
                return f"at {here}: not sent, came back {dump(back[key])}"
            found = first_difference(sent[key], back[key], here)
            if found:
                return found
        return None
    if isinstance(sent, list) and isinstance(back, list):
        for i, (a, b) in enumerate(zip(sent, back)):
            found = first_difference(a, b, f"{at}/{i}")
            if found:
                return found
        if len(sent) != len(back):
            return f"at {at or '/'}: sent {len(sent)} items, came back {len(back)}"
        return None
    if same_scalar(sent, back):
        return None
    return f"at {at or '/'}: sent {dump(sent)}, came back {dump(back)}"


def same_scalar(a, b):
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    return type(a) is type(b) and a == b


def dump(value):
    return json.dumps(value, ensure_ascii=False)


if __name__ == "__main__":
    main()
