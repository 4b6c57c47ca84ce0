"""Training data and the training command of the citation labeller.

``python -m archive.citegraph.training`` builds ``archive/citegraph/model/``
from the files in ``data/`` (see ``data/README.md`` for where each comes from,
its licence, and what is deliberately *not* in it).
"""
