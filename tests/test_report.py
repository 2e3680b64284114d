"The published results tables agree with their run records: `poseself report results/ --check` on the source checkout."
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_published_tables_match_their_records(run_cli):
    if not (ROOT / 'results' / 'tables.json').exists(): pytest.skip('needs a source checkout')
    r = run_cli('report', ROOT / 'results', '--check', '--root', ROOT)
    assert r.returncode == 0, r.stdout + r.stderr
    assert 'every table agrees with the records' in r.stdout


def test_report_sums_up_a_folder_of_runs(run_cli, tmp_path):
    r = run_cli('gravity', '--preset', 'tiny', '--out', tmp_path / 'runs' / 'g', '--set', 'iters=4', 'gravity_iters=2')
    assert r.returncode == 0, r.stderr[-2000:]
    r = run_cli('report', tmp_path / 'runs')
    assert r.returncode == 0 and '| g/results | gravity | tiny | 0 |' in r.stdout, r.stdout + r.stderr
