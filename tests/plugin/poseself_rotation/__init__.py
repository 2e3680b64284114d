"""Rotation prediction (Gidaris et al., 2018) as a poseself experiment: each crop is turned by 0, 90, 180 or 270 degrees and
the network learns which; its trunk is then fine-tuned to 3D pose with poseself's transfer protocol (S1's labels, S9 and S11
tested) beside the same trunk from random weights. Everything the library's own experiments share comes from poseself: the
data, the trunk, the training loop and its checkpoints, the transfer, the run record and the command line."""
from __future__ import annotations
from pathlib import Path
import torch
from torch import nn
from torch.utils.data import Dataset
from fastai.learner import Learner
from fastai.losses import CrossEntropyLossFlat
from fastai.metrics import accuracy
from poseself.data import DEFAULT_ACTIONS, CropDataset, seeded_dataloaders, split_subjects, worker_rng
from poseself.inputs import check_crops_fit, check_data_setting, experiment_crops
from poseself.device import check_precision, default_device
from poseself.models import ResNetTrunk
from poseself.report import markdown_table
from poseself.runs import Stages, check_positive, input_checks, preset_settings, register, write_report
from poseself.training import GoodCheckpoint, fit_cosine, to_fast
from poseself.transfer import check_freeze, transfer

__version__ = '0.1.0'

ROTATION_PRESETS = {'cpu': dict(size=64, n_frames=150, actions=DEFAULT_ACTIONS, iters=600, transfer_iters=600, bs=32, lr=1e-3,
                                transfer_lr=1e-3, freeze=3, arch='resnet18', precision='auto', data='studio', data_stride=5,
                                data_frames=0)}
ROTATION_PRESETS['tiny'] = ROTATION_PRESETS['cpu'] | dict(size=32, n_frames=40, actions=('walk', 'box'), iters=8,
                                                          transfer_iters=8, bs=8)
ROTATION_PRESETS['gpu'] = ROTATION_PRESETS['cpu'] | dict(size=128, n_frames=300, iters=20_000, transfer_iters=5000, bs=64)
ROTATION_PRESETS['full'] = ROTATION_PRESETS['gpu'] | dict(size=224, iters=100_000, transfer_iters=200_000, bs=32, lr=1e-4,
                                                          transfer_lr=1e-4)


def rotation_settings(preset: str = 'cpu', overrides: dict|None = None) -> dict:
    "The experiment's settings: preset `preset` with `overrides`, each checked before anything is rendered."
    s = preset_settings(ROTATION_PRESETS, preset, overrides)
    check_positive(s, ('size', 'n_frames', 'iters', 'transfer_iters', 'bs', 'lr', 'transfer_lr'))
    check_freeze(s['freeze'])
    check_precision(s['precision']); check_data_setting(s)
    return s


class Rotations(Dataset):
    "Crops of `rows` (backgrounds removed), each turned by a random multiple of 90 degrees; the target is the multiple."
    def __init__(self, crops, rows, seed: int = 0): self.crops = CropDataset(crops, rows, target=None, seed=seed)
    def __len__(self): return len(self.crops)
    def __getitem__(self, i):
        k = int(worker_rng(self.crops).integers(4))
        return torch.rot90(self.crops[i], k, (1, 2)), torch.tensor(k)


class RotationNet(nn.Module):
    "A ResNet trunk and a linear head over its pooled features: which of the four rotations a crop shows."
    def __init__(self, arch: str = 'resnet18'):
        super().__init__()
        self.trunk = ResNetTrunk(arch)
        self.head = nn.Linear(self.trunk.n_features, 4)
    def forward(self, x): return self.head(self.trunk(x))


def rotation_learner(crops, s: dict, seed: int = 0, path='.') -> Learner:
    "A fastai Learner of the pretext on the training subjects, validated on the test subjects."
    rows = {k: crops.rows_of(split_subjects(crops, k)) for k in ('train', 'test')}
    torch.manual_seed(seed)
    dls = seeded_dataloaders(Rotations(crops, rows['train'], seed), Rotations(crops, rows['test'], seed + 1), bs=s['bs'],
                             seed=seed, device=default_device(), drop_last=True)
    learn = Learner(dls, RotationNet(s['arch']), loss_func=CrossEntropyLossFlat(), metrics=accuracy, path=path,
                    cbs=[GoodCheckpoint('rotation', 0)])
    return to_fast(learn, s['precision'])


@register('Rotation prediction (Gidaris et al., 2018) as a pretext for 3D pose, from a package of its own.', ROTATION_PRESETS,
          rotation_settings, data=True)
def run_rotation(out='poseself_out/rotation', preset: str = 'cpu', seed: int = 0, workers: int = 2, show: bool = True,
                 log=print, resume: bool = False, **overrides) -> dict:
    "Pretrain on rotations, transfer to 3D pose beside random init; write `results.md` to `out`, return what was measured."
    with input_checks():
        s = rotation_settings(preset, overrides)
        check_crops_fit(s, out, seed)
    out = Path(out); out.mkdir(parents=True, exist_ok=True)
    t, meta = Stages(), dict(preset=preset, seed=seed, **s)
    with t('render'): crops = experiment_crops(s, out, seed, workers, log)
    log(f"rotation pretext: {s['iters']} iterations of {s['bs']} crops")
    with t('pretrain'):
        learn = rotation_learner(crops, s, seed, out)
        fit_cosine(learn, s['iters'], s['lr'], show=show, resume=resume, meta=meta)
        acc = float(learn.validate()[1])
    common = dict(protocol='S1', n_iter=s['transfer_iters'], lr=s['transfer_lr'], bs=s['bs'], seed=seed, path=out, show=show,
                  resume=resume, meta=meta, precision=s['precision'], freeze=s['freeze'], arch=s['arch'])
    rows = []
    for name, init in (('random', 'random'), ('rotation', learn.model.trunk)):
        with t(f'transfer_{name}'): _, res = transfer(crops, init, ckpt=f'pose_{name}', **common)
        rows.append(dict(init=name, **{k: res[k] for k in ('MPJPE', 'N_MPJPE', 'P_MPJPE')}))
    md = [f"# Rotation prediction ({preset} preset, seed {seed})", "",
          f"{len(crops)} crops of {s['size']} px; pretext {s['iters']} x {s['bs']} crops; transfer {s['transfer_iters']} "
          f"iterations with {', '.join(split_subjects(crops, 'S1'))} labels, {s['freeze']} stages frozen; errors in mm.", "",
          markdown_table(rows, ['init', 'MPJPE', 'N_MPJPE', 'P_MPJPE'], '{:.3g}'), "",
          f"Rotation accuracy on the test subjects: {acc:.3f} (chance 0.25).", "", ""]
    write_report(out, md, log)
    return dict(rows=rows, pretext=dict(accuracy=acc), seconds=t)
