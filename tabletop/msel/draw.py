"""The workbook drawn with openpyxl: title rows, a two-line (English and
Japanese) heading row frozen at the top, fitted column widths, wrapped text,
and an autofilter on the MSEL."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from tabletop.msel import columns as C
from tabletop.msel.writer import SheetData, fitted_widths, measure, row_heights

HEAD_FONT = Font(bold=True, color="FFFFFF")
HEAD_FILL = PatternFill("solid", fgColor="1F3864")
TITLE_FONT = Font(bold=True, size=13)
BANNER_FONT = Font(bold=True, color="C00000")
WRAP = Alignment(wrap_text=True, vertical="top")
HEAD_ALIGN = Alignment(wrap_text=True, vertical="center", horizontal="center")
THIN = Side(style="thin", color="BFBFBF")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TOP = Border(top=Side(style="thin", color="808080"))


def draw_workbook(book: list[SheetData]) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    for sheet in book:
        draw_sheet(wb.create_sheet(C.SHEET_TITLES[sheet.kind]), sheet)
    return wb


def draw_sheet(ws, sheet: SheetData) -> None:
    ncols = len(sheet.columns)
    last = get_column_letter(ncols)
    for r, title in enumerate(sheet.title_rows, start=1):
        cell = ws.cell(r, 1, title)
        cell.data_type = "s"
        cell.font = BANNER_FONT if r == 1 else TITLE_FONT if r == 2 else Font(italic=True)
        # (not merged: the text runs on over the empty cells, and the import reads the sheet faster)
    head = len(sheet.title_rows) + (1 if sheet.title_rows else 0) + 1
    for c, col in enumerate(sheet.columns, start=1):
        cell = ws.cell(head, c, col.heading)
        cell.font, cell.fill, cell.alignment, cell.border = HEAD_FONT, HEAD_FILL, HEAD_ALIGN, GRID
    ws.row_dimensions[head].height = 32
    for r, row in enumerate(sheet.rows, start=head + 1):
        if sheet.kind == C.DECISIONS and row[0] is not None:  # a line above each decision point
            for c in range(1, ncols + 1):
                ws.cell(r, c).border = TOP
        for c, value in enumerate(row, start=1):
            if value is None or value == "":
                continue
            cell = ws.cell(r, c, value)
            cell.data_type = "s"  # every value is text: "=..." stays what was written, not a formula
            cell.alignment = WRAP
    measured = measure(sheet)
    widths = fitted_widths(sheet, measured)
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    for r, height in enumerate(row_heights(measured, widths), start=head + 1):
        ws.row_dimensions[r].height = height
    ws.freeze_panes = ws.cell(head + 1, 3 if sheet.kind == C.MSEL else 1)
    if sheet.kind == C.MSEL and sheet.rows:
        ws.auto_filter.ref = f"A{head}:{last}{head + len(sheet.rows)}"
    ws.print_title_rows = f"{head}:{head}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
