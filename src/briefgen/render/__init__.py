"""Renderers: Markdown (Jinja2), Word (docxtpl + python-docx), PDF (LibreOffice)."""
