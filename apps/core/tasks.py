from django_q.conf import Conf

from apps.core.health import heartbeat_record


def worker_heartbeat() -> None:
    # Scheduled once per cluster; the cluster that runs it is the one whose heartbeat this is.
    heartbeat_record(cluster=Conf.CLUSTER_NAME)
