"""Every error the library raises, in one place. Each message says what is wrong and what to do."""

from __future__ import annotations


class IndicatorNLPError(Exception):
    """Base class of the library's errors."""


class FilingError(IndicatorNLPError):
    """A file could not be read: names the file and the cause, in one line."""

    def __init__(self, path: object, cause: str) -> None:
        self.path = str(path)
        self.cause = cause
        super().__init__(f"{self.path}: {cause}")


class UnsupportedFormatError(FilingError):
    """The file's type is not one the readers know."""


class NeedsOCRError(FilingError):
    """A PDF without a text layer (scanned images)."""


class EncryptedFileError(FilingError):
    """A password-protected file."""


class ModelError(IndicatorNLPError):
    """A model file is missing, corrupt, or does not match its model card."""


class DataError(IndicatorNLPError):
    """Labelled data (corpus, evaluation file) is malformed: names the file, line and cause."""


class SettingsError(IndicatorNLPError, ValueError):
    """A settings dataclass got an unknown key or a bad value: names both and the allowed values."""


class MissingDependencyError(IndicatorNLPError, ImportError):
    """An optional dependency is not installed; the message gives the pip command."""

    def __init__(self, package: str, extra: str | None = None, purpose: str = "") -> None:
        cmd = f"pip install 'indicator-nlp[{extra}]'" if extra else f"pip install {package}"
        what = f" for {purpose}" if purpose else ""
        super().__init__(f"{package} is needed{what}: run `{cmd}`")


class FeedbackError(IndicatorNLPError, ValueError):
    """A feedback record is invalid, or a feedback database cannot be used: names the field or file."""
