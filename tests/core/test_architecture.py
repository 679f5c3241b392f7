"""The parsing core stays pure Python: importing every module of cchc.ingest must not
pull Django in, so the parser can run, be tested and benchmarked on its own."""

import subprocess
import sys

PROBE = """
import importlib, pkgutil, sys
import cchc.ingest as root
names = [m.name for m in pkgutil.walk_packages(root.__path__, root.__name__ + ".")]
for name in names:
    importlib.import_module(name)
leaked = sorted(m for m in sys.modules if m == "django" or m.startswith("django."))
print(len(names), leaked)
sys.exit(1 if leaked else 0)
"""


def test_it_imports_the_whole_ingest_package_without_django():
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    module_count = int(result.stdout.split()[0])
    assert module_count >= 3
