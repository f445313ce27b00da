"""obstore (Rust's object_store) as a peer: see protocol.py. An S3Store at
the object server, path-style, plain HTTP, dummy credentials; one at a
time through its blocking calls, N in flight as N tasks of its async ones."""

import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import protocol  # noqa: E402

SUBJECT = "obstore"


def load():
    import obstore
    from obstore.store import S3Store
    return obstore, S3Store


def store(args, lib):
    _, S3Store = lib
    return S3Store(
        args.bucket, endpoint=args.endpoint, region="us-east-1", access_key_id="bench", secret_access_key="bench-secret",
        virtual_hosted_style_request=False, client_options={"allow_http": True})


def small(args, lib):
    obs, _ = lib
    s3 = store(args, lib)

    def check(key, data, size):
        if len(data) != size:
            raise RuntimeError(f"GET {key}: {len(data)} bytes")

    def one(op, size, body, index):
        key = protocol.small_key("obstore", size, index)
        if op == "PUT":
            obs.put(s3, key, body)
        elif op == "GET":
            check(key, obs.get(s3, key).bytes(), size)
        else:
            obs.head(s3, key)

    async def one_async(op, size, body, index):
        key = protocol.small_key("obstore", size, index)
        if op == "PUT":
            await obs.put_async(s3, key, body)
        elif op == "GET":
            result = await obs.get_async(s3, key)
            check(key, await result.bytes_async(), size)
        else:
            await obs.head_async(s3, key)

    async def in_flight(op, size, inflight, body, budget):
        async def worker():
            done = 0
            while (index := budget.next()) is not None:
                await one_async(op, size, body, index)
                done += 1
            return done
        return sum(await asyncio.gather(*(worker() for _ in range(inflight))))

    def run_cell(op, size, inflight, body, budget):
        if inflight == 1:
            done = 0
            while (index := budget.next()) is not None:
                one(op, size, body, index)
                done += 1
            return done
        return asyncio.run(in_flight(op, size, inflight, body, budget))

    protocol.small_cells(args, SUBJECT, run_cell)


def large(args, lib):
    obs, _ = lib
    s3 = store(args, lib)

    def put_file():
        obs.put(s3, args.key, Path(args.file), use_multipart=False)  # the server has no multipart uploads
        return args.bytes

    def get_memory():
        return len(obs.get(s3, args.key).bytes())

    def get_file():
        with open(args.file, "wb") as target:
            for chunk in obs.get(s3, args.key):
                target.write(chunk)
        return Path(args.file).stat().st_size

    def get_stream():
        return sum(len(chunk) for chunk in obs.get(s3, args.key))

    protocol.large_run(args, SUBJECT, {
        "put-file": put_file, "get-memory": get_memory, "get-file": get_file, "get-stream": get_stream})


if __name__ == "__main__":
    protocol.main(sys.modules[__name__])
