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
