"The published results tables agree with their run records: `poseself report results/ --check` on the source checkout."
import shutil
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_published_tables_match_their_records(run_cli):
    if not (ROOT / 'results' / 'tables.json').exists(): pytest.skip('needs a source checkout')
    r = run_cli('report', ROOT / 'results', '--check', '--root', ROOT)
    assert r.returncode == 0, r.stdout + r.stderr
    assert 'every table agrees with the records' in r.stdout


def test_report_sums_up_a_folder_of_runs(run_cli, tmp_path):
    "A folder of runs as experiments leave them (here the demo's record, whose metrics repeat its preset and seed)."
    rec = ROOT / 'results' / 'demo' / '01-cpu_fresh_clone.json'
    if not rec.exists(): pytest.skip('needs a source checkout')
    (tmp_path / 'runs' / 'd').mkdir(parents=True)
    shutil.copy(rec, tmp_path / 'runs' / 'd' / 'results.json')
    r = run_cli('report', tmp_path / 'runs')
    assert r.returncode == 0 and '| d/results | demo | cpu | 0 | 19.5 |' in r.stdout, r.stdout + r.stderr
