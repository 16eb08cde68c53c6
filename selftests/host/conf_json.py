#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Turns "show configuration | display json" back into set statements,
one a line, sorted, quotes dropped: what the set form says, compared by
selftests/host/conf.sh with the set form itself."""
import json
import sys


def walk(path, value, out):
    if isinstance(value, dict):
        # An optional argument ("traceoptions file NAME { ... }").
        if isinstance(value.get("name"), str):
            value = dict(value)
            path = path + [value.pop("name")]
        if not value:
            out.append("set " + " ".join(path))
        for key, sub in value.items():
            walk(path + [key], sub, out)
    elif isinstance(value, list):
        for v in value:
            out.append("set " + " ".join(path + [v]))
    elif value is True:
        out.append("set " + " ".join(path))
    else:
        out.append("set " + " ".join(path + [value]))


def main():
    doc = json.load(sys.stdin)
    out = []
    walk([], doc["configuration"], out)
    for line in sorted(out):
        print(line)


main()
