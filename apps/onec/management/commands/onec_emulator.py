"""`manage.py onec_emulator`: the demo 1C as a separate process, as a real 1C base would be."""

import os
import threading

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.onec.emulator.server import EmulatorHandle, Knobs, make_server
from apps.onec.emulator.wsdl import LATEST, VERSIONS


class Command(BaseCommand):
    help = "Serve the ClientPortal SOAP service of docs/onec-contract.md with demo data."

    def add_arguments(self, parser):
        env = os.environ.get
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8081)
        parser.add_argument("--base", default="portal", help="the 1C base's publication name in the URL")
        parser.add_argument("--latency-ms", type=int, default=int(env("ONEC_EMULATOR_LATENCY_MS", "0")))
        parser.add_argument("--down", action="store_true", default=env("ONEC_EMULATOR_DOWN", "") == "1",
                            help="answer every request with an HTML 502, like a dead 1C behind nginx")  # fmt: skip
        parser.add_argument("--fail-inn", default=env("ONEC_EMULATOR_FAIL_INN") or None,
                            help="1C fails (a Fault without a contract word) for this INN")  # fmt: skip
        parser.add_argument("--contract-version", choices=VERSIONS, default=env("ONEC_EMULATOR_VERSION") or LATEST,
                            help="1.1: a base without orders and VAT; 1.0: without settlements, shipments, "
                                 "changed documents and certificates too")  # fmt: skip
        parser.add_argument("--max-sessions", type=int, default=int(env("ONEC_EMULATOR_MAX_SESSIONS", "0")),
                            help="licences: refuse calls beyond this many in flight, as 1C does (0: none)")  # fmt: skip
        parser.add_argument("--bulk-inn", default=env("ONEC_EMULATOR_BULK_INN") or None,
                            help="add generated documents to this INN (a large archive)")  # fmt: skip
        parser.add_argument("--bulk-count", type=int, default=int(env("ONEC_EMULATOR_BULK_COUNT", "200")))
        parser.add_argument("--bulk-size-kb", type=int, default=int(env("ONEC_EMULATOR_BULK_SIZE_KB", "200")))

    def handle(self, *args, **opts):
        if not settings.ONEC_PASSWORD:
            raise CommandError("ONEC_PASSWORD is empty: set it (the emulator and the portal share it)")
        knobs = Knobs(
            username=settings.ONEC_USERNAME,
            password=settings.ONEC_PASSWORD,
            latency_ms=opts["latency_ms"],
            down=opts["down"],
            fail_inn=opts["fail_inn"],
            version=opts["contract_version"],
            max_sessions=opts["max_sessions"],
        )
        server = make_server(host=opts["host"], port=opts["port"], base=opts["base"], knobs=knobs)
        handle = EmulatorHandle(server, None)
        if opts["bulk_inn"]:
            handle.add_bulk_documents(opts["bulk_inn"], opts["bulk_count"], opts["bulk_size_kb"])
        # Render every printed form in the background, so the first list in the demo is quick.
        threading.Thread(target=_warm, args=(server.ledger,), daemon=True).start()
        self.stdout.write(f"1C emulator: WSDL at {handle.wsdl_url} (user {knobs.username!r})")
        state = f"contract v{knobs.version}; latency {knobs.latency_ms} ms" + ("; DOWN" if knobs.down else "")
        state += f"; failing INN {knobs.fail_inn}" if knobs.fail_inn else ""
        state += f"; at most {knobs.max_sessions} sessions" if knobs.max_sessions else ""
        self.stdout.write(f"clients: {', '.join(sorted(server.ledger.clients))}; {state}")
        self.stdout.flush()
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()


def _warm(ledger) -> None:
    for document in list(ledger.documents.values()):
        ledger.file(document)
