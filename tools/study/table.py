#!/usr/bin/env python3
"""Markdown table of a study folder written by tools/study/*.sh: one row per (model, method), every
column the mean +- sample standard deviation over seeds (in percent). Run folders are named
MODEL-METHOD-sSEED; each holds summary.json and the attack command's JSON lines."""
import json, os, re, statistics, sys
from collections import defaultdict

def lines(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(l) for l in f if l.strip().startswith('{')]

def main(root):
    groups = defaultdict(lambda: defaultdict(list))
    order = []
    for name in sorted(os.listdir(root)):
        m = re.fullmatch(r'(.+)-([a-z0-9_]+)-s(\d+)', name)
        path = os.path.join(root, name)
        if not m or not os.path.isfile(os.path.join(path, 'summary.json')):
            continue
        key = (m.group(1), m.group(2))
        if key not in order:
            order.append(key)
        cols = groups[key]
        with open(os.path.join(path, 'summary.json')) as f:
            s = json.load(f)
        cols['test'].append(100 * s['test_accuracy'])
        if 'test_macro_f1' in s:
            cols['macro-F1'].append(100 * s['test_macro_f1'])
        for kind in ('gaussian', 'uniform'):
            for p in lines(os.path.join(path, 'noise-%s.jsonl' % kind)):
                cols['%s %g' % (kind, p['magnitude'])].append(100 * p['accuracy'])
        for p in lines(os.path.join(path, 'pgd.jsonl')):
            if p['eps'] > 0:
                cols['pgd %g' % p['eps']].append(100 * p['robust_accuracy'])
    if not order:
        sys.exit('no finished runs under ' + root)
    names = list(groups[order[0]].keys())
    print('| model | method | seeds | ' + ' | '.join(names) + ' |')
    print('|---|---|---|' + '---|' * len(names))
    for key in order:
        cols = groups[key]
        cells = []
        for n in names:
            v = cols.get(n, [])
            if not v:
                cells.append('-')
            elif len(v) == 1:
                cells.append('%.2f' % v[0])
            else:
                cells.append('%.2f +- %.2f' % (statistics.mean(v), statistics.stdev(v)))
        print('| %s | %s | %d | %s |' % (key[0], key[1], len(cols['test']), ' | '.join(cells)))

if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else 'runs/study')
