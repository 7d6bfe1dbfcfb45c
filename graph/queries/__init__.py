"""Named SPARQL queries shipped with argmap, one ``.rq`` file each (see :mod:`graph.named`)."""
