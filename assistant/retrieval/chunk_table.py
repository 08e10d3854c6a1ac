"""Every chunk of a keyword snapshot, saved as flat arrays and memory-mapped back: no per-chunk objects on load.

Unpickling a list of 100k Passage objects took most of a second of every cold `ask` at 100k chunks, although
a question reads only the ~20 chunks BM25 ranks and the neighbours of ~15 sentences. Here the texts sit in
one UTF-8 file, the numbers in one int64 array, the few per-document fields in a small JSON list; a
Passage is made when it is read. Opening costs O(documents), not O(chunks).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from assistant.schema import Passage

if TYPE_CHECKING:
    import numpy as np

_TEXTS, _IDS, _ROWS, _DOCS = "texts.bin", "ids.bin", "rows.npy", "docs.json"
FILES = (_TEXTS, _IDS, _ROWS, _DOCS)
# rows columns: text byte offset and length, id byte offset and length, document number, paragraph, start, end
_TEXT, _TEXT_LEN, _ID, _ID_LEN, _DOC, _PARA, _START, _END = range(8)
_DOC_FIELDS = ("doc_id", "source", "path", "title", "author", "date", "publisher", "url")


def write(folder: Path, chunks: Sequence[Passage]) -> None:
    """Save the chunks in their order (BM25's row order)."""
    import numpy as np

    docs: dict[str, int] = {}
    doc_rows: list[dict[str, Any]] = []
    rows = np.zeros((len(chunks), 8), dtype=np.int64)
    text_at = id_at = 0
    with open(folder / _TEXTS, "wb") as texts, open(folder / _IDS, "wb") as ids:
        for i, chunk in enumerate(chunks):
            number = docs.get(chunk.doc_id)
            if number is None:
                number = docs[chunk.doc_id] = len(doc_rows)
                doc_rows.append({name: getattr(chunk, name) for name in _DOC_FIELDS})
            text, cid = chunk.text.encode(), chunk.chunk_id.encode()
            texts.write(text)
            ids.write(cid)
            rows[i] = (text_at, len(text), id_at, len(cid), number, chunk.paragraph, chunk.start, chunk.end)
            text_at += len(text)
            id_at += len(cid)
    np.save(folder / _ROWS, rows)
    (folder / _DOCS).write_text(json.dumps(doc_rows, ensure_ascii=False))


def exists(folder: Path) -> bool:
    return all((folder / name).is_file() for name in FILES)


class ChunkTable(Sequence[Passage]):
    """The saved chunks, read on demand. Raises OSError or ValueError when the files are unreadable."""

    def __init__(self, folder: Path):
        import numpy as np

        self._rows = np.load(folder / _ROWS, mmap_mode="r")
        if self._rows.ndim != 2 or self._rows.shape[1] != 8:
            raise ValueError(f"{folder / _ROWS}: not a chunk table")
        self._docs = [
            tuple(d[name] for name in _DOC_FIELDS) for d in json.loads((folder / _DOCS).read_text())
        ]
        self._texts = _mapped(folder / _TEXTS)
        self._ids = _mapped(folder / _IDS)
        self._by_doc: dict[str, list[Passage]] = {}
        self._doc_rows: dict[str, Any] | None = None

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, i: int) -> Passage: ...
    @overload
    def __getitem__(self, i: slice) -> list[Passage]: ...
    def __getitem__(self, i: int | slice) -> Passage | list[Passage]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        row = self._rows[i]
        doc_id, source, path, title, author, date, publisher, url = self._docs[int(row[_DOC])]
        return Passage(
            _read(self._ids, row[_ID], row[_ID_LEN]),
            doc_id,
            source,
            path,
            title,
            author,
            date,
            int(row[_PARA]),
            int(row[_START]),
            int(row[_END]),
            _read(self._texts, row[_TEXT], row[_TEXT_LEN]),
            0.0,
            publisher=publisher,
            url=url,
        )

    def __iter__(self) -> Iterator[Passage]:
        return (self[i] for i in range(len(self)))

    def source_array(self) -> np.ndarray:
        """Each chunk's source name, for a --source filter over BM25's scores."""
        import numpy as np

        sources = np.array([d[1] for d in self._docs], dtype=object)
        return sources[np.asarray(self._rows[:, _DOC])]

    def by_doc(self) -> DocChunks:
        return DocChunks(self)

    def doc_ids(self) -> list[str]:
        return [doc[0] for doc in self._docs]

    def chunks_of(self, doc_id: str) -> list[Passage]:
        if self._doc_rows is None:
            import numpy as np

            numbers = np.asarray(self._rows[:, _DOC])
            order = np.argsort(numbers, kind="stable")
            bounds = np.searchsorted(numbers[order], np.arange(len(self._docs) + 1))
            self._doc_rows = {doc[0]: order[bounds[n] : bounds[n + 1]] for n, doc in enumerate(self._docs)}
        if doc_id not in self._by_doc:
            found = [self[int(i)] for i in self._doc_rows.get(doc_id, ())]
            self._by_doc[doc_id] = sorted(found, key=lambda c: c.start)
        return self._by_doc[doc_id]


class DocChunks(Mapping[str, list[Passage]]):
    """A document's chunks sorted by start, made when first asked for (CorpusContext.chunks_by_doc)."""

    def __init__(self, table: ChunkTable):
        self._table = table

    def __getitem__(self, doc_id: str) -> list[Passage]:
        chunks = self._table.chunks_of(doc_id)
        if not chunks:
            raise KeyError(doc_id)
        return chunks

    def __iter__(self) -> Iterator[str]:
        return iter(self._table.doc_ids())

    def __len__(self) -> int:
        return len(self._table.doc_ids())


def _mapped(path: Path) -> Any:
    import mmap

    with open(path, "rb") as fh:
        if fh.seek(0, 2) == 0:
            return b""  # mmap cannot map an empty file
        return mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)


def _read(buffer: Any, offset: Any, length: Any) -> str:
    start = int(offset)
    return buffer[start : start + int(length)].decode()
