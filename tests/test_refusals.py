"""Every command refuses bad input the way the runners do: status 2 and one message that names the problem and its fix, before
any long work, and nothing left behind (no empty folder, no temporary file, no other run's record overwritten). The installed
command answers the first case of each test; the rest run through its entry point in this process."""
import json
from pathlib import Path
import pytest
import torch
from poseself.datasets.h36m import write_h36m_fixture
from poseself.datasets.mpi3dhp import write_mpi3dhp_fixture

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope='module')
def h36m(tmp_path_factory):
    return write_h36m_fixture(tmp_path_factory.mktemp('h36m'), takes=(('S1', 'Walking 1', 'walk'),), n_frames=12)


def refused(r, msg):
    assert r.returncode == 2, (r.returncode, r.stderr[-3000:])
    assert msg in r.stderr and 'Traceback' not in r.stderr and 'internal error' not in r.stderr, r.stderr[-3000:]


def test_options_of_every_command_are_checked_first(run_cli, run_main, h36m, tmp_path):
    (tmp_path / 'a_file').write_text('x')
    out = tmp_path / 'out' / 'deeper'
    cases = [
        (('render', '--frames', '0', '--out', out), 'Option --frames must be positive, got 0'),
        (('render', '--seed', '-1', '--out', out), '--seed takes a whole number from 0 to 4294967295, got -1'),
        (('bench-studio', '--sizes', '64', '0'), 'Option --sizes must be positive, got [64, 0]'),
        (('bench-train', '--bs', '0', '--out', out), 'Option --bs must be positive, got 0'),
        (('bench-train', '--size', '8', '--out', out), 'Crop size must be between 16 and 512 pixels, got 8'),
        (('data', 'convert', 'h36m', h36m, '--size', '0', '--out', out), 'Option --size must be positive, got 0'),
        (('data', 'convert', 'h36m', h36m, '--stride', '0', '--out', out), 'Option --stride must be positive, got 0'),
        (('data', 'check', 'h36m', h36m, '--stride', '0'), 'Option --stride must be positive, got 0'),
        (('data', 'convert', 'h36m', h36m, '--frames', '-1', '--out', out), 'Option --frames must be 0 or more, got -1'),
        (('data', 'convert', 'h36m', h36m, '--out', tmp_path / 'a_file'), 'is a file: name a folder with --out'),
        (('data', 'convert', 'h36m', tmp_path / 'nowhere', '--out', out), 'does not exist'),
        (('demo', '--preset', 'tiny', '--seed', '-1', '--out', out), '--seed takes a whole number from 0 to 4294967295'),
        (('selfpose3d', '--preset', 'tiny', '--seed', '-1', '--out', out), '--seed takes a whole number'),
        (('mcss', '--preset', 'tiny', '--workers', '0', '--out', out), 'Option --workers must be positive, got 0'),
    ]
    if not torch.cuda.is_available():
        cases += [(('bench-train', '--device', 'cuda'), '--device cuda: this machine has no CUDA device; use --device cpu'),
                  (('bench-studio', '--device', 'cuda'), 'this machine has no CUDA device')]
    for i, (args, msg) in enumerate(cases):
        refused((run_cli if i == 0 else run_main)(*args), msg)
        assert not (tmp_path / 'out').exists(), args  # nothing written, not even an empty folder


def test_report_from_anywhere_and_its_refusals(run_cli, run_main, tmp_path):
    r = run_cli('report', ROOT / 'results', '--check')  # from outside the checkout: the checkout that holds the records
    assert r.returncode == 0 and 'every table agrees' in r.stdout, r.stdout + r.stderr[-2000:]
    refused(run_main('report', ROOT / 'results', '--root', tmp_path / 'nowhere'), 'are not under')
    (tmp_path / 'g').mkdir(); (tmp_path / 'g' / 'tables.json').write_bytes(bytes(range(256)))
    refused(run_main('report', tmp_path / 'g'), 'are not under')  # no checkout here, and none named
    refused(run_main('report', tmp_path / 'g', '--root', ROOT), 'tables.json is not JSON')
    refused(run_main('report', tmp_path / 'none'), 'No folder of run records')


