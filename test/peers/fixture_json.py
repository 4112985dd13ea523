"""Writes a fixture as JSON with one vector or matrix per line (shared by
bindsnet_rules.py and ngclearn_rules.py, so the committed fixtures diff
well)."""

import json


def dump(obj, path, rows):
    """`obj` as JSON into `path`; the keys in `rows` (lists of vectors or
    matrices) get one element per line."""
    lines = ["{"]
    keys = list(obj)
    for i, key in enumerate(keys):
        end = "," if i + 1 < len(keys) else ""
        value = obj[key]
        if key in rows:
            lines.append(f"  {json.dumps(key)}: [")
            for j, item in enumerate(value):
                sep = "," if j + 1 < len(value) else ""
                lines.append("    " + json.dumps(item, separators=(",", ":")) + sep)
            lines.append("  ]" + end)
        else:
            lines.append(f"  {json.dumps(key)}: "
                         + json.dumps(value, separators=(",", ": ")) + end)
    lines.append("}")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
