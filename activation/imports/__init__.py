"""The quarterly import of results (DESIGN.md section 8): one pipeline for the pages at /import/
and the `import_results` and `undo_import` commands.

reading    bytes → table rows: encodings, CSV dialects, XLSX, size limits; no database
columns    the columns of the file and its templates
rules      every row and every count rule, also against the stored values
borders    the municipalities of each quarter: mergers, successors, predecessors
analysis   what a file would do to the database; writes nothing
report     the report an import keeps (ImportBatch.report) and its text for the command
services   preview, confirm, cancel and the direct import: the one place an ImportBatch is made
writing    the rows an import writes, and the stored figures of their quarters
undoing    giving an import's values back
views, forms, urls   the pages at /import/ (namespace `imports`)
"""
