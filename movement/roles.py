"""Role groups and their permissions, kept in step with the code after every migrate."""

from __future__ import annotations

from django.apps import apps as global_apps
from django.contrib.auth.models import Group, Permission

from movement.models.users import Role

RECORD_MODELS = [
    "movement.selfmanagementgroup",
    "movement.groupmember",
    "movement.movementmodel",
    "movement.festivalevent",
    "movement.festivalphoto",
    "movement.commendation",
    "movement.propagandasession",
    "movement.safetyrecognition",
    "clusters.safetycluster",
    "clusters.clustermember",
    "clusters.clusteractivity",
]
REPORT_MODELS = ["movement.periodreport", "movement.indicatorvalue"]
CATALOGUE_MODELS = [
    "movement.unit",
    "movement.unitlevel",
    "movement.unitsuccession",
    "movement.indicator",
    "movement.validationrule",
    "movement.reportschedule",
]
# The workflow log is written by the report pages only.
LOG_MODELS = ["movement.reportevent"]

# Import and export (see README «Nhập / xuất dữ liệu»): an import still needs the model's own
# add/change permission, so officers import only records of their commune.
IMPORT_EXPORT = {
    "movement.importjob": ("view", "import_data", "export_data"),
    "movement.exportjob": ("view",),
}
EXPORT_ONLY = {"movement.importjob": ("export_data",), "movement.exportjob": ("view",)}

# The báo cáo tổng kết (reports app): written by office staff (and by commune police, who write
# their commune's), read and exported by the steering committee; generated files are immutable.
SUMMARY_WRITE = {
    "reports.summaryreport": ("view", "add", "change", "export"),
    "reports.generatedfile": ("view",),
    "reports.reportbatch": ("view",),
}
SUMMARY_READ = {
    "reports.summaryreport": ("view", "export"),
    "reports.generatedfile": ("view",),
    "reports.reportbatch": ("view",),
}

ROLE_PERMISSIONS: dict[Role, dict[str, tuple[str, ...]]] = {
    Role.OFFICER: {
        **dict.fromkeys(RECORD_MODELS, ("view", "add", "change", "delete")),
        **dict.fromkeys(REPORT_MODELS, ("view", "add", "change")),
        **dict.fromkeys(CATALOGUE_MODELS + LOG_MODELS, ("view",)),
        **IMPORT_EXPORT,
        **SUMMARY_WRITE,
    },
    # A committee reviews (approve, return, reopen) on the report pages; it never edits figures,
    # so the admin grants it no write on reports either (the admin grants what the pages grant).
    Role.COMMITTEE: {
        **dict.fromkeys(RECORD_MODELS, ("view",)),
        **dict.fromkeys(REPORT_MODELS, ("view",)),
        **dict.fromkeys(CATALOGUE_MODELS + LOG_MODELS, ("view",)),
        **EXPORT_ONLY,
        **SUMMARY_READ,
    },
    Role.STAFF: {
        **dict.fromkeys(RECORD_MODELS, ("view",)),
        **dict.fromkeys(REPORT_MODELS, ("view",)),
        **dict.fromkeys(CATALOGUE_MODELS + LOG_MODELS, ("view",)),
        **EXPORT_ONLY,
        **SUMMARY_WRITE,
    },
    Role.ADMINISTRATOR: {
        **dict.fromkeys(
            RECORD_MODELS + REPORT_MODELS + CATALOGUE_MODELS, ("view", "add", "change", "delete")
        ),
        **dict.fromkeys(LOG_MODELS, ("view",)),
        "movement.user": ("view", "add", "change"),
        # Unlocks a login locked by repeated failures (the lock page sends users here).
        "axes.accessattempt": ("view", "delete"),
        "axes.accesslog": ("view",),
        "axes.accessfailurelog": ("view",),
        **IMPORT_EXPORT,
        **SUMMARY_WRITE,
        "reports.summaryreport": ("view", "add", "change", "delete", "export"),
    },
}


def ensure_role_groups(**kwargs) -> None:
    """Create the four role groups and give each exactly its permissions (idempotent)."""
    if not global_apps.is_installed("movement"):
        return
    wanted: dict[str, set[tuple[str, str]]] = {}
    for role, models in ROLE_PERMISSIONS.items():
        perms = set()
        for label, actions in models.items():
            app_label, model = label.split(".")
            perms.update(
                (app_label, action if action.endswith("_data") else f"{action}_{model}")
                for action in actions
            )
        wanted[Role.group_name(role)] = perms
    all_perms = {
        (p.content_type.app_label, p.codename): p
        for p in Permission.objects.select_related("content_type")
    }
    for name, perms in wanted.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set([all_perms[p] for p in perms if p in all_perms])
