"""Drop-in adapters for the packages django-dlwidget replaces: one subpackage per predecessor.

Each mirrors its predecessor's public modules, names, signatures, defaults and return shapes, so
that a project migrates by changing import lines. They map every call onto the native API and
keep no state or logic of their own; docs/migrating.md lists each mapping and every deliberate
difference.
"""
