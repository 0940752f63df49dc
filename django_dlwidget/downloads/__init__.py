"""Background exports: a download's life, its progress, the job API and tasks, its file, the list,
the endpoints and the download centre's server side (see docs/architecture.md)."""
