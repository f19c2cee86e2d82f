"""Driver of `make load`: the same K concurrent Locust users against the
vanilla and the addon Odoo servers (prefork, already started by
scripts/load.sh), K after K, alternating which database goes first.

For each K and database: a fresh Locust environment, K users started at
once, SECONDS of measurement, then the users stopped and the server left to
finish what was in flight. Meanwhile the database's sessions waiting on a
lock are sampled from pg_stat_activity every SAMPLE seconds (what waits, on
which relation, behind which statement), and the server's log is read for
the serialization conflicts Odoo retried.

Runs in .venv-load (Locust on a current Python):
    .venv-load/bin/python bench/load_run.py --vanilla URL DATA LOG \
        --addon URL DATA LOG --levels 1 4 16 32 --seconds 60 \
        --json OUT.json --markdown OUT.md
"""
# Locust patches the standard library for gevent on import: first.
import locust  # noqa: F401  pylint: disable=unused-import

import argparse
import collections
import json
import os
import re
import sys
import time

import gevent
import gevent.event
import psycopg
from locust.env import Environment

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from locustfile import OrderDesk  # noqa: E402

STEPS = ('create', 'confirm', 'deliver', 'invoice', 'cycle')
LOCK_SAMPLE_SQL = """
    SELECT left(regexp_replace(waiting.query, '\\s+', ' ', 'g'), 110),
           coalesce((SELECT string_agg(DISTINCT coalesce(
                         lock.relation::regclass::text, lock.locktype), ',')
                       FROM pg_locks lock
                      WHERE lock.pid = waiting.pid AND NOT lock.granted), ''),
           coalesce((SELECT left(regexp_replace(blocker.query, '\\s+', ' ',
                                                'g'), 110)
                       FROM pg_stat_activity blocker
                      WHERE blocker.pid = (pg_blocking_pids(waiting.pid))[1]),
                    '')
      FROM pg_stat_activity waiting
     WHERE waiting.datname = current_database()
       AND waiting.wait_event_type = 'Lock'
"""
RETRY = re.compile(r'(\w+), retry \d/\d in ([\d.]+) sec')
GAVE_UP = re.compile(r'maximum number of tries reached')
# The addon's reservation after confirmation (models/reservation/).
RESERVE_RETRY = re.compile(
    r'Reserving pickings .*? met a conflict \(\w+\), try \d+/\d+ in '
    r'([\d.]+) s')
RESERVE_LATER = re.compile(r'Reserving pickings .*? left to a background job')
BAD_QUERY = re.compile(
    r'bad query: b?.(UPDATE|INSERT INTO|DELETE FROM|SELECT)\s+"?(\w+)')
# Log lines: '<date> <time> <pid> <LEVEL> <db> <logger>: <message>'.
LOG_LINE = re.compile(r'^\S+ \S+ (\d+) \w+ \S+ ([\w.]+): (.*)$')
RPC_CALL = re.compile(
    r"object\.execute_kw time:[\d.]+s.*?'([\w.]+)',\s*'(\w+)'", re.S)


def retries_by_call(log):
    """{'model.method': (retries, seconds slept)}: each retry logged by a
    worker belongs to the next RPC call that worker logs (odoo.http's
    rpc.request logger at debug level, set by scripts/load.sh)."""
    pending = collections.defaultdict(list)  # pid: [sleep, ...]
    found = collections.defaultdict(lambda: [0, 0.0])
    lines = log.split('\n')
    for index, line in enumerate(lines):
        match = LOG_LINE.match(line)
        if not match:
            continue
        pid, logger, message = match.groups()
        retry = RETRY.search(message)
        if retry:
            pending[pid].append(float(retry.group(2)))
        # "maximum number of tries reached" is not the end: Odoo 11 nests
        # two retry loops (execute_kw and execute), the outer one retries
        # the call again; the call's own log line ends it.
        elif logger == 'odoo.http.rpc.request' and pending.get(pid):
            # pprint may continue the call's arguments on the next lines.
            text = '\n'.join([message] + lines[index + 1:index + 8])
            call = RPC_CALL.search(text)
            key = '%s.%s' % call.groups() if call else '?'
            found[key][0] += len(pending[pid])
            found[key][1] += sum(pending.pop(pid))
    if any(pending.values()):
        found['(still retrying)'] = [
            sum(map(len, pending.values())),
            sum(map(sum, pending.values()))]
    return {key: tuple(value) for key, value in found.items()}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for label in ('vanilla', 'addon'):
        parser.add_argument('--' + label, nargs=3, required=True,
                            metavar=('URL', 'DATA', 'LOG'))
    parser.add_argument(
        '--addon-spread', nargs='+', default=(), metavar='URL',
        help='the addon database served by several servers: its users are '
             'spread over these URLs in turn (its URL above is the one '
             'whose log is read)')
    parser.add_argument('--levels', type=int, nargs='+',
                        default=[1, 4, 16, 32])
    parser.add_argument('--seconds', type=float, default=60)
    parser.add_argument('--warmup', type=float, default=15)
    parser.add_argument('--sample', type=float, default=0.5)
    parser.add_argument('--json', required=True)
    parser.add_argument('--markdown', required=True)
    return parser.parse_args()


