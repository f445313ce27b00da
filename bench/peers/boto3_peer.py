"""boto3 (and botocore's SigV4 signer) as a peer: see protocol.py.
Path-style addressing at the object server, dummy credentials, checksums
only where required (the server stores a body as it is sent)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import protocol  # noqa: E402

SUBJECT = "boto3"


def load():
    import boto3
    import botocore
    return boto3, botocore


def client(args, lib, connections=10):
    boto3, botocore = lib
    from botocore.config import Config
    config = Config(
        max_pool_connections=max(10, connections), retries={"mode": "standard", "max_attempts": 3},
        s3={"addressing_style": "path"}, request_checksum_calculation="when_required",
        response_checksum_validation="when_required")
    return boto3.client(
        "s3", endpoint_url=args.endpoint, region_name="us-east-1", aws_access_key_id="bench",
        aws_secret_access_key="bench-secret", config=config)


def small(args, lib):
    clients = {}

    def run_cell(op, size, inflight, body, budget):
        s3 = clients.setdefault(inflight, client(args, lib, inflight))

        def one(index):
            key = protocol.small_key("boto3", size, index)
            if op == "PUT":
                s3.put_object(Bucket=args.bucket, Key=key, Body=body)
            elif op == "GET":
                data = s3.get_object(Bucket=args.bucket, Key=key)["Body"].read()
                if len(data) != size:
                    raise RuntimeError(f"GET {key}: {len(data)} bytes")
            else:
                s3.head_object(Bucket=args.bucket, Key=key)

        return protocol.threaded(inflight, budget, one)

    protocol.small_cells(args, SUBJECT, run_cell)


def large(args, lib):
    s3 = client(args, lib)

    def put_file():
        with open(args.file, "rb") as source:
            s3.put_object(Bucket=args.bucket, Key=args.key, Body=source)
        return args.bytes

    def get_memory():
        return len(s3.get_object(Bucket=args.bucket, Key=args.key)["Body"].read())

    def get_file():
        s3.download_file(args.bucket, args.key, args.file)  # s3transfer: ranged GETs on threads
        return Path(args.file).stat().st_size

    def get_stream():
        body = s3.get_object(Bucket=args.bucket, Key=args.key)["Body"]
        return sum(len(chunk) for chunk in body.iter_chunks(1 << 20))

    protocol.large_run(args, SUBJECT, {
        "put-file": put_file, "get-memory": get_memory, "get-file": get_file, "get-stream": get_stream})


def sign(args, lib):
    from botocore.auth import S3SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
    signer = S3SigV4Auth(Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), "s3", "us-east-1")

    def one():
        request = AWSRequest(method="GET", url="https://bench.s3.us-east-1.amazonaws.com/small/object-1",
                             headers={"Host": "bench.s3.us-east-1.amazonaws.com"})
        signer.add_auth(request)

    protocol.emit("sign", SUBJECT, protocol.per_call_microseconds(args.requests, one), "µs")


if __name__ == "__main__":
    protocol.main(sys.modules[__name__])
