"""Time every notebook's default cells as `nbdev-test` runs them, one notebook at a time, and write the run record the course page's
table is made of (`results/course/notebook_times.json`; then `poseself report results/`).

Usage: python tools/notebook_times.py [--out results/course/notebook_times.json]
"""
from __future__ import annotations
import argparse, re, subprocess, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def notebook_times() -> dict:
    "Seconds each notebook's default cells take under `nbdev-test --timing` with one worker: {notebook stem: seconds}."
    r = subprocess.run([str(Path(sys.executable).parent / 'nbdev-test'), '--n-workers', '1', '--timing'], cwd=ROOT,
                       capture_output=True, text=True)
    if r.returncode: raise SystemExit(f"nbdev-test failed:\n{(r.stdout + r.stderr)[-3000:]}")
    return {m[1]: int(m[2]) for m in re.finditer(r'^(\S+)\.ipynb: (\d+) secs$', r.stdout + r.stderr, re.M)}


if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--out', default=str(ROOT / 'results' / 'course' / 'notebook_times.json'))
    a = ap.parse_args()
    from poseself.runs import run_record, write_json
    t0 = time.time()
    times = notebook_times()
    out = Path(a.out); out.parent.mkdir(parents=True, exist_ok=True)
    rec = run_record('notebook_times', None, {'n_workers': 1, 'flags': 'default (no slow cells)'}, None, times,
                     total_s=time.time() - t0, command='python tools/notebook_times.py')
    write_json(out, rec)
    print(f"{len(times)} notebooks, {sum(times.values())} s in all; record: {out}")
