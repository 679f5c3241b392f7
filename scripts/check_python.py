"""Fail early, in plain words, when the interpreter is too old."""

import sys

if sys.version_info < (3, 11):
    sys.exit(f"cchc cần Python ≥ 3.11 / needs Python >= 3.11 (found {sys.version.split()[0]})")
