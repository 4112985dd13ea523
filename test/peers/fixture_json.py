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


def write_run(out, name, script, versions, inputs, spikes, membrane=None):
    """A NIR peer's run on a graph (test/fixtures/nir/<peer>/<name>.json):
    the inputs fed at every step and the output after every step (stepped
    as --dt 1e-4s --discretize=euler imports it), one step per line."""
    import os
    import sys

    data = {"network": name,
            "generator": f"test/peers/record-nir-fixtures.sh ({script})"}
    data.update(versions)
    data.update({"nir_version": "1.0.8", "dt": "1e-4s", "discretize": "euler",
                 "steps": len(inputs), "input": inputs, "spikes": spikes})
    if membrane is not None:
        data["membrane"] = membrane
    dump(data, os.path.join(out, name + ".json"),
         ("input", "spikes", "membrane"))
    count = int(sum(sum(row) for row in spikes))
    print(f"{os.path.join(out, name)}.nir: {count} output spikes in "
          f"{len(inputs)} steps", file=sys.stderr)
