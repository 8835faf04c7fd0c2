"""Editing: what helps people change the sources. The public API of the feature.

fix          repair what is unambiguously mistyped, showing each change (fix.py)
scaffold     `new …`: commented templates, and items added to existing files (scaffold.py, insert.py)
Locator, footer, EditLink   each page's source, maintainer and “编辑此页” link (links.py)
"""

from showcase.editing.links import EditLink, Locator, footer

__all__ = ["EditLink", "Locator", "footer"]
