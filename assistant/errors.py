"""One exception type per user-facing failure; the CLI prints each as a single line."""


class AssistantError(Exception):
    """Base: anything the user can fix; the message is the one line they see."""

    exit_code = 1


class IndexMissingError(AssistantError):
    pass


class IndexMismatchError(AssistantError):
    pass


class StoreUnavailableError(AssistantError):
    pass


class InvalidQuestionError(AssistantError):
    exit_code = 2


class InputPathError(AssistantError):
    exit_code = 2


class BackendError(AssistantError):
    pass


class ModelFilesError(AssistantError):
    pass


class UnknownSourceError(AssistantError):
    exit_code = 2


class StoreAuthError(StoreUnavailableError):
    """The Chroma server (or the proxy in front of it) refused the token."""


class IngestRunningError(AssistantError):
    """Another ingest holds the index's writer lock."""


class InvalidOptionError(AssistantError):
    """A command-line option out of range or malformed."""

    exit_code = 2


class SettingsError(AssistantError):
    """A config file or ASSISTANT_* variable that is missing, malformed, misspelt or of the wrong type."""

    exit_code = 2


class IndexDamagedError(AssistantError):
    """The index files exist but Chroma cannot read them: the message says how to rebuild."""


class IndexReadOnlyError(AssistantError):
    """Writing (ingest) into an index folder that cannot be written."""
