"""Engine-independent site generation: pages, navigation, charts and HTML helpers.

Nothing in this package imports MkDocs; `hooks/showcase_hooks.py` adapts it to MkDocs events.
"""
