"""Run the GPU checks in one go and keep their figures as run records: CUDA mixed precision and channels-last on a few training
steps, `poseself bench-train` (fastai's overhead, the data pipeline against the step, peak memory, per precision),
`poseself bench-data --parts loader` (the same from a crop store on disk, page-locked batches copied without blocking), and the main
job `poseself demo --preset gpu` end to end (rendering, pretraining, both transfers, the SSL / random ratio). About ten minutes on
one H100/H200-class GPU with 16 cores.

Usage: python tools/gpu_check.py [--out gpu_check] [--preset gpu] [--device auto] [--workers 16]

`--preset tiny --device cpu` runs the same steps on the CPU in about two minutes (the tests do): what a machine without a GPU can
check of the script itself. Each step writes its run record (`<out>/precision/results.json`, `<out>/bench/results.json`,
`<out>/data/results.json`, `<out>/demo/results.json`) and `<out>/results.json` sums them up; a step that fails is recorded with
its error and the others run.
"""
from __future__ import annotations
import argparse, json, subprocess, sys, time, traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = {'gpu': ['--size', '128', '--bs', '64', '--steps', '50', '--warmup', '5', '--frames', '60', '--loader-workers', '8',
                 '--precisions', 'auto', 'bf16', 'fp32', '--rounds', '3'],
         'tiny': ['--size', '32', '--bs', '4', '--steps', '2', '--warmup', '1', '--frames', '16', '--workers', '1',
                  '--precisions', 'auto', 'fp32', '--rounds', '1']}
# the loader reading crops from a crop store against the step, page-locked batches copied without blocking
DATA = {'gpu': ['--parts', 'loader', '--size', '128', '--bs', '32', '--frames', '60', '--loader-workers', '8', '--rounds', '3',
                '--steps', '30'],
        'tiny': ['--parts', 'loader', '--size', '32', '--bs', '2', '--frames', '8', '--workers', '1', '--rounds', '1', '--steps', '2']}


def precision_check(out: Path, device: str, tiny: bool) -> dict:
    "A few sync pretext steps at `precision='auto'`: on CUDA float16 autocast and channels-last; the loss must stay finite."
    import torch
    from poseself.data import studio_crops
    from poseself.runs import run_record, write_json
    from poseself.studio.body import TEST_SUBJECTS, TRAIN_SUBJECTS
    from poseself.sync.learner import sync_learner
    from poseself.training import fit_iterations
    from poseself.device import default_device
    from poseself.transfer import present
    dev = default_device(None if device == 'auto' else device)
    size, steps = (32, 4) if tiny else (128, 40)
    crops = studio_crops(size, 40, ('walk', 'box'), seed=0, workers=1 if tiny else 8)
    learn = sync_learner(crops, present(crops, TRAIN_SUBJECTS), present(crops, TEST_SUBJECTS), bs=8 if tiny else 64, n_valid=16,
                         background='mix', d_max=39, path=out, ckpt_every=0, device=dev, precision='auto')
    cbs = sorted(type(c).__name__ for c in learn.cbs)
    t0 = time.time()
    fit_iterations(learn, steps, 1e-4, n_epochs=1, show=False)
    conv = next(m for m in learn.model.modules() if isinstance(m, torch.nn.Conv2d))
    cuda = torch.device(dev).type == 'cuda'
    m = dict(device=str(dev), callbacks=cbs, mixed_precision='MixedPrecision' in cbs,
             channels_last=conv.weight.is_contiguous(memory_format=torch.channels_last),
             losses_finite=bool(torch.isfinite(torch.stack([torch.as_tensor(x) for x in learn.recorder.losses])).all()),
             steps=steps, seconds=time.time() - t0)
    m['passed'] = m['losses_finite'] and (not cuda or (m['mixed_precision'] and m['channels_last']))
    (out / 'precision').mkdir(parents=True, exist_ok=True)
    rec = run_record('gpu-check precision', 'tiny' if tiny else 'gpu', dict(size=size, steps=steps), 0, m, device=str(dev))
    write_json(out / 'precision' / 'results.json', rec)
    return m


def cli(args: list, timeout: float) -> tuple:
    "Run the installed `poseself` command with `args`; (exit status, seconds, the last lines of its output)."
    exe = Path(sys.executable).parent / 'poseself'
    t0 = time.time()
    r = subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=timeout)
    return r.returncode, time.time() - t0, (r.stdout + r.stderr)[-3000:]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--out', default='gpu_check'); ap.add_argument('--preset', default='gpu', choices=['gpu', 'tiny'])
    ap.add_argument('--device', default='auto'); ap.add_argument('--workers', type=int, default=16)
    a = ap.parse_args(argv)
    out, tiny, t0 = Path(a.out), a.preset == 'tiny', time.time()
    out.mkdir(parents=True, exist_ok=True)
    steps = {}
    try: steps['precision'] = precision_check(out, a.device, tiny)
    except Exception as e: steps['precision'] = dict(passed=False, error=''.join(traceback.format_exception_only(e)).strip())
    print('precision:', json.dumps(steps['precision']), flush=True)
    rc, s, tail = cli(['bench-train', *BENCH[a.preset], '--device', a.device, '--out', str(out / 'bench')], 900)
    steps['bench'] = dict(passed=rc == 0, seconds=s, **({} if rc == 0 else dict(error=tail)))
    print(tail if rc else tail.split('run record:')[0], flush=True)
    rc, s, tail = cli(['bench-data', *DATA[a.preset], '--device', a.device, '--out', str(out / 'data')], 900)
    steps['data'] = dict(passed=rc == 0, seconds=s, **({} if rc == 0 else dict(error=tail)))
    print(tail if rc else tail.split('run record:')[0], flush=True)
    rc, s, tail = cli(['demo', '--preset', a.preset, '--device', a.device, '--workers', str(1 if tiny else a.workers),
                       '--out', str(out / 'demo')], 1800)
    steps['demo'] = dict(passed=rc == 0, seconds=s, **({} if rc == 0 else dict(error=tail)))
    if rc == 0:
        rec = json.loads((out / 'demo' / 'results.json').read_text())
        steps['demo'].update(ratio=rec['metrics']['ratio'], wall_s=rec['wall_s'])
    print('demo:', json.dumps(steps['demo'])[:2000], flush=True)
    from poseself.runs import run_record, write_json
    total = time.time() - t0
    write_json(out / 'results.json', run_record('gpu-check', a.preset, vars(a), 0, steps, total_s=total, device=a.device,
                                                command=' '.join(['python', 'tools/gpu_check.py', *(argv or sys.argv[1:])])))
    ok = all(v.get('passed') for v in steps.values())
    print(f"gpu check {'passed' if ok else 'FAILED'} in {total:.0f} s; records in {out}/")
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
