"""HTTP routes: thin functions that parse, call ``Hinge``, and shape the answer."""
