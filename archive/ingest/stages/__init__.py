"""Pipeline stages: one small module per step, each exposing ``run(doc)``.

A stage reads what earlier stages left on the :class:`WorkingDocument`, adds its
own part and records a Problem for anything it cannot read; it never raises for
bad content.  ``archive.ingest.pipeline.DEFAULT_STAGES`` lists them in order.
"""

__all__: list[str] = []
