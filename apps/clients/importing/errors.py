class ImportFileError(Exception):
    """A whole-file problem: the one message staff see; nothing was changed."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
