"""Builds the compiled HTML walk (`corpus.readers._walk`); everything else is in pyproject.toml.

The extension is optional: without a C compiler the install still succeeds and the reader
uses its reference walk in Python, which gives the same blocks, only slower.
"""

import lxml
from Cython.Build import cythonize
from setuptools import Extension, setup

setup(
    ext_modules=cythonize(
        [Extension("corpus.readers._walk", ["src/corpus/readers/_walk.pyx"], include_dirs=lxml.get_include(),
                   optional=True)],
        language_level=3,
    ),
)
