"""The README's keys table is one table: a row indented unlike the others ends it there (in
CommonMark and on GitHub), and the rows after it (N / P / A / R, S, Delete, undo...) showed as
a paragraph of pipes to a new editor reading the first page."""

from __future__ import annotations

from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def test_every_row_of_the_keys_table_is_indented_as_its_header():
    lines = README.read_text(encoding="utf-8").splitlines()
    header = next(i for i, line in enumerate(lines) if line.strip() == "| keys | does |")
    indent = len(lines[header]) - len(lines[header].lstrip())
    rows = []
    for line in lines[header:]:
        if not line.lstrip().startswith("|"):
            break
        rows.append(line)
    assert len(rows) > 20  # the header, its rule and every key
    assert all(len(row) - len(row.lstrip()) == indent for row in rows), [r[:30] for r in rows if not r.startswith(" " * indent + "|")]
    assert any("N / P · A / R" in row for row in rows)
