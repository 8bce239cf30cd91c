from apps.reconciliation import services


def fetch_act(act_id: int) -> str | None:
    return services.act_fetch(act_id=act_id)


def sweep_acts() -> dict[str, int]:
    return services.acts_sweep()
