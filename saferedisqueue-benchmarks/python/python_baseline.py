"""W(N, size, C, P) with the original Python saferedisqueue, for the README's side-by-side figures.

P producer processes put N items of `size` bytes in total (put: one MULTI/EXEC per item), C consumer
processes get (BRPOPLPUSH, then HGET) and ack each one, on the same queue. Prints msg/s from the first
put until the last ack. The library itself is not part of this project: pass the directory that holds
its saferedisqueue.py with --lib (or have it importable); it needs redis-py (Debian: python3-redis).

    python3 python_baseline.py --redis-url=redis://127.0.0.1:6379/0 --lib=DIR [--n=50000] [--size=100]
        [--c=4] [--p=4]
"""

import argparse
import multiprocessing
import sys
import time
import uuid


def load(lib):
    if lib:
        sys.path.insert(0, lib)
    import saferedisqueue  # noqa: E402 (the original library, from --lib)

    return saferedisqueue


def produce(url, name, lib, count, size, start):
    queue = load(lib).SafeRedisQueue(url=url, name=name)
    payload = b"x" * size
    start.wait()
    for _ in range(count):
        queue.put(payload)


def consume(url, name, lib, done, total, start):
    queue = load(lib).SafeRedisQueue(url=url, name=name)
    start.wait()
    while True:
        with done.get_lock():
            if done.value >= total:
                return
        try:
            uid, item = queue.get(timeout=1)
        except Exception:  # noqa: BLE001 (the library's get fails with redis-py 4 when it times out)
            continue
        if uid is None:
            continue
        queue.ack(uid)
        with done.get_lock():
            done.value += 1


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--lib", default=None)
    parser.add_argument("--n", type=int, default=50000)
    parser.add_argument("--size", type=int, default=100)
    parser.add_argument("--c", type=int, default=4)
    parser.add_argument("--p", type=int, default=4)
    args = parser.parse_args()
    name = "pybench-" + uuid.uuid4().hex[:8]
    done = multiprocessing.Value("l", 0)
    start = multiprocessing.Barrier(args.c + args.p + 1)
    per = [args.n // args.p + (1 if i < args.n % args.p else 0) for i in range(args.p)]
    workers = [
        multiprocessing.Process(
            target=produce, args=(args.redis_url, name, args.lib, per[i], args.size, start))
        for i in range(args.p)
    ] + [
        multiprocessing.Process(
            target=consume, args=(args.redis_url, name, args.lib, done, args.n, start))
        for _ in range(args.c)
    ]
    for worker in workers:
        worker.start()
    start.wait()
    began = time.perf_counter()
    while True:
        with done.get_lock():
            if done.value >= args.n:
                break
        time.sleep(0.005)
    elapsed = time.perf_counter() - began
    for worker in workers:
        worker.join()
    print(
        "python W(%d,%d,%d,%d): %.0f msg/s (%.2f s)"
        % (args.n, args.size, args.c, args.p, args.n / elapsed, elapsed))


if __name__ == "__main__":
    main()