def test_data_refuses_folders_without_the_dataset_and_videos_cut_short(run_cli, run_main, tmp_path):
    (tmp_path / 'empty').mkdir()
    refused(run_cli('data', 'check', 'mpi3dhp', tmp_path / 'empty'), f"No MPI-INF-3DHP sequence in {tmp_path / 'empty'}")
    for ds in ('h36m', 'panoptic', 'shelf', 'campus'): refused(run_main('data', 'check', ds, tmp_path / 'empty'), 'empty')
    mpi = write_mpi3dhp_fixture(tmp_path / 'mpi')
    videos = sorted(mpi.glob('S*/Seq*/imageSequence/*.avi'))
    assert videos
    for v in videos:
        data = v.read_bytes(); v.write_bytes(data[:len(data) // 2])  # cut in half: the headers still claim every frame
    r = run_main('data', 'check', 'mpi3dhp', mpi)  # the check lists it among the problems it found
    assert r.returncode == 1 and 'problems:' in r.stdout and 'it is truncated' in r.stdout, r.stdout
    refused(run_main('data', 'convert', 'mpi3dhp', mpi, '--out', tmp_path / 'c'), 'it is truncated; download it again')
    assert not list(tmp_path.glob('c/**/S1__Seq1*')) and not list(tmp_path.rglob('*.tmp*'))


def test_labels_file_is_checked_before_rendering(run_cli, run_main, tmp_path):
    bad = tmp_path / 'labels.json'
    bad.write_bytes(b'\xff\xfe[]')
    out = tmp_path / 'o'
    refused(run_cli('selfpose3d', '--preset', 'tiny', '--out', out, '--set', f'labels_file={bad}'),
            f'labels_file: {bad}: not a UTF-8 text file')
    bad.write_text('{"images": []}')
    refused(run_main('selfpose3d', '--preset', 'tiny', '--out', out, '--set', f'labels_file={bad}'),
            "has 'images' and 'annotations'")
    assert not out.exists()


def test_checkpoints_other_runs_and_a_full_disk(run_cli, run_main, tmp_path):
    out = tmp_path / 'g'
    args = ('gravity', '--preset', 'tiny', '--out', out, '--set', 'iters=4', 'gravity_iters=2')
    (out / 'models').mkdir(parents=True)
    (out / 'models' / 'diver_with.tmp.pth').symlink_to('/dev/full')  # its checkpoint meets a full disk
    refused(run_cli(*args), f"The disk is full: {out / 'models' / 'diver_with.pth'} needs ")
    assert not list(out.rglob('*.tmp*')) and not (out / 'models' / 'diver_with.pth').exists()
    r = run_main(*args)
    assert r.returncode == 0, r.stderr[-3000:]
    record = (out / 'results.json').read_bytes()
    refused(run_main('mcss', '--preset', 'tiny', '--out', out, '--resume'),
            f'--resume: {out} holds a gravity run (preset tiny, seed 0)')
    refused(run_main(*args, '--resume', '--seed', '1'), 'this is a gravity run (preset tiny, seed 1)')
    refused(run_main('gravity', '--preset', 'tiny', '--out', out, '--resume'), 'with other settings (gravity_iters: 2 then')
    assert (out / 'results.json').read_bytes() == record and json.loads((out / 'run.json').read_text())['seed'] == 0
    ck = out / 'models' / 'diver_without.pth'
    good = ck.read_bytes()
    for damaged, msg in ((b'\x80\x04 not a checkpoint', 'is not a readable checkpoint'),
                         (good[:len(good) // 2], 'is not a readable checkpoint'), (None, 'is not a poseself checkpoint')):
        if damaged is None: torch.save({'weights': torch.zeros(3)}, ck)
        else: ck.write_bytes(damaged)
        refused(r := run_main(*args, '--resume'), f'{ck} {msg}')
        assert 'delete it, or run without --resume' in r.stderr
    ck.write_bytes(good)
    r = run_main(*args, '--resume')
    assert r.returncode == 0 and r.stdout.count('nothing left to train') >= 1, r.stdout[-2000:] + r.stderr[-2000:]
