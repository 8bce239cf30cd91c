"""The Redis cache keeps one redis-py client per pool (apps/core/cache.py): Django made a new
one, with its ~170 response callbacks, for every cache call."""

from django.core.cache.backends.redis import RedisCacheClient as DjangoClient

from apps.core.cache import RedisCache


def test_every_cache_call_uses_the_same_client_of_its_pool():
    cache = RedisCache("redis://127.0.0.1:6379/15", {})  # nothing is sent: clients connect lazily
    first = cache._cache.get_client("key")
    assert cache._cache.get_client("other") is first
    assert cache._cache.get_client("key", write=True) is first  # one server: reads and writes share it
    assert first.connection_pool is cache._cache._get_connection_pool(write=True)
    # Django's own client, for contrast, builds a new one each time.
    django = DjangoClient(["redis://127.0.0.1:6379/15"])
    assert django.get_client("key") is not django.get_client("key")


def test_reads_and_writes_to_separate_servers_keep_separate_clients():
    cache = RedisCache("redis://127.0.0.1:6379/15,redis://127.0.0.1:6380/15", {})
    writer = cache._cache.get_client("key", write=True)
    reader = cache._cache.get_client("key")
    assert writer is not reader
    assert writer.connection_pool.connection_kwargs["port"] == 6379
    assert reader.connection_pool.connection_kwargs["port"] == 6380
    assert cache._cache.get_client("key") is reader
