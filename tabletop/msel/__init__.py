"""MSEL spreadsheets: a scenario exported as the workbook planners share, and a
planner's workbook imported as a checked scenario (docs/msel.md).

columns (the sheets' headings) · values (what a cell holds) · writer and draw
(export) · reader, build, assemble, merge, validate, yamlout, importer (import)
· mapping (a planner's own headings) · cli (the thin command)."""
