"""biopharma-kg core: model, resolution, stores, queries and the ``kg`` command."""

__version__ = "0.1.0"
