from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClustersConfig(AppConfig):
    name = "clusters"
    verbose_name = _("Cụm địa bàn an toàn - đơn vị an toàn")

    def ready(self) -> None:
        # The movement keeps the registries; the clusters add their pieces to them.
        from clusters import computations, demo, resources
        from movement.demo import register_demo_part
        from movement.resources import register_resources

        computations.register()
        register_resources(
            resources.SafetyClusterResource,
            resources.ClusterMemberResource,
            resources.ClusterActivityResource,
            after="units",
        )
        register_demo_part(demo.seed_clusters)
