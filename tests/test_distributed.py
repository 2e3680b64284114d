"""Training on two processes with the gloo backend on the CPU, as on several GPUs (`torchrun`): the same weights in both
processes, different data in each, close to one process with the same global batch; a runner end to end under the launcher,
writing once."""
import json, os, subprocess, sys
from pathlib import Path
import torch

BIN = Path(sys.executable).parent
TRAIN = '''
import sys, torch
import numpy as np
from poseself.data import studio_crops
from poseself.sync.learner import sync_learner
from poseself.training import fit_iterations, unwrap
from poseself.device import rank, world_size
from fastai.callback.core import Callback, CancelFitException
from fastai.optimizer import SGD

class FixedNorm(Callback):
    """Batch norm on its running statistics: a batch's split between processes then changes no output (SyncBatchNorm does it
    on GPUs)."""
    def before_batch(self):
        for m in self.learn.model.modules():
            if isinstance(m, torch.nn.BatchNorm2d): m.eval()

class Seen(Callback):
    "A sum of every training batch this process saw."
    def before_fit(self): self.sums = []
    def before_batch(self):
        if self.training: self.sums.append(float(self.xb[0].float().sum()))
out, bs, n_iter = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
mode = sys.argv[4] if len(sys.argv) > 4 else ''  # 'stop': interrupted after 3 iterations; 'resume': carry on from its checkpoint
crops = studio_crops(32, 24, ('walk',), ('S1', 'S9'), workers=1, cache=f'{out}/crops.npz')
learn = sync_learner(crops, ['S1'], ['S9'], bs=bs, n_valid=8, seed=0, path=out, ckpt_every=3 if mode else 0, background='remove',
                     heads='sync')
# the same pair for the same index whatever the number of processes, and no random mirroring: the layouts see the same batches
ds = learn.dls.train.dataset
ds.fixed = [ds.sample(np.random.default_rng(k)) for k in range(ds.n)]
learn.sync_flips.augment = False
learn.opt_func = SGD  # updates in proportion to the gradients (Adam's first steps are their signs, which noise decides)
flat = lambda: torch.cat([p.detach().flatten() for p in unwrap(learn.model).parameters()])
w0, seen = flat(), Seen()
class Stop(Callback):
    def after_batch(self):
        if self.training and self.learn.train_iter == 3: raise CancelFitException()
fit_iterations(learn, n_iter, 0.5, show=False, cbs=[seen, FixedNorm()] + ([Stop()] if mode == 'stop' else []),
               resume=mode == 'resume', meta={'test': 1})
torch.save(dict(init=w0, final=flat(), seen=seen.sums), f'{out}/weights_{world_size()}_{rank()}{mode}.pt')
'''


def run(cmd, tmp_path, timeout=600):
    env = dict(os.environ, OMP_NUM_THREADS='1')
    r = subprocess.run([str(c) for c in cmd], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=timeout)
    assert r.returncode == 0, (r.stdout[-2000:], r.stderr[-4000:])
    return r


def test_two_processes_keep_one_model(tmp_path):
    script = tmp_path / 'train.py'
    script.write_text(TRAIN)
    run([BIN / 'torchrun', '--standalone', '--nproc_per_node', '2', script, tmp_path, 4, 6], tmp_path)
    run([sys.executable, script, tmp_path, 8, 6], tmp_path)  # one process, the same global batch of 8 pairs
    (tmp_path / 'weights_1_0.pt').rename(tmp_path / 'one_8.pt')
    run([sys.executable, script, tmp_path, 4, 6], tmp_path)  # one process with the per-process batch: a run that differs
    (tmp_path / 'weights_1_0.pt').rename(tmp_path / 'one_4.pt')
    r0, r1, one = (torch.load(tmp_path / f, weights_only=False) for f in ('weights_2_0.pt', 'weights_2_1.pt', 'one_8.pt'))
    half = torch.load(tmp_path / 'one_4.pt', weights_only=False)
    assert torch.equal(r0['init'], one['init'])  # the same starting weights
    assert torch.equal(r0['final'], r1['final'])  # gradients averaged: both processes hold the same weights after every step
    assert len(r0['seen']) == len(r1['seen']) == len(one['seen']) == 6  # the budget counts global batches
    assert all(a != b for a, b in zip(r0['seen'], r1['seen']))  # each process trained on pairs of its own
    d, moved, other = ((r0['final'] - one['final']).norm(), (one['final'] - one['init']).norm(),
                       (half['final'] - one['final']).norm())
    print(f"two processes vs one: {d:.2e}; moved {moved:.2e}; a batch of 4 in one process vs 8: {other:.2e}")
    assert d < 1e-3 * moved and d < 1e-3 * other, (d, moved, other)  # the same run up to the order of float sums


