"""Server-side pieces of the two custom elements: the shipped bundle, CSP nonces, CSS roles and
the Python<->TypeScript contract."""
