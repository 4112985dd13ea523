#!/usr/bin/env python3
"""Checks that an HLS kernel (snn-compile --target=hls) is synthesisable C++:
no dynamic memory, no standard containers or library headers, no
recursion. Calls go only to functions the file defines or to the leaf
functions the kernels may use (snn_hls.h's snn_* functions, <math.h>'s
fmaf and the like). Prints a summary; exits with 1 naming the first
problem.

Usage: check-hls-kernel.py KERNEL.cpp
"""
import re
import sys

ALLOWED_LEAVES = {
    "fmaf", "fma", "fmodf", "fmod", "floorf", "floor",
    "ceilf", "ceil", "truncf", "trunc", "SNN_PRAGMA",
}
KEYWORDS = {"if", "for", "while", "switch", "return", "sizeof"}
FORBIDDEN = [r"\bmalloc\b", r"\bcalloc\b", r"\brealloc\b", r"\bfree\s*\(",
             r"\bnew\b", r"\bdelete\b", r"\balloca\b", r"\bstd::",
             r"\bgoto\b", r"\bthrow\b", r"\btry\b"]


def strip(text):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r"//[^\n]*", "", text)
    return re.sub(r'"(\\.|[^"\\])*"', '""', text)


def main():
    path = sys.argv[1]
    raw = open(path).read()
    for line in raw.splitlines():
        m = re.match(r'\s*#\s*include\s*(.*)', line)
        if m and not m.group(1).startswith('"'):
            sys.exit(f"{path}: includes {m.group(1)}: a kernel includes only "
                     "its own headers")
    text = strip(raw)
    for pattern in FORBIDDEN:
        m = re.search(pattern, text)
        if m:
            sys.exit(f"{path}: '{m.group(0)}' in the kernel")
    # Function definitions at the top level and their bodies.
    bodies = {}
    for m in re.finditer(r"^(?:static\s+)?[A-Za-z_][\w\s\*]*?\b(\w+)\s*\([^;{]*\)\s*\{",
                         text, flags=re.M):
        depth, i = 1, m.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            i += 1
        bodies[m.group(1)] = text[m.end():i - 1]
    if not bodies:
        sys.exit(f"{path}: no function definitions found")
    calls = {}
    for name, body in bodies.items():
        callees = set(re.findall(r"\b([A-Za-z_]\w*)\s*\(", body)) - KEYWORDS
        for c in callees:
            if c not in bodies and c not in ALLOWED_LEAVES and \
                    not c.startswith("snn_"):
                sys.exit(f"{path}: {name} calls {c}, which is neither a "
                         "kernel function nor an allowed leaf")
        calls[name] = {c for c in callees if c in bodies}
    # Recursion: a cycle in the call graph.
    state = {}

    def visit(f, stack):
        state[f] = "open"
        for g in calls[f]:
            if state.get(g) == "open":
                sys.exit(f"{path}: recursion: {' -> '.join(stack + [f, g])}")
            if g not in state:
                visit(g, stack + [f])
        state[f] = "done"

    for f in calls:
        if f not in state:
            visit(f, [])
    print(f"{path}: {len(bodies)} functions ({', '.join(sorted(bodies))}): "
          "no dynamic memory, no containers, no recursion")


if __name__ == "__main__":
    main()
