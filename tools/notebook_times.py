"""Time every notebook's default cells as `nbdev-test` runs them, one notebook at a time, and write the run record the course
page's table is made of (`results/course/notebook_times.json`; then `poseself report results/`).

Usage: python tools/notebook_times.py [--out results/course/notebook_times.json] [--only GLOB ...]

`--only` times just the notebooks whose names match (e.g. `--only '33*'` after adding or changing those) and keeps the other
notebooks' times from the existing record, which then lists what each measurement was (`settings.measured`).
"""
from __future__ import annotations
import argparse, re, subprocess, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def notebook_times(only=()) -> dict:
    "Seconds each notebook's default cells take under `nbdev-test --timing` with one worker: {notebook stem: seconds}."
    if len(only) > 1: raise SystemExit("--only takes one glob (e.g. '33*'): nbdev-test takes one.")
    globs = ['--file-glob', only[0] if only[0].endswith('.ipynb') else only[0] + '.ipynb'] if only else []
    r = subprocess.run([str(Path(sys.executable).parent / 'nbdev-test'), '--n-workers', '1', '--timing', *globs], cwd=ROOT,
                       capture_output=True, text=True)
    if r.returncode: raise SystemExit(f"nbdev-test failed:\n{(r.stdout + r.stderr)[-3000:]}")
    return {m[1]: int(m[2]) for m in re.finditer(r'^(\S+)\.ipynb: (\d+) secs$', r.stdout + r.stderr, re.M)}


if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--out', default=str(ROOT / 'results' / 'course' / 'notebook_times.json'))
    ap.add_argument('--only', nargs='*', default=(), help="time only the notebooks matching this glob, keep the others' times")
    a = ap.parse_args()
    from poseself.runs import read_record, run_record, write_json
    t0 = time.time()
    times = notebook_times(a.only)
    out = Path(a.out); out.parent.mkdir(parents=True, exist_ok=True)
    settings = {'n_workers': 1, 'flags': 'default (no slow cells)'}
    if a.only:  # merge into the existing record, saying which notebooks each command measured
        old = read_record(out)
        measured = old['settings'].get('measured') or [{'command': old['command'], 'notebooks': 'all',
                                                        'finished': old['finished']}]
        settings['measured'] = measured + [{'command': 'python tools/notebook_times.py --only ' + ' '.join(a.only),
                                            'notebooks': sorted(times)}]
        times = {**old['metrics'], **times}
    rec = run_record('notebook_times', None, settings, None, times, total_s=time.time() - t0,
                     command='python tools/notebook_times.py' + (' --only ' + ' '.join(a.only) if a.only else ''))
    write_json(out, rec)
    print(f"{len(times)} notebooks, {sum(times.values())} s in all; record: {out}")
