"""Realpolitik's pure core: the dataset format, the temporal model, metrics, positions, export
and import. It never imports dash; the faces (``app.py``, ``cli.py``, ``ui/``) use it."""
