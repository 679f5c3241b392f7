"""The exporters serve the CLI and tests without Django: importing them must not pull it in."""

import subprocess
import sys

PROBE = """
import importlib, pkgutil, sys
import cchc.exports as root
names = [m.name for m in pkgutil.walk_packages(root.__path__, root.__name__ + ".")]
for name in names:
    importlib.import_module(name)
leaked = sorted(m for m in sys.modules if m == "django" or m.startswith("django."))
print(len(names), leaked)
sys.exit(1 if leaked else 0)
"""


def test_it_imports_every_export_module_without_django():
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert int(result.stdout.split()[0]) >= 4
