"""Storage: the SQLAlchemy models, the engine and its sessions, and the migration runner.

``metadata`` holds every table the models define (importing this package registers them
all): what Alembic migrates, exposed where tools look for it beside the models.
"""

from workbench.db import models  # noqa: F401  (registers every table on the metadata)
from workbench.db.base import Base

metadata = Base.metadata
