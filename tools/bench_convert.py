"""Time a dataset's conversion to the crop cache with one process against several, alternating them, and write the run record
(`results/bench/convert.json`): the rate at which `poseself data convert --workers N` crops.

Usage: python tools/bench_convert.py [--workers 1 2] [--rounds 2] [--frames 60] [--size 64] [--out results/bench/convert.json]

The data is a Human3.6M fixture in its published layout (four takes of 60 frames, four cameras; `write_h36m_fixture`), cropped
at every frame; each run starts from an empty cache, in this process, so interpreter start-up is not counted.
"""
from __future__ import annotations
import argparse, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TAKES = (('S1', 'Walking 1', 'walk'), ('S1', 'TakingPhoto', 'reach'), ('S9', 'Walking 1', 'walk'), ('S9', 'Directions', 'box'))


def bench(workers=(1, 2), rounds: int = 2, frames: int = 60, size: int = 64) -> dict:
    "Seconds of each conversion, by number of processes, and the crops each wrote."
    from poseself.datasets.common import dataset_crops
    from poseself.datasets.h36m import write_h36m_fixture
    tmp = Path(tempfile.mkdtemp())
    root = write_h36m_fixture(tmp / 'h36m', takes=TAKES, n_frames=frames)
    seconds, crops = {w: [] for w in workers}, {}
    for r in range(rounds):
        for w in workers:
            t0 = time.perf_counter()
            c = dataset_crops(f'h36m={root}', size, 1, cache=tmp / f'cache_{r}_{w}', workers=w, progress=False)
            seconds[w].append(time.perf_counter() - t0); crops[w] = len(c)
    return dict(seconds=seconds, crops=crops)


if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--workers', type=int, nargs='+', default=[1, 2])
    ap.add_argument('--rounds', type=int, default=2)
    ap.add_argument('--frames', type=int, default=60)
    ap.add_argument('--size', type=int, default=64)
    ap.add_argument('--out', default=str(ROOT / 'results' / 'bench' / 'convert.json'))
    a = ap.parse_args()
    from poseself.runs import run_record, write_json
    t0 = time.time()
    m = bench(a.workers, a.rounds, a.frames, a.size)
    best = {w: min(s) for w, s in m['seconds'].items()}
    first = a.workers[0]
    metrics = dict(seconds={str(w): s for w, s in m['seconds'].items()}, best_s={str(w): s for w, s in best.items()},
                   crops_per_s={str(w): m['crops'][w] / best[w] for w in best},
                   speedup={str(w): best[first] / best[w] for w in best}, crops=m['crops'][first], sequences=len(TAKES))
    settings = dict(workers=a.workers, rounds=a.rounds, frames=a.frames, size=a.size, stride=1, takes=len(TAKES), cameras=4)
    command = 'python tools/bench_convert.py ' + ' '.join(f'--{k} {v}' for k, v in
                                                          (('workers', ' '.join(map(str, a.workers))), ('rounds', a.rounds),
                                                           ('frames', a.frames), ('size', a.size)))
    write_json(Path(a.out), run_record('bench_convert', None, settings, None, metrics, total_s=time.time() - t0, command=command))
    for w in a.workers:
        print(f"{w} process{'es' if w > 1 else ''}: best of {a.rounds} {best[w]:.1f} s, {metrics['crops_per_s'][str(w)]:.0f} crops/s, "
              f"x{metrics['speedup'][str(w)]:.2f}")
    print(f"record: {a.out}")
