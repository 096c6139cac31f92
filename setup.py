"""Builds the compiled parts; everything else is in pyproject.toml.

- `corpus.readers._walk`: the HTML reader's walk over libxml2's nodes (lxml's headers).
- `corpus._words`: the word counter.

Both are optional: without a C compiler the install still succeeds and the Python code they
mirror serves instead, with the same results, only slower.
"""

import lxml
from Cython.Build import cythonize
from setuptools import Extension, setup

setup(
    ext_modules=cythonize(
        [Extension("corpus.readers._walk", ["src/corpus/readers/_walk.pyx"], include_dirs=lxml.get_include(),
                   optional=True),
         Extension("corpus._words", ["src/corpus/_words.pyx"], optional=True)],
        language_level=3,
    ),
)
