"""Each method learns a tiny fixed problem: its own learner, on tiny studio data, brings its training loss below a stated
fraction of where it started (fastai's smoothed loss of the last iteration against that of the first). No timing: what is checked
is that the loss, the gradients and the optimizer of each method work together."""
import numpy as np
import pytest
import torch

from poseself.training import fit_iterations


def start_end(learn):
    "The smoothed training loss at the first and at the last iteration."
    first, last = float(learn.recorder.losses[0]), float(learn.recorder.losses[-1])
    print(f"loss {first:.4f} -> {last:.4f}")
    return first, last


@pytest.fixture(scope='module')
def crops():
    from poseself.data import SequenceSet, build_cropset
    from poseself.studio.scenes import Studio
    studio = Studio(seed=0, size=96)
    sset = SequenceSet([studio.sequence(s, a, n_frames=60) for s in ('S1', 'S9') for a in ('walk', 'box')])
    return build_cropset(sset, size=48, bg_sources={s: sset.get(s, 'walk') for s in ('S1', 'S9')})


def test_sync_pretext_learns_eight_fixed_pairs(crops, tmp_path):
    from poseself.sync.learner import SyncFlips, sync_learner
    learn = sync_learner(crops, ['S1'], ['S9'], heads='sync', bs=8, n_valid=8, d_max=30, background='remove', seed=0,
                         path=tmp_path, ckpt_every=0, precision='fp32')
    pairs = learn.dls.train.dataset
    pairs.fixed = [pairs.sample(np.random.default_rng(k)) for k in range(8)] * 100  # the same eight pairs, again and again
    learn.cbs.filter(lambda c: isinstance(c, SyncFlips))[0].augment = False
    fit_iterations(learn, 80, 1e-3, n_epochs=1, show=False)
    first, last = start_end(learn)
    assert last < 0.3 * first, (first, last)  # Eq. (1)'s sync term from about ln 2


def test_temporal_autoencoder_learns_two_videos(tmp_path):
    from poseself.temporal.data import studio_videos
    from poseself.temporal.learner import TemporalConfig, temporal_learner, train_temporal
    vs = studio_videos(('S1', 'S9'), ('walk',), views=(0,), n_frames=30, size=64, workers=1)
    cfg = TemporalConfig(tv_dim=32, ti_dim=8, crop=32, width=16, near=3, far=15)
    learn = temporal_learner(vs, cfg, ['S1'], ['S9'], bs=4, n_valid=4, path=tmp_path, precision='fp32')
    train_temporal(learn, 80, 1e-3, n_epochs=1, show=False)
    first, last = start_end(learn)
    assert last < 0.6 * first, (first, last)  # Eq. (14): reconstruction and the code losses


def test_mcss_learns_eight_fixed_items(crops, tmp_path):
    from poseself.mcss.data import MCSSPairs
    from poseself.mcss.model import mcss_learner, train_mcss
    class EightItems(MCSSPairs):  # the same eight (anchor, positive, labelled crop) items, again and again
        def __getitem__(self, i): return super().__getitem__(i % 8)
    learn = mcss_learner(crops, ['S1'], crops.rows_of('S1')[:8], ['S9'], step=2, bs=8, n_valid=16, path=tmp_path, seed=0,
                         precision='fp32')
    items = learn.dls.train.dataset
    items.__class__, items.chunks, items.fixed, items.flip = EightItems, items.chunks[:8], True, False
    train_mcss(learn, 80, 1e-3, show=False)
    first, last = start_end(learn)
    assert last < 0.6 * first, (first, last)  # L_pose + lambda L_cnstr


def test_selfpose3d_root_net_learns_synthetic_roots(tmp_path):
    import torch.nn.functional as F
    from poseself.selfpose3d.data import render_scenes
    from poseself.selfpose3d.model import PoseResNet
    from poseself.selfpose3d.rootnet import rootnet_learner
    scenes = render_scenes(2, n_frames=10, stride=5, size=64, people=(2, 3))
    space = dict(size=(6000., 6000., 2000.), center=(0., 0., 1000.), grid=(24, 24, 8))
    torch.manual_seed(0)
    learn = rootnet_learner(scenes, PoseResNet(17, width=8), scenes, space, width=8, bs=2, n_valid=4, path=tmp_path,
                            precision='fp32')
    fit_iterations(learn, 150, 1e-3, n_epochs=1, show=False)
    # fresh synthetic draws: the volumes the net makes of them against the floor of predicting nothing (an all-zero volume);
    # batch statistics, since the batch-norm averages also hold the random backbone's near-empty real heatmaps
    (im, proj, A, Ah, syn), target = (b[:5], b[5]) if len(b := learn.dls.valid.one_batch()) == 6 else (b, None)
    with torch.no_grad(): vols = learn.model.train()(im, proj, A, Ah, syn)[3:]
    err = sum(F.mse_loss(v, target[:, k]) for k, v in enumerate(vols)).item()
    floor = sum((target[:, k] ** 2).mean() for k in range(3)).item()
    print(f"synthetic-root error {err:.5f} against the empty volume's {floor:.5f}")
    assert err < 0.8 * floor, (err, floor)


def test_selfpose3d_backbone_learns_pseudo_label_heatmaps(tmp_path):
    "Stage 1: the 2D backbone learns the heatmaps of the simulated detector's pseudo labels far below the empty map's error."
    import torch.nn.functional as F
    from poseself.selfpose3d.data import detect_scenes, render_scenes
    from poseself.selfpose3d.model import backbone_learner
    scenes = render_scenes(2, n_frames=10, stride=5, size=64, people=(2, 3))
    labels = detect_scenes(scenes, seed=0)
    learn = backbone_learner(scenes, labels, scenes, labels, arch='resnet10', width=8, bs=4, n_valid=8, path=tmp_path,
                             precision='fp32')
    fit_iterations(learn, 80, 1e-3, n_epochs=1, show=False)
    start_end(learn)
    x, hm = learn.dls.valid.one_batch()
    with torch.no_grad(): err = F.mse_loss(learn.model.eval()(x), hm).item()
    floor = (hm ** 2).mean().item()  # the error of predicting no joint anywhere
    print(f"heatmap error {err:.4f} against the empty map's {floor:.4f}")
    assert err < 0.5 * floor, (err, floor)