def test_resume_with_another_number_of_processes(tmp_path):
    "A run of two processes interrupted after 3 of its 6 iterations carries on in one process from the main process's checkpoint."
    script = tmp_path / 'train.py'
    script.write_text(TRAIN)
    run([BIN / 'torchrun', '--standalone', '--nproc_per_node', '2', script, tmp_path, 4, 6, 'stop'], tmp_path)
    ck = torch.load(tmp_path / 'models' / 'sync.pth', weights_only=False)
    assert ck['iter'] == 3 and not any(k.startswith('module.') for k in ck['model'])  # the model's own weights, not DDP's wrapper
    r = run([sys.executable, script, tmp_path, 8, 6, 'resume'], tmp_path)
    assert 'at iteration 3 of 6' in r.stdout
    assert len(torch.load(tmp_path / 'weights_1_0resume.pt', weights_only=False)['seen']) == 3


def test_demo_runs_under_torchrun(tmp_path):
    out = tmp_path / 'demo'
    r = run([BIN / 'torchrun', '--standalone', '--nproc_per_node', '2', BIN / 'poseself', 'demo', '--preset', 'tiny', '--out',
             out,
             '--workers', '1'], tmp_path)
    rec = json.loads((out / 'results.json').read_text())
    assert rec['experiment'] == 'demo' and rec['metrics']['ratio']['MPJPE'] > 0
    assert r.stdout.count('run record:') == 1  # the main process speaks for both
    assert not list(out.rglob('*.tmp*'))  # every file written whole, once
    for f in ('results.md', 'sync_vs_gap.png', 'retrieval.png', 'models/sync.pth', 'models/pose_ssl.pth'):
        assert (out / f).exists(), f


READS = '''
import sys
import numpy as np
from fastai.callback.core import Callback
from poseself.data import studio_crops
from poseself.device import rank
from poseself.store import RowArray
from poseself.training import fit_iterations
from poseself.transfer import pose_learner
out = sys.argv[1]
crops = studio_crops(32, 12, ('walk',), ('S1', 'S9'), workers=1, cache=f'{out}/store')
assert isinstance(crops.images, RowArray)  # read from the store on disk, not held in memory
reads, on, run = [], [False], RowArray._run
def logged(self, a, b):  # every row of images this process reads from disk while it trains
    if on[0] and self is crops.images: reads.extend(range(a, b))
    return run(self, a, b)
RowArray._run = logged
class Training(Callback):
    def before_train(self): on[0] = True
    def after_train(self): on[0] = False
learn = pose_learner(crops, ['S1'], ['S9'], bs=4, path=out, n_valid=8)
fit_iterations(learn, 4, 1e-3, n_epochs=1, show=False, cbs=[Training()])
np.save(f'{out}/reads_{rank()}.npy', np.array(reads))
'''


def test_two_processes_read_disjoint_rows_of_one_store(tmp_path):
    "Two processes train on one crop store: each reads from disk only its own rows of every global batch."
    import numpy as np
    from poseself.data import open_crops
    script = tmp_path / 'reads.py'
    script.write_text(READS)
    run([BIN / 'torchrun', '--standalone', '--nproc_per_node', '2', script, tmp_path], tmp_path)
    r0, r1 = (np.load(tmp_path / f'reads_{r}.npy') for r in (0, 1))
    assert len(r0) == len(r1) == 4 * 4  # four iterations of four crops in each process
    assert not set(r0) & set(r1)  # no row read twice
    assert set(r0) | set(r1) <= set(open_crops(tmp_path / 'store').rows_of('S1'))  # the labelled subject's rows only
