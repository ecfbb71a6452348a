"""read_filing's dispatch: content before suffix, and one-line errors naming the file and the cause."""

import zipfile

import pytest

from indicator_nlp.errors import EncryptedFileError, FilingError, UnsupportedFormatError
from indicator_nlp.readers import iter_paths, read_filing

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# (id, file name, bytes, error class, words the message must hold)
BAD = [
    ("missing", None, None, FilingError, "no such file"),
    ("empty", "a.txt", b"", FilingError, "empty file"),
    ("legacy-doc", "a.doc", OLE + b"\0" * 600, UnsupportedFormatError, "legacy Office"),
    ("legacy-doc-named-docx", "a.docx", OLE + b"\0" * 600, UnsupportedFormatError, "legacy Office"),
    ("encrypted-ooxml", "a.xlsx", OLE + b"\0" * 600 + "EncryptionInfo".encode("utf-16-le"), EncryptedFileError, "password"),
    ("broken-zip", "a.docx", b"PK\x03\x04" + b"\0" * 40, FilingError, "truncated or corrupt DOCX"),
    ("unknown-suffix", "a.pptx2", b"hello", UnsupportedFormatError, "unsupported file type"),
]


@pytest.mark.parametrize(("name", "data", "cls", "words"), [c[1:] for c in BAD], ids=[c[0] for c in BAD])
def test_bad_file_error(tmp_path, name, data, cls, words):
    path = tmp_path / (name or "absent.pdf")
    if data is not None:
        path.write_bytes(data)
    with pytest.raises(cls) as exc:
        read_filing(path)
    message = str(exc.value)
    assert message.startswith(str(path)) and words in message and "\n" not in message


def test_zip_that_is_not_office(tmp_path):
    path = tmp_path / "a.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("hello.txt", "hi")
    with pytest.raises(UnsupportedFormatError, match="neither a Word nor an Excel"):
        read_filing(path)


def test_folder_expansion_skips_notes(tmp_path):
    for name in ("b.txt", "a.xlsx", "README.md", ".hidden.txt", "notes.md", "image.png"):
        (tmp_path / name).write_text("x")
    assert [p.name for p in iter_paths([tmp_path])] == ["a.xlsx", "b.txt", "notes.md"]


def test_folder_is_refused_by_the_library(tmp_path):
    with pytest.raises(FilingError, match="is a folder"):
        read_filing(tmp_path)
