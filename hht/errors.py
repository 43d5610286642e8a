"""The one exception type hht shows to people.

Anything raised as an HHTError reaches the user as one sentence on stderr and
the exit code it carries; nothing else prints a message at them.
"""


class HHTError(Exception):
    """A problem the user can act on. Exit code 1 unless said otherwise."""

    exit_code = 1

    def __init__(self, message: str, exit_code: int | None = None):
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class UsageError(HHTError):
    """Bad input on the command line: exit 2, nothing written."""

    exit_code = 2


class ProtocolError(HHTError):
    """A protocol file that cannot be used: exit 2."""

    exit_code = 2


class StorageError(HHTError):
    """The database cannot be opened or written."""

    exit_code = 1