class Target(object):
    """One server and its database."""

    def __init__(self, label, url, data_path, log_path):
        self.label = label
        self.url = url
        with open(data_path) as handle:
            self.data = json.load(handle)
        self.log_path = log_path
        self.spread = ()

    def log_size(self):
        return os.path.getsize(self.log_path)

    def log_since(self, offset):
        with open(self.log_path, 'rb') as handle:
            handle.seek(offset)
            return handle.read().decode('utf-8', 'replace')

    def connect(self):
        return psycopg.connect(dbname=self.data['db'],
                               host='/var/run/postgresql', autocommit=True)


def sample_locks(target, every, found, stop):
    """Count, until `stop` is set, what the database's sessions wait on."""
    with target.connect() as conn:
        while not stop.is_set():
            for row in conn.execute(LOCK_SAMPLE_SQL).fetchall():
                found[row] += 1
            found['samples'] += 1
            gevent.sleep(every)


def wait_idle(target, timeout=60):
    """Until the database has no running statement but ours."""
    deadline = time.time() + timeout
    with target.connect() as conn:
        while time.time() < deadline:
            busy = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = "
                "current_database() AND state = 'active' AND "
                "pid != pg_backend_pid()").fetchone()[0]
            if not busy:
                return
            gevent.sleep(0.5)


def run_level(target, users, seconds, sample_every=None):
    """K users for `seconds`: figures of each step, errors, waits."""
    OrderDesk.data = target.data
    OrderDesk.host = target.url
    OrderDesk.hosts = tuple(target.spread)
    env = Environment(user_classes=[OrderDesk], host=target.url)
    runner = env.create_local_runner()
    waits = collections.Counter()
    stop = gevent.event.Event()
    offset = target.log_size()
    sampler = sample_every and gevent.spawn(
        sample_locks, target, sample_every, waits, stop)
    runner.start(users, spawn_rate=users)
    started = time.time()
    gevent.sleep(seconds)
    elapsed = time.time() - started
    runner.stop()
    stop.set()
    if sampler:
        sampler.join()
    wait_idle(target)
    runner.quit()
    # A call that is sleeping before a retry runs no statement: wait until
    # every retried call has ended (its log line tells) before reading on.
    deadline = time.time() + 60
    log = target.log_since(offset)
    while '(still retrying)' in retries_by_call(log) and \
            time.time() < deadline:
        gevent.sleep(1)
        log = target.log_since(offset)
    figures = {'users': users, 'seconds': elapsed, 'steps': {}}
    for step in STEPS:
        entry = env.stats.get(step, 'step')
        figures['steps'][step] = {
            'count': entry.num_requests, 'failures': entry.num_failures,
            'p50': entry.get_response_time_percentile(0.5) / 1000.0,
            'p95': entry.get_response_time_percentile(0.95) / 1000.0,
            'p99': entry.get_response_time_percentile(0.99) / 1000.0,
        }
    figures['orders_per_min'] = \
        figures['steps']['cycle']['count'] * 60.0 / elapsed
    figures['errors'] = sum(
        figures['steps'][step]['failures'] for step in STEPS)
    figures['error_messages'] = collections.Counter(
        '%s: %s' % (error.name, error.error)
        for error in env.stats.errors.values()
        for _occurrence in range(error.occurrences)).most_common(5)
    retries = RETRY.findall(log)
    figures['retries'] = dict(collections.Counter(
        code for code, _sleep in retries))
    figures['retry_sleep'] = sum(float(sleep) for _code, sleep in retries)
    figures['retries_by_call'] = retries_by_call(log)
    figures['failed_statements'] = collections.Counter(
        '%s %s' % found for found in BAD_QUERY.findall(log)).most_common(5)
    figures['gave_up'] = len(GAVE_UP.findall(log))
    reserve_sleeps = [float(sleep) for sleep in RESERVE_RETRY.findall(log)]
    figures['reserve_retries'] = len(reserve_sleeps)
    figures['reserve_sleep'] = sum(reserve_sleeps)
    figures['reserve_later'] = len(RESERVE_LATER.findall(log))
    figures['tracebacks'] = log.count('Traceback')
    samples = waits.pop('samples', 0)
    figures['lock_samples'] = samples
    figures['lock_waiting'] = sum(waits.values())
    figures['lock_waits'] = [
        {'waiting': key[0], 'on': key[1], 'behind': key[2], 'count': count}
        for key, count in waits.most_common(5)]
    return figures


def run(args):
    targets = [Target(label, *getattr(args, label))
               for label in ('vanilla', 'addon')]
    targets[1].spread = tuple(args.addon_spread)
    for target in targets:  # registries loaded, caches warm, every worker
        print('warm-up %s (%ds, 4 users)' % (target.label, args.warmup),
              flush=True)
        run_level(target, 4, args.warmup)
    results = []
    for index, users in enumerate(args.levels):
        row = {'users': users}
        for target in (targets if index % 2 == 0 else targets[::-1]):
            print('K=%d %s (%ds)' % (users, target.label, args.seconds),
                  flush=True)
            row[target.label] = run_level(target, users, args.seconds,
                                          args.sample)
            figures = row[target.label]
            print('  %.1f orders/min, confirm p95 %.2f s, errors %d, '
                  'retries %s' % (figures['orders_per_min'],
                                  figures['steps']['confirm']['p95'],
                                  figures['errors'], figures['retries']),
                  flush=True)
        results.append(row)
    return results


