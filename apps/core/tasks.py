from apps.core.health import heartbeat_record


def worker_heartbeat(cluster: str = "default") -> None:
    heartbeat_record(cluster=cluster)
