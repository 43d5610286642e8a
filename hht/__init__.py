"""hht: a self-assessment and rehab tracker for high hamstring tendinopathy."""

# The one place the version is written: pyproject.toml takes it from here
# ([tool.hatch.version]), and `hht --version` reads it back from the
# installed package's metadata.
__version__ = "0.2.0"


def version() -> str:
    """The installed package's version, as its metadata says (what `hht --version` prints)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("hht")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return __version__
