"""Task switch cost in Python asyncio: TASKS tasks each await sleep(0) STEPS times.

Usage: python3 switch.py TASKS STEPS REPEAT [WARMUP] -> one JSON line, best ns per switch.
WARMUP runs (default 0) go first and are not measured, as for every other case.
"""
import asyncio
import json
import sys
import time


async def stepper(steps):
    for _ in range(steps):
        await asyncio.sleep(0)


async def main(tasks, steps):
    await asyncio.gather(*(stepper(steps) for _ in range(tasks)))


if __name__ == "__main__":
    tasks, steps, repeat = (int(a) for a in sys.argv[1:4])
    warmup = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    for _ in range(warmup):
        asyncio.run(main(tasks, steps))
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        asyncio.run(main(tasks, steps))
        best = min(best, time.perf_counter() - start)
    print(json.dumps({"case": "python-asyncio", "nsPerSwitch": best * 1e9 / (tasks * steps)}))
