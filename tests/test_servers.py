"""The servers tests start for themselves (tests/servers.py) really start, stop and come back."""

import psycopg
import redis

from tests.servers import PostgresServer, RedisServer, S3Server


def test_a_postgres_cluster_of_its_own_keeps_its_data_across_a_restart(tmp_path):
    with PostgresServer(tmp_path / "pg") as pg:
        with psycopg.connect(pg.url) as connection:
            connection.execute("CREATE TABLE kept (n int)")
            connection.execute("INSERT INTO kept VALUES (7)")
        pg.stop(crash=True)
        pg.start()
        with psycopg.connect(pg.url) as connection:
            assert connection.execute("SELECT n FROM kept").fetchone() == (7,)


def test_a_redis_of_its_own_stops_and_comes_back_empty(tmp_path):
    with RedisServer(tmp_path / "redis") as server:
        client = redis.Redis.from_url(server.url)
        client.set("k", "v")
        server.stop()
        server.start()
        assert client.get("k") is None


def test_an_s3_store_of_its_own_keeps_an_object(tmp_path):
    with S3Server(tmp_path / "s3") as s3:
        bucket = s3.create_bucket("portal-private")
        s3.client().put_object(Bucket=bucket, Key="a/b.zip", Body=b"PK")
        assert s3.client().get_object(Bucket=bucket, Key="a/b.zip")["Body"].read() == b"PK"
