"""argmap: turn an argumentative text into an argument-mapping knowledge graph.

The package is imported as ``graph``; the distribution and the command are named
``argmap``. The main entry points:

- :func:`graph.pipeline.open_map`: load a map in any registered format, check it
  and derive (returns a :class:`graph.store.MapStore`).
- :func:`graph.pipeline.build`: the whole build (Turtle and HTML outputs).
- :func:`graph.sparql.run_query`: SPARQL over a map.
- :func:`graph.view.statement_graph`, :func:`graph.view.argument_graph`: networkx views.
"""

__version__ = "0.1.0"
