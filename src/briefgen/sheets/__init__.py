"""A pack as a workbook and back: `briefgen export` and `briefgen import` (issue 14).

The YAML stays the source of truth. Export writes every field as text; import compares each
cell with what the pack's YAML says and edits only the lines of the records that changed, so
comments, order, quoting and blank lines survive, and an unchanged workbook changes no byte.
"""
