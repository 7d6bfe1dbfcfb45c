"""Reasoning over argument maps: small pure functions over networkx graphs.

Nothing here imports rdflib or reads files: the functions take networkx graphs
(an abstract framework is a ``DiGraph`` whose edges are attacks; a map is the
``MultiDiGraph`` of :func:`graph.view.argument_graph`) and return plain values.
"""
