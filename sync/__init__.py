"""Hinge's pure sync core: hybrid logical clock, ops, merge and reduction.

Nothing here does I/O or reads a clock: the current time, device ids and the
program's catalog come in as arguments, so every function is cheap to test.
"""
