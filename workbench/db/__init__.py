"""Storage: the SQLAlchemy models, the engine and its sessions, and the migration runner."""
