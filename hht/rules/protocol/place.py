"""Where the shipped protocols are: one folder, found without loading any protocol
(and without pathlib: `hht status`'s cache reads the files' text to know when they change)."""

import os

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (and re) at start-up
if TYPE_CHECKING:
    from pathlib import Path

DEFAULT_NAME = "default.toml"


def protocols_dir() -> "Path":
    """The shipped protocols: inside the wheel (hht/_protocols), or the source tree's folder (protocols/)."""
    from pathlib import Path

    return Path(protocols_folder())


def protocols_folder() -> str:
    """`protocols_dir`, as a string."""
    package = os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(__file__))))  # hht/
    packaged = os.path.join(package, "_protocols")
    if os.path.isdir(packaged):
        return packaged
    return os.path.join(os.path.dirname(package), "protocols")


def shipped_files() -> list[str]:
    """Every shipped protocol's file, by path, sorted."""
    folder = protocols_folder()
    return sorted(os.path.join(folder, name) for name in os.listdir(folder) if name.endswith(".toml"))
