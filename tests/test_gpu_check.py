"The GPU check script (`tools/gpu_check.py`) run on the CPU at the `tiny` preset: every step runs and leaves its run record."
import json, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_gpu_check_runs_on_the_cpu_at_tiny(tmp_path):
    out = tmp_path / 'check'
    cmd = [sys.executable, str(ROOT / 'tools' / 'gpu_check.py'), '--preset', 'tiny', '--device', 'cpu', '--out', str(out)]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, (r.stdout + r.stderr)[-3000:]
    summary = json.loads((out / 'results.json').read_text())
    assert summary['experiment'] == 'gpu-check' and set(summary['metrics']) == {'precision', 'bench', 'data', 'demo'}
    assert all(step['passed'] for step in summary['metrics'].values())
    prec = json.loads((out / 'precision' / 'results.json').read_text())['metrics']
    assert prec['device'] == 'cpu' and not prec['mixed_precision'] and 'SyncFlips' in prec['callbacks']  # float32 on the CPU
    bench = json.loads((out / 'bench' / 'results.json').read_text())['metrics']['rows']
    tasks = [(t, p) for t in ('sync pretext', 'pose transfer') for p in ('auto', 'fp32')]
    assert [(b['task'], b['precision']) for b in bench] == tasks
    loader = json.loads((out / 'data' / 'results.json').read_text())['metrics']['loader']  # from a crop store on disk
    assert [r['task'] for r in loader] == ['sync pretext', 'pose transfer'] and all(r['data_to_step'] > 0 for r in loader)
    demo = json.loads((out / 'demo' / 'results.json').read_text())
    assert demo['preset'] == 'tiny' and summary['metrics']['demo']['ratio'] == demo['metrics']['ratio']
