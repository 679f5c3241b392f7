"""The `cchc` command. Document commands that need no database (`parse`, later
`repair`) run without starting Django, so they stay fast and usable on their own;
everything else is a Django management command (`cchc migrate`, `cchc serve`,
`cchc orgs resolve ...`)."""

from __future__ import annotations

import os
import sys

# Commands served by the pure-Python core: name -> "module:function(argv) -> int".
PURE_COMMANDS = {
    "parse": "cchc.ingest.cli:parse_main",
    "export-docx": "cchc.exports.cli:export_main",
    "repair": "cchc.ingest.repair_cli:repair_main",
}

# Hyphenated names for management commands whose module needs an importable name.
COMMAND_ALIASES = {"demo-data": "demo_data"}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in PURE_COMMANDS:
        module_name, func_name = PURE_COMMANDS[argv[0]].split(":")
        module = __import__(module_name, fromlist=[func_name])
        return int(getattr(module, func_name)(argv[1:]) or 0)
    if argv and argv[0] in COMMAND_ALIASES:
        argv[0] = COMMAND_ALIASES[argv[0]]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["cchc", *argv])
    return 0


if __name__ == "__main__":
    sys.exit(main())
