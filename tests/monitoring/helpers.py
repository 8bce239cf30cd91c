"""Reading /metrics back as Prometheus would."""

from prometheus_client.parser import text_string_to_metric_families

LOOPBACK = "127.0.0.1"


def scrape(client, remote: str = LOOPBACK, **headers) -> dict[tuple[str, frozenset], float]:
    """Every sample of one scrape: {(name, frozenset(labels.items())): value}. Fails unless 200."""
    response = client.get("/metrics", REMOTE_ADDR=remote, headers=headers)
    assert response.status_code == 200, response.status_code
    return parse(response.content.decode())


def parse(text: str) -> dict[tuple[str, frozenset], float]:
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(samples: dict, name: str, **labels) -> float:
    """A sample's value; 0 for a series not there yet (a counter nothing has touched)."""
    return samples.get((name, frozenset(labels.items())), 0.0)
