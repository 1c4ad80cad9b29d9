"""Optional compiled speed-up for reading sentences (see src/newsbrief/summarizers/_reading.pyx).

Everything else lives in pyproject.toml. The extension is optional: without Cython or a C
compiler the install still succeeds and newsbrief uses the pure-Python path, which gives the
same results more slowly.
"""

from setuptools import Extension, setup

try:
    from Cython.Build import cythonize
except ImportError:  # building from an environment without Cython: pure Python only
    extensions = []
else:
    extensions = cythonize(
        [
            Extension(
                "newsbrief.summarizers._reading",
                ["src/newsbrief/summarizers/_reading.pyx"],
                optional=True,
            )
        ],
        compiler_directives={"language_level": "3"},
    )

setup(ext_modules=extensions)
