"""The annotator: mark up a source text in the browser and build its argument map.

:mod:`graph.annotate.document` converts a map to and from the JSON document the
browser edits; the web server lives apart so that importing this package stays light.
"""
