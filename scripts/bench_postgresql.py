"""scripts/bench --store postgresql: what scale-out costs, on one machine.

One and then two samtal instances on one PostgreSQL 15 (its own, fsync on, in a temporary
folder), driven by wrk over loopback. On two cores shared with PostgreSQL and the load
generator, absolute scaling cannot be measured, so the figures are what sharing costs:
  - the CPU each availability answer costs samtal, with two instances against one (the read
    path should pay nothing for sharing);
  - booking creation across both instances against one (PostgreSQL, not samtal, the limit);
  - booking creation on one instance against a bare libpq program doing the same transaction
    (tests/bench/postgresql_ceiling.cpp);
with samtal's and PostgreSQL's CPU shown apart. With --write-doc the table goes into
docs/performance.md between its PostgreSQL markers.
"""
import os
import shutil
import subprocess
import tempfile
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

BEGIN_MARKER = "<!-- PostgreSQL: written by scripts/bench --store postgresql --write-doc. -->"
END_MARKER = "<!-- End of the PostgreSQL figures. -->"


class postgresql_server:
    """A PostgreSQL 15 of the bench's own, durable, with one database for samtal."""

    def __init__(self, bench, work: Path):
        self.bench, self.folder = bench, work / "pg"
        script = str(bench.ROOT / "tests/postgresql/server")
        self.script = script
        server = bench.run(script, "start", str(self.folder), "durable").stdout.strip()
        self.url = server.replace("/postgres?", "/samtal?")
        self.ceiling_url = server.replace("/postgres?", "/ceiling?")
        for name in ("samtal", "ceiling"):
            bench.run("psql", "-q", server, "-c", f"CREATE DATABASE {name}")

    def pids(self) -> list[int]:
        """The postmaster and every backend and helper process it runs now."""
        postmaster = int((self.folder / "data/postmaster.pid").read_text().split()[0])
        children = Path(f"/proc/{postmaster}/task/{postmaster}/children").read_text().split()
        return [postmaster] + [int(child) for child in children]

    def stop(self):
        subprocess.run([self.script, "stop", str(self.folder)], check=False)


def config_on(bench, data_dir: Path) -> str:
    text = bench.bench_config(data_dir, 0)
    return text.replace("[storage]\n", '[storage]\nengine = "postgresql"\n'
                                       'postgresql_url_env = "SAMTAL_POSTGRESQL_URL"\n', 1)


def measured(bench, pg: postgresql_server, instances: list, drive) -> dict:
    """Runs `drive` (which starts wrk against the instances and returns their results) and
    adds the CPU samtal and PostgreSQL spent per request."""
    samtal_pids = [instance.process.pid for instance in instances]
    pg_pids = pg.pids()
    samtal_before, pg_before = bench.cpu_seconds(samtal_pids), bench.cpu_seconds(pg_pids)
    results = drive()
    samtal_cpu = bench.cpu_seconds(samtal_pids) - samtal_before
    pg_cpu = bench.cpu_seconds([pid for pid in pg_pids if Path(f"/proc/{pid}").exists()]) - pg_before
    requests = sum(result["requests"] for result in results)
    return {"rps": sum(result["rps"] for result in results),
            "samtal_cpu_us": samtal_cpu * 1e6 / max(requests, 1),
            "postgresql_cpu_us": pg_cpu * 1e6 / max(requests, 1),
            "errors": sum(result["errors"] for result in results)}