def ratio(addon, vanilla):
    return addon / vanilla if vanilla else float('nan')


def markdown(results, args):
    out = []
    out.append('| K | vanilla orders/min | addon orders/min | ratio '
               '(≥ 0.9×) | confirm p95 vanilla → addon | ratio (≤ 1.3×) '
               '| errors vanilla / addon | retried conflicts vanilla / '
               'addon (seconds slept before retrying) |')
    out.append('|' + ' --- |' * 8)
    for row in results:
        vanilla, addon = row['vanilla'], row['addon']
        out.append(
            '| %d | %.1f | %.1f | %.2f× | %.2f → %.2f s | %.2f× | %d / %d '
            '| %d / %d (%.1f / %.1f s) |' % (
                row['users'], vanilla['orders_per_min'],
                addon['orders_per_min'],
                ratio(addon['orders_per_min'], vanilla['orders_per_min']),
                vanilla['steps']['confirm']['p95'],
                addon['steps']['confirm']['p95'],
                ratio(addon['steps']['confirm']['p95'],
                      vanilla['steps']['confirm']['p95']),
                vanilla['errors'], addon['errors'],
                sum(vanilla['retries'].values()),
                sum(addon['retries'].values()),
                vanilla['retry_sleep'], addon['retry_sleep']))
    out.append('')
    for row in results:
        if row['users'] < 4:
            continue
        vanilla, addon = row['vanilla'], row['addon']
        throughput = ratio(addon['orders_per_min'],
                           vanilla['orders_per_min'])
        tail = ratio(addon['steps']['confirm']['p95'],
                     vanilla['steps']['confirm']['p95'])
        out.append('- K=%d: throughput %.2f× (target ≥ 0.9×: %s), confirm '
                   'p95 %.2f× (target ≤ 1.3×: %s), errors %d (target 0: '
                   '%s)' % (row['users'], throughput,
                            'met' if throughput >= 0.9 else 'missed', tail,
                            'met' if tail <= 1.3 else 'missed',
                            addon['errors'],
                            'met' if not addon['errors'] else 'missed'))
    out.append('')
    out.append('Latency per step, seconds (p50 / p95 / p99), and completed '
               'steps:')
    out.append('')
    out.append('| K | database | ' + ' | '.join(STEPS) + ' |')
    out.append('|' + ' --- |' * (len(STEPS) + 2))
    for row in results:
        for label in ('vanilla', 'addon'):
            steps = row[label]['steps']
            out.append('| %d | %s | %s |' % (row['users'], label, ' | '.join(
                '%.2f / %.2f / %.2f (%d)' % (
                    steps[step]['p50'], steps[step]['p95'],
                    steps[step]['p99'], steps[step]['count'])
                for step in STEPS)))
    out.append('')
    out.append('Lock waits sampled every %.1f s (pg_stat_activity, sessions '
               'of the database waiting on a lock), most frequent:'
               % args.sample)
    out.append('')
    for row in results:
        for label in ('vanilla', 'addon'):
            figures = row[label]
            waits = figures['lock_waits']
            out.append('- K=%d %s: %d waiting sessions in %d samples%s'
                       % (row['users'], label, figures['lock_waiting'],
                          figures['lock_samples'], ':' if waits else '.'))
            for wait in waits:
                out.append('  - %d× `%s` on `%s`, behind `%s`' % (
                    wait['count'], wait['waiting'], wait['on'],
                    wait['behind']))
            for call, (count, slept) in sorted(
                    figures['retries_by_call'].items()):
                out.append('  - %d conflicts retried in `%s` (%.1f s slept)'
                           % (count, call, slept))
            if figures.get('reserve_retries') or \
                    figures.get('reserve_later'):
                out.append('  - reservation after confirmation: %d conflicts '
                           'tried again (%.1f s paused), %d left to a '
                           'background job' % (
                               figures['reserve_retries'],
                               figures['reserve_sleep'],
                               figures['reserve_later']))
            for statement, count in figures['failed_statements']:
                out.append('  - %d× a conflict failed `%s …`' % (
                    count, statement))
            for message, count in figures['error_messages']:
                out.append('  - error %d×: %s' % (count, message))
            if figures['tracebacks']:
                out.append('  - %d tracebacks in the server log' %
                           figures['tracebacks'])
    return '\n'.join(out) + '\n'


def main():
    args = parse_args()
    results = run(args)
    with open(args.json, 'w') as handle:
        json.dump(results, handle, indent=1)
    with open(args.markdown, 'w') as handle:
        handle.write(markdown(results, args))


if __name__ == '__main__':
    main()
