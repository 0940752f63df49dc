"""A project's own app, for testing the public serving API on a model the app does not own."""
