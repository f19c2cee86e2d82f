"""Long work as background jobs on a multi-process server, measured.

Against a running Odoo (`--workers N` with the queue_job runner), over
JSON-RPC as an administrator: starts the accounting export of a period and
the PDF print of N quotations, both above their thresholds, follows each
task's progress once a second until it is done, then reads the duration of
every chunk job from queue.job. Prints a Markdown table per task.

    python bench/jobs_bench.py --url http://127.0.0.1:8069 --db DB \
        --date-from 2024-12-01 --date-to 2026-12-31 --print 2000
"""
import argparse
import datetime
import json
import time
import urllib.request


class Rpc(object):

    def __init__(self, url, db, login, password):
        self.url = url
        self.cookie = None
        self.post('/web/session/authenticate',
                  {'db': db, 'login': login, 'password': password})

    def post(self, path, params):
        request = urllib.request.Request(
            self.url + path, data=json.dumps(
                {'jsonrpc': '2.0', 'method': 'call', 'params': params,
                 'id': 1}).encode('utf-8'),
            headers={'Content-Type': 'application/json'})
        if self.cookie:
            request.add_header('Cookie', self.cookie)
        with urllib.request.urlopen(request, timeout=600) as answer:
            cookie = answer.headers.get('Set-Cookie')
            if cookie and 'session_id=' in cookie:
                self.cookie = cookie.split(';')[0]
            body = json.loads(answer.read().decode('utf-8'))
        if 'error' in body:
            raise RuntimeError(json.dumps(body['error'])[:2000])
        return body['result']

    def __call__(self, model, method, *args, **kwargs):
        return self.post('/web/dataset/call_kw', {
            'model': model, 'method': method, 'args': list(args),
            'kwargs': kwargs})


def parse_dt(value):
    return datetime.datetime.strptime(value, '%Y-%m-%d %H:%M:%S')


def follow(rpc, task_id, started, timeout):
    """Progress seen once a second until the task ends: [(s, %)]."""
    seen = []
    while time.time() - started < timeout:
        task = rpc('sale.job', 'read', [task_id],
                   ['state', 'progress', 'name', 'failure', 'units_total',
                    'steps_total', 'attachment_id', 'create_date'])[0]
        if not seen or seen[-1][1] != task['progress']:
            seen.append((round(time.time() - started, 1), task['progress']))
        if task['state'] in ('done', 'failed'):
            return task, seen
        time.sleep(1)
    return task, seen


def report(rpc, label, task, seen, elapsed):
    jobs = rpc('queue.job', 'search_read',
               [('name', '=like', task['name'] + ' (chunk %'),
                ('date_created', '>=', task['create_date'])],
               ['name', 'state', 'date_started', 'date_done', 'retry'],
               order='id')
    durations = [(parse_dt(job['date_done']) - parse_dt(
        job['date_started'])).total_seconds()
        for job in jobs if job['date_started'] and job['date_done']]
    size = 0
    if task['attachment_id']:
        size = rpc('ir.attachment', 'read', [task['attachment_id'][0]],
                   ['file_size'])[0]['file_size']
    lines = [
        '### %s' % label, '',
        '| measured | value |', '| --- | --- |',
        '| task | %s |' % task['name'],
        '| state | %s%s |' % (
            task['state'],
            (': ' + task['failure']) if task['failure'] else ''),
        '| units | %s |' % task['units_total'],
        '| chunks (jobs) | %d |' % len(jobs),
        '| total, request to file | %.1f s |' % elapsed,
        '| longest chunk | %.1f s |' % max(durations or [0]),
        '| median chunk | %.1f s |' % sorted(durations or [0])[
            len(durations or [0]) // 2],
        '| retried chunks | %d |' % sum(1 for job in jobs if job['retry'] > 1),
        '| result | %s (%d kB) |' % (
            task['attachment_id'] and task['attachment_id'][1],
            size // 1024),
        '| progress seen (s: %%) | %s |' % ', '.join(
            '%s: %s' % pair for pair in seen[:12]) +
        (' …' if len(seen) > 12 else ''),
        '']
    return '\n'.join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--url', required=True)
    parser.add_argument('--db', required=True)
    parser.add_argument('--login', default='admin')
    parser.add_argument('--password', default='admin')
    parser.add_argument('--date-from')
    parser.add_argument('--date-to')
    parser.add_argument('--print', type=int, default=0, dest='print_count')
    parser.add_argument('--timeout', type=float, default=3600)
    args = parser.parse_args()
    rpc = Rpc(args.url, args.db, args.login, args.password)
    out = []
    if args.date_from:
        wizard = rpc('sale.accounting.export', 'create', {
            'date_from': args.date_from, 'date_to': args.date_to})
        started = time.time()
        action = rpc('sale.accounting.export', 'action_export', [wizard])
        if action.get('res_model') != 'sale.job':
            raise SystemExit('the export stayed in the request: %s' % action)
        task, seen = follow(rpc, action['res_id'], started, args.timeout)
        out.append(report(rpc, 'Accounting export as jobs', task, seen,
                          time.time() - started))
        print(out[-1], flush=True)
    if args.print_count:
        orders = rpc('sale.order', 'search', [('state', '=', 'draft')],
                     limit=args.print_count, order='id')
        started = time.time()
        action = rpc('sale.order', 'action_print_pdf_background', orders)
        if action.get('res_model') != 'sale.job':
            raise SystemExit('the print stayed in the request: %s' % action)
        task, seen = follow(rpc, action['res_id'], started, args.timeout)
        out.append(report(rpc, 'Print of %d quotations as jobs' % len(orders),
                          task, seen, time.time() - started))
        print(out[-1], flush=True)


if __name__ == '__main__':
    main()