def side_by_side(bench, targets: list) -> list:
    """wrk against each (url, connections, script) at the same time."""
    results = [None] * len(targets)

    def one(i, url, connections, script):
        results[i] = bench.wrk(url, connections, script)

    threads = [threading.Thread(target=one, args=(i, *target)) for i, target in enumerate(targets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def booking_script(bench, work: Path, base: int, stretch: int) -> Path:
    """The bench's booking script, its wrk threads in stretch `stretch` of the calendar, so
    that two instances' parents never ask for the same time."""
    path = work / f"book-{stretch}.lua"
    text = bench.BOOKING_SCRIPT % (base,)
    path.write_text(text.replace("offset = id * 50000", f"offset = {stretch} * 100000 + id * 50000"))
    return path


def run_bench(bench) -> dict:
    work = Path(tempfile.mkdtemp(prefix="samtal-bench-postgresql-"))
    work.chmod(0o755)  # the server runs as postgres under root
    pg = postgresql_server(bench, work)
    os.environ["SAMTAL_POSTGRESQL_URL"] = pg.url
    instances = []
    try:
        tomorrow = datetime.now(timezone.utc).replace(minute=0, second=0, microsecond=0) + timedelta(days=1)
        week = (tomorrow + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M:00Z")
        availability = f"/api/v1/availability?unit=bench&to={week}"
        base = int(tomorrow.timestamp())
        for n in (1, 2):
            data_dir = work / f"data{n}"
            if n == 2:  # instances that share a store share their keys
                shutil.copytree(work / "data1/keys", data_dir / "keys")
            config = work / f"samtal{n}.toml"
            config.write_text(config_on(bench, data_dir))
            instance = bench.samtal_process(config, data_dir)
            instance.start()
            instances.append(instance)
        one, both = instances[:1], instances
        figures = {
            "availability_one": measured(bench, pg, one, lambda: side_by_side(
                bench, [(one[0].url + availability, 64, None)])),
            "availability_two": measured(bench, pg, both, lambda: side_by_side(
                bench, [(i.url + availability, 32, None) for i in both])),
            "book_one": measured(bench, pg, one, lambda: side_by_side(
                bench, [(one[0].url, 16, booking_script(bench, work, base, 0))])),
            "book_two": measured(bench, pg, both, lambda: side_by_side(
                bench, [(i.url, 8, booking_script(bench, work, base, n + 1)) for n, i in enumerate(both)])),
        }
        for instance in instances:
            instance.stop()
        instances = []
        figures["libpq_ceiling_tps"] = float(bench.run(
            str(bench.ROOT / "build/release/postgresql_ceiling"), pg.ceiling_url, str(bench.DURATION)).stdout)
        return figures
    finally:
        for instance in instances:
            instance.stop()
        pg.stop()
        shutil.rmtree(work, ignore_errors=True)


def report(bench, figures: dict, write_doc: bool):
    a1, a2 = figures["availability_one"], figures["availability_two"]
    b1, b2 = figures["book_one"], figures["book_two"]
    rows = [
        ("availability, 64 conn, one instance (req/s)", a1["rps"], None),
        ("availability, 32 conn each, two instances (req/s)", a2["rps"], a1["rps"]),
        ("availability, samtal CPU µs/answer, two vs one", a2["samtal_cpu_us"], a1["samtal_cpu_us"]),
        ("availability, PostgreSQL CPU µs/answer, two vs one", a2["postgresql_cpu_us"], a1["postgresql_cpu_us"]),
        ("booking creation, 16 conn, one instance vs bare libpq (bookings/s)", b1["rps"],
         figures["libpq_ceiling_tps"]),
        ("booking creation, 8 conn each, two vs one instance (bookings/s)", b2["rps"], b1["rps"]),
        ("booking creation, samtal CPU µs/booking, two vs one", b2["samtal_cpu_us"], b1["samtal_cpu_us"]),
        ("booking creation, PostgreSQL CPU µs/booking, two vs one", b2["postgresql_cpu_us"],
         b1["postgresql_cpu_us"]),
    ]
    lines = [f"| {'measure (PostgreSQL store)':<68} | {'samtal':>10} | {'compared with':>13} | {'ratio':>6} |",
             f"|{'-' * 70}|{'-' * 12}|{'-' * 15}|{'-' * 8}|"]
    for name, value, against in rows:
        ratio = f"{value / against:.2f}" if against else ""
        against_text = f"{against:,.1f}" if against is not None else ""
        lines.append(f"| {name:<68} | {value:>10,.1f} | {against_text:>13} | {ratio:>6} |")
    table = "\n".join(lines)
    print(table)
    errors = b1["errors"] + b2["errors"]
    print(f"\nnon-2xx answers while booking: {errors}")
    if not write_doc:
        return
    doc = bench.ROOT / "docs/performance.md"
    text = doc.read_text()
    section = (f"{BEGIN_MARKER}\n## Two instances on one PostgreSQL\n\nMeasured by `scripts/bench --store "
               f"postgresql` on {datetime.now(timezone.utc).isoformat(timespec='seconds')}: PostgreSQL 15 "
               "with fsync on, samtal, and wrk share the machine; "
               f"{bench.DURATION} s per figure. Each ratio is the first column over the second: the "
               "targets are at most 1.15 for samtal's CPU per availability answer with two instances, at "
               "least 0.90 for booking creation across two instances against one, and at least 0.50 for "
               "booking creation against the bare libpq program. Writes follow one another through one "
               "advisory lock, so two instances book at PostgreSQL's pace, not twice one's.\n\n"
               f"{table}\n{END_MARKER}")
    if BEGIN_MARKER in text:
        head, rest = text.split(BEGIN_MARKER, 1)
        text = head + section + rest.split(END_MARKER, 1)[1]
    else:
        head, marker, kept = text.partition("<!-- Above: written by scripts/bench --write-doc.")
        text = head + section + "\n\n" + marker + kept
    doc.write_text(text)


def main(bench, write_doc: bool):
    bench.build(("samtal", "postgresql_ceiling"))
    report(bench, run_bench(bench), write_doc)
