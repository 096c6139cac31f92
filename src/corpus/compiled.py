"""The optional compiled modules (see setup.py), and whether they can be used.

Each mirrors Python code that serves when it is missing (an install without a C compiler), with
the same results, only slower. A module built before its source last changed is not used: it
would not say what the source says.
"""

from __future__ import annotations

import importlib
import warnings
from pathlib import Path


def current_extension(name: str, source: Path):
    """The compiled module `name` when it is built and newer than its `source` (.pyx), else None."""
    try:
        module = importlib.import_module(name)
    except ImportError:
        return None
    if source.exists() and source.stat().st_mtime > Path(module.__file__).stat().st_mtime:
        warnings.warn(f"{name} was built before {source.name} last changed; using the Python code it mirrors "
                      "until it is rebuilt (pip install -e .)", stacklevel=2)
        return None
    return module
