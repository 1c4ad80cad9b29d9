"""Optional compiled speed-ups: ``_reading.pyx`` and ``_statistics.pyx`` in
src/newsbrief/summarizers/statistics/.

Everything else lives in pyproject.toml. The extension is optional: without Cython or a C
compiler the install still succeeds and newsbrief uses the pure-Python path, which gives the
same results more slowly.
"""

from setuptools import Extension, setup


def _extensions() -> list[Extension]:
    try:
        from Cython.Build import cythonize
    except ImportError:  # building without Cython: pure Python only
        return []
    try:
        return cythonize(
            [
                Extension(
                    f"newsbrief.summarizers.statistics.{name}",
                    [f"src/newsbrief/summarizers/statistics/{name}.pyx"],
                    optional=True,  # a failed C compile leaves the pure-Python path
                )
                for name in ("_reading", "_statistics")
            ],
            compiler_directives={"language_level": "3"},
        )
    except Exception as error:  # any failure here must not stop the install
        print(f"warning: newsbrief's compiled reader is not built: {error}")
        return []


extensions = _extensions()

setup(ext_modules=extensions)
