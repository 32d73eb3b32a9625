"""Task switch cost in Python asyncio: TASKS tasks each await sleep(0) STEPS times.

Usage: python3 switch.py TASKS STEPS REPEAT -> one JSON line, best ns per switch.
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
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        asyncio.run(main(tasks, steps))
        best = min(best, time.perf_counter() - start)
    print(json.dumps({"case": "python-asyncio", "nsPerSwitch": best * 1e9 / (tasks * steps)}))
