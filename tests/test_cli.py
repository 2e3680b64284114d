import json, math
import poseself


def test_version(run_cli):
    r = run_cli('--version')
    assert r.returncode == 0 and poseself.__version__ in r.stdout


def test_no_command_prints_help(run_cli):
    r = run_cli()
    assert r.returncode == 2 and 'usage: poseself' in r.stdout


def test_unknown_command_is_refused(run_cli):
    r = run_cli('fly')
    assert r.returncode != 0 and 'invalid choice' in r.stderr


def test_ablation_refuses_bad_rows_and_pairs_before_rendering(run_cli, run_main, tmp_path):
    r = run_cli('ablation', '--out', tmp_path, '--set', 'rows=dz')
    assert r.returncode == 2 and "Unknown ablation row(s) ['z']" in r.stderr
    assert 'Warning' not in r.stderr, r.stderr  # the command imported fastai and torch quietly
    r = run_main('ablation', '--out', tmp_path, '--set', 'rows=d', 'pairs=1,-1,1')
    assert r.returncode == 2 and 'pairs takes three non-negative proportions' in r.stderr
    r = run_main('ablation', '--out', tmp_path, '--set', 'rows=d', 'd_min=64', 'd_max=32')
    assert r.returncode == 2 and 'got d_min=64, d_max=32' in r.stderr
    r = run_main('ablation', '--out', tmp_path, '--set', 'rows=d', 'precision=half')
    assert r.returncode == 2 and "precision must be one of ('auto', 'fp32', 'bf16'), got 'half'" in r.stderr
    r = run_main('ablation', '--out', tmp_path, '--set', 'rows=d', 'bs=0')
    assert r.returncode == 2 and 'Setting bs must be positive, got 0' in r.stderr
    assert not list(tmp_path.glob('crops_*'))  # nothing was rendered


def test_bench_data_writes_its_record(run_cli, run_main, tmp_path):
    "The data benchmark through the installed command: the store against PNG rows, and a run's memory from disk and memory."
    r = run_cli('bench-data', '--parts', 'formats', 'memory', '--size', '32', '--frames', '6', '--reads', '20', '--store-gb', '0.01',
                '--iters', '2', '--bs', '2', '--workers', '1', '--out', tmp_path / 'bd')
    assert r.returncode == 0, r.stderr[-2000:]
    m = json.loads((tmp_path / 'bd' / 'results.json').read_text())['metrics']
    assert [f['format'] for f in m['formats']] == ['store (.npy rows)', 'PNG rows'] and set(m) == {'formats', 'memory'}
    assert m['memory']['store']['peak_rss_gb'] < m['memory']['in_memory']['peak_rss_gb'] + 0.5 and 'run record:' in r.stdout
    r = run_main('bench-data', '--parts', 'speed', '--out', tmp_path / 'bad')
    assert r.returncode == 2 and "Unknown part(s) ['speed']" in r.stderr
    r = run_main('bench-data', '--store-gb', '0', '--out', tmp_path / 'bad')
    assert r.returncode == 2 and 'store-gb must be positive' in r.stderr and not (tmp_path / 'bad').exists()  # nothing written


def test_bench_train_prints_each_precision(run_cli, run_main, tmp_path):
    r = run_cli('bench-train', '--size', '32', '--bs', '4', '--steps', '2', '--warmup', '1', '--frames', '16', '--workers', '1',
                '--rounds', '1', '--out', str(tmp_path / 'bench'))
    assert r.returncode == 0, r.stderr[-2000:]
    rows = [l.split('|')[1:-1] for l in r.stdout.splitlines() if l.startswith(('| sync pretext', '| pose transfer'))]
    assert [(t.strip(), p.strip()) for t, p, *_ in rows] == [('sync pretext', 'fp32'), ('sync pretext', 'bf16'), ('pose transfer',
        'fp32'), ('pose transfer', 'bf16')]
    assert [float(x[3]) for x in rows[::2]] == [1.0, 1.0] and all(float(x[2]) > 0 for x in rows)  # speed-ups against fp32
    assert 'native bfloat16 on this CPU' in r.stdout and 'overhead' in r.stdout
    rec = json.loads((tmp_path / 'bench' / 'results.json').read_text())
    assert rec['experiment'] == 'bench-train' and len(rec['metrics']['rows']) == 4 and rec['settings']['bs'] == 4
    rows = rec['metrics']['rows']
    for x in rows:  # each ratio is what its two rates say; a training step costs more than drawing its batch
        assert abs(x['overhead'] - x['plain_images_per_s'] / x['images_per_s']) < 1e-9
        assert abs(x['data_to_step'] - x['data_images_per_s'] / x['step_images_per_s']) < 1e-9
        assert x['peak_memory_gb'] > 0.1 and x['data_images_per_s'] > x['images_per_s'] and math.isfinite(x['final_loss'])
    assert abs(rows[1]['speedup'] - rows[1]['images_per_s'] / rows[0]['images_per_s']) < 1e-9
    r = run_main('bench-train', '--precisions', 'fp32', 'fp16')
    assert r.returncode == 2 and "got 'fp16'" in r.stderr


def test_ablation_tiny_writes_table(run_cli, tmp_path):
    "Table 1's rows b and d at the 'tiny' preset: the table, the run record and what it prints as it goes."
    r = run_cli('ablation', '--preset', 'tiny', '--out', tmp_path, '--workers', '1')
    assert r.returncode == 0, r.stderr[-3000:]
    rec = json.loads((tmp_path / 'results.json').read_text())
    assert [row['row'] for row in rec['metrics']['rows']] == ['b', 'd'] and set(rec['wall_s']) == {'render', 'rows'}
    assert (tmp_path / 'ablation.md').exists()
    lines = r.stdout.splitlines()
    assert lines[0].startswith('rendering the studio') and lines[1].startswith('Table 1 rows bd on'), lines[:3]
    assert lines[2].startswith('| row | ablation |'), lines[:3]


def test_every_experiment_has_the_same_options(run_cli, run_main):
    """The experiment commands are generated from one registry: `--help` lists the same common options for each (the installed
    command for the first, the entry point in this process for the others: each would import every runner again)."""
    import poseself.experiments as ex
    for i, name in enumerate(ex.load_experiments()):
        r = (run_main if i else run_cli)(name, '--help')
        assert r.returncode == 0, r.stderr
        for opt in ('--preset', '--set', '--out', '--seed', '--resume', '--device', '--debug', '--workers', '--threads'):
            assert opt in r.stdout, (name, opt)


def test_list_shows_experiments_and_presets(run_cli, run_main):
    r = run_cli('list')
    assert r.returncode == 0 and all(f'{n}: ' in r.stdout for n in ('demo', 'ablation', 'temporal', 'gravity')), r.stdout
    r = run_main('list', 'demo')
    assert r.returncode == 0 and '  cpu: size=64' in r.stdout and 'freeze=3' in r.stdout, r.stdout


def test_bad_output_folder_is_one_clear_line(run_cli, run_main, tmp_path):
    (tmp_path / 'a_file').write_text('')
    r = run_cli('gravity', '--preset', 'tiny', '--out', tmp_path / 'a_file')
    assert r.returncode == 2 and 'is a file' in r.stderr and 'Traceback' not in r.stderr, r.stderr[-2000:]
    r = run_main('gravity', '--preset', 'tiny', '--out', tmp_path / 'a_file' / 'sub')
    assert r.returncode == 2 and 'Cannot write to the output folder' in r.stderr and 'Traceback' not in r.stderr, r.stderr[-2000:]
