"""Hinge's API server: the Litestar app, its storage and its auth."""
