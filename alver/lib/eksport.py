"""Spreadsheet exports that cannot run anything when opened.

A title typed as `=HYPERLINK("https://…","Klikk")` is text to us, but openpyxl stores a string
starting with «=» as a formula, and Excel runs it when the file is opened. Every export writes
its rows through `rad`, which makes every string a text cell whatever it starts with; a CSV
export (none yet) would use `csv_tekst`, since CSV has no cell types and the spreadsheet
decides from the first character.
"""

from openpyxl.cell.cell import Cell

# what Excel, LibreOffice and Google Sheets read as the start of a formula (or a DDE call)
FORMELTEIKN = ("=", "+", "-", "@", "\t", "\r")


def rad(ark, verdiar):
    """A row for `ark.append` (a normal or a write-only sheet) with every string as a text cell."""
    celler = []
    for verdi in verdiar:
        if isinstance(verdi, str):
            # row and column are placeholders: append() places the cell
            celle = Cell(ark, row=1, column=1, value=verdi)
            # set after the value: assigning the value is what would have made it a formula
            celle.data_type = "s"
            celler.append(celle)
        else:
            celler.append(verdi)
    return celler


def csv_tekst(verdi):
    """A CSV field that a spreadsheet shows as text: a leading formula character is quoted
    with «'», as OWASP recommends."""
    tekst = "" if verdi is None else str(verdi)
    return "'" + tekst if tekst.startswith(FORMELTEIKN) else tekst
