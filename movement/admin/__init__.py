"""Back office: every model of the movement, scoped to the user's units, with history.

``base`` holds the scoping mixins and filters every admin of the project uses (clusters' and
reports' too), ``imports`` the import/export pages; the other modules register the models.
"""

from movement.admin import exports, records, reports, security, units  # noqa: F401  (registers the admins)
