"""awscrt (the AWS Common Runtime) as a peer: see protocol.py. Its SigV4
signer (aws_sign_request) for the signing workload, and its S3 client
(meta requests on its own event loop, N in flight as N requests at once)
at the object server over plain HTTP; uploads stay single PUTs (the
server has no multipart uploads)."""

import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import protocol  # noqa: E402

SUBJECT = "awscrt"
PART = 8 << 20
OPERATIONS = {"HEAD": "HeadObject"}


def wait(future):
    """The meta request's outcome. Its PUT wants status 200 exactly, and the
    server answers 201 (created) or 204 (replaced) to a PUT that stored the
    whole body: those count as done."""
    try:
        future.result()
    except Exception as error:
        if getattr(error, "status_code", None) not in (201, 204):
            raise


def load():
    import awscrt.auth
    import awscrt.http
    import awscrt.io
    import awscrt.s3
    return awscrt


def credentials(crt):
    return crt.auth.AwsCredentialsProvider.new_static("bench", "bench-secret")


def s3_client(args, crt, single_put_limit):
    bootstrap = crt.io.ClientBootstrap(crt.io.EventLoopGroup(), crt.io.DefaultHostResolver(crt.io.EventLoopGroup(1)))
    signing = crt.s3.create_default_s3_signing_config(region="us-east-1", credential_provider=credentials(crt))
    return crt.s3.S3Client(
        bootstrap=bootstrap, region="us-east-1", tls_mode=crt.s3.S3RequestTlsMode.DISABLED, signing_config=signing,
        part_size=PART, multipart_upload_threshold=single_put_limit)


def request(crt, args, method, key, length=None):
    host = args.endpoint.split("://", 1)[1]
    headers = crt.http.HttpHeaders([("Host", host)])
    if length is not None:
        headers.add("Content-Length", str(length))
        headers.add("Content-Type", "application/octet-stream")
    return crt.http.HttpRequest(method, f"/{args.bucket}/{key}", headers)


def start(crt, s3, args, op, key, body=None, sink=None, **options):
    """Starts one meta request; `sink` (a list) collects the body's chunks."""
    kinds = {"PUT": crt.s3.S3RequestType.PUT_OBJECT, "GET": crt.s3.S3RequestType.GET_OBJECT, "HEAD": crt.s3.S3RequestType.DEFAULT}
    http = request(crt, args, op, key, None if body is None else len(body))
    if body is not None:
        import io
        http.body_stream = io.BytesIO(body)
    on_body = (lambda chunk, offset, **_: sink.append(chunk)) if sink is not None else None
    return s3.make_request(type=kinds[op], request=http, operation_name=OPERATIONS.get(op), on_body=on_body, **options)


def small(args, lib):
    crt = lib
    s3 = s3_client(args, crt, 1 << 30)

    def run_cell(op, size, inflight, body, budget):
        slots = threading.Semaphore(inflight)
        lock = threading.Lock()
        failures, done = [], [0]
        pending = []

        def finished(future, key, chunks):
            try:
                wait(future)
                if op == "GET" and sum(len(chunk) for chunk in chunks) != size:
                    raise RuntimeError(f"GET {key}: wrong length")
                with lock:
                    done[0] += 1
            except Exception as error:
                failures.append(error)
                budget.max = 0
            slots.release()

        while (index := budget.next()) is not None:
            slots.acquire()
            key = protocol.small_key("awscrt", size, index)
            chunks = []
            meta = start(crt, s3, args, op, key, body if op == "PUT" else None, chunks if op == "GET" else None)
            meta.finished_future.add_done_callback(lambda future, key=key, chunks=chunks: finished(future, key, chunks))
            pending.append(meta)  # held until the cell ends
        for _ in range(inflight):
            slots.acquire()
        if failures:
            raise failures[0]
        return done[0]

    protocol.small_cells(args, SUBJECT, run_cell)


def large(args, lib):
    crt = lib
    s3 = s3_client(args, crt, 5 << 30)

    def put_file():
        http = request(crt, args, "PUT", args.key, args.bytes)
        wait(s3.make_request(type=crt.s3.S3RequestType.PUT_OBJECT, request=http, send_filepath=args.file).finished_future)
        return args.bytes

    def get_memory():
        chunks = []
        wait(start(crt, s3, args, "GET", args.key, sink=chunks).finished_future)
        return len(b"".join(chunks))

    def get_file():
        wait(s3.make_request(
            type=crt.s3.S3RequestType.GET_OBJECT, request=request(crt, args, "GET", args.key), recv_filepath=args.file).finished_future)
        return Path(args.file).stat().st_size

    def get_stream():
        count = [0]
        meta = s3.make_request(
            type=crt.s3.S3RequestType.GET_OBJECT, request=request(crt, args, "GET", args.key),
            on_body=lambda chunk, offset, **_: count.__setitem__(0, count[0] + len(chunk)))
        wait(meta.finished_future)
        return count[0]

    protocol.large_run(args, SUBJECT, {
        "put-file": put_file, "get-memory": get_memory, "get-file": get_file, "get-stream": get_stream})


def sign(args, lib):
    crt = lib
    config = crt.auth.AwsSigningConfig(
        algorithm=crt.auth.AwsSigningAlgorithm.V4, signature_type=crt.auth.AwsSignatureType.HTTP_REQUEST_HEADERS,
        credentials_provider=crt.auth.AwsCredentialsProvider.new_static("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
        region="us-east-1", service="s3", use_double_uri_encode=False, should_normalize_uri_path=False,
        signed_body_value=crt.auth.AwsSignedBodyValue.EMPTY_SHA256,
        signed_body_header_type=crt.auth.AwsSignedBodyHeaderType.X_AMZ_CONTENT_SHA_256)

    def one():
        http = crt.http.HttpRequest("GET", "/small/object-1", crt.http.HttpHeaders([("Host", "bench.s3.us-east-1.amazonaws.com")]))
        crt.auth.aws_sign_request(http, config).result()

    protocol.emit("sign", SUBJECT, protocol.per_call_microseconds(args.requests, one), "µs")


if __name__ == "__main__":
    protocol.main(sys.modules[__name__])
