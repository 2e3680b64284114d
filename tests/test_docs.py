"""The documented docs command builds a browsable site with a page per module holding the exported docstrings, and the figures of
the notebooks' default cells; headless Chromium shows them."""
import base64, html, importlib, inspect, io, json, os, re, shutil, subprocess, sys
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]
import poseself
PKG = Path(poseself.__file__).parent
# every exported module, dotted below the package ('studio', 'temporal.losses'); a method package's own __init__ is not a page
MODULES = sorted('.'.join(f.relative_to(PKG).with_suffix('').parts) for f in PKG.rglob('*.py') if not f.name.startswith('_'))


def page_name(nb: Path) -> str:
    "The site's page of the notebook `nb` (`13b_videos.ipynb` -> `videos.html`)."
    return re.sub(r'^\d+[a-z]?_', '', nb.stem) + '.html'


def page_text(page_html: str) -> str:
    "A page's text without its tags, whitespace folded."
    return ' '.join(html.unescape(re.sub(r'<[^>]+>', '', page_html)).split())


@pytest.fixture(scope='module')
def site(tmp_path_factory, request):
    """The built site: the one POSESELF_SITE names, else built here from the session's one run of the notebooks
    (`notebook_run`), whose outputs and figures it shows."""
    if os.environ.get('POSESELF_SITE'): return Path(os.environ['POSESELF_SITE'])
    if not (ROOT / 'tools' / 'build_docs.py').exists(): pytest.skip('needs a source checkout')
    _, executed = request.getfixturevalue('notebook_run')
    out = tmp_path_factory.mktemp('site')
    r = subprocess.run([sys.executable, 'tools/build_docs.py', '--out', str(out), '--executed', str(executed)], cwd=ROOT,
                       capture_output=True, text=True, timeout=1200)
    assert r.returncode == 0, r.stderr[-3000:]
    return out


@pytest.mark.parametrize('mod', MODULES)
def test_module_page_has_every_docstring(site, mod):
    page = (site / f'{mod}.html').read_text(encoding='utf-8')
    text = page_text(page)
    m = importlib.import_module(f'poseself.{mod}')
    for name in m.__all__:
        obj = getattr(m, name)
        if not (inspect.isfunction(obj) or inspect.isclass(obj)) or obj.__module__ != m.__name__: continue
        doc = inspect.getdoc(obj).splitlines()[0]
        assert name in page, f'{name} missing from {mod}.html'
        plain = ' '.join(doc.replace('`', '').split())
        assert plain in text, f'docstring of {name} ({plain!r}) missing from {mod}.html'


def test_index_links_pages(site):
    idx = (site / 'index.html').read_text(encoding='utf-8')
    for mod in MODULES: assert f'href="{mod}.html"' in idx


def test_links_to_notebooks_point_to_their_pages(site):
    """A markdown link to a notebook (the README's to the results record) leads to that notebook's page in the site, not to a
    missing .ipynb."""
    for page in site.glob('*.html'):
        assert not re.findall(r'href="[^"]*\.ipynb', page.read_text(encoding='utf-8')), f'{page.name} links to a notebook file'
    assert 'href="results.html"' in (site / 'index.html').read_text(encoding='utf-8').split('<h2>Pages</h2>')[0]


def test_tables_link_every_notebook_they_name(site):
    "A notebook named in a table of the index or the course page is a link to its page in the site."
    cell = re.compile(r'<td[^>]*>\s*(?:<a href="([^"]*)">)?<code>((?:nbs/)?(?:tutorials/)?\d\d[a-z]?_[\w.]+?)(?:\.ipynb)?</code>')
    for page, least in (('index.html', 55), ('course.html', 55)):
        named = cell.findall((site / page).read_text(encoding='utf-8'))
        assert len(named) >= least, (page, len(named))
        unlinked = [n for href, n in named if not href]
        assert not unlinked, f'{page} names notebooks without a link: {unlinked[:5]}'
        missing = [h for h, _ in named if not (site / h.split('#')[0]).exists()]
        assert not missing, f'{page} links to missing pages: {missing[:5]}'


def test_pages_show_their_whole_description(site):
    "The subtitle under each page's title is its notebook's whole description (every `>` line), not only the first line."
    n = 0
    for f in sorted((ROOT / 'nbs').glob('*.ipynb')):
        first = next(''.join(c['source']) for c in json.loads(f.read_text())['cells'] if c['cell_type'] == 'markdown')
        desc = ' '.join(l.lstrip('>').strip() for l in first.splitlines() if l.startswith('>'))
        page = site / page_name(f)
        if not desc or not page.exists(): continue
        text = page_text(page.read_text(encoding='utf-8'))
        assert ' '.join(re.sub(r'[`*]', '', desc).split()) in text, f'{page.name}: the description is cut'
        n += 1
    assert n >= 50


def test_dunder_methods_keep_their_names(site):
    "`Class.__len__` shows as itself, not as `Class.` and a bold 'len' (markdown's reading of the underscores)."
    bold = {p.name: re.findall(r'\w\.<strong>\w+</strong>', p.read_text(encoding='utf-8')) for p in site.glob('*.html')}
    assert not any(bold.values()), {k: v[:3] for k, v in bold.items() if v}
    assert 'MultiViewSequence.__len__' in (site / 'sequence.html').read_text(encoding='utf-8')


def test_cross_references_lead_to_pages_of_the_site(site):
    """A name in backticks that nbdev links to its documentation leads to that page of this site and its heading, not to the
    published site's address."""
    pages = {p.name: p.read_text(encoding='utf-8') for p in site.glob('*.html')}
    ids = {k: set(re.findall(r'id="([^"]+)"', v)) for k, v in pages.items()}
    link = re.compile(r'<a href="([\w.-]+\.html)#([^"]+)"><code>')
    refs = [(k, page, anchor) for k, v in pages.items() for page, anchor in link.findall(v)]
    assert len(refs) > 300, len(refs)
    assert not [k for k, v in pages.items() if 'poseself.github.io/poseself/nbs/' in v]
    broken = [r for r in refs if r[1] not in pages or r[2] not in ids[r[1]]]
    assert not broken, broken[:5]


PLOT = re.compile(r'\bplt\.|\bshow_\w+\(|\bplot_\w+\(|\.imshow\(|\.plot\(')
SKIP = re.compile(r'^#\|\s*(slow|export|hide|eval:\s*false)', re.M)
IMG = re.compile(r'<img[^>]*src="data:image/png;base64,([^"]+)"')


def plotting_pages() -> dict:
    "Page name -> notebook, for every notebook with a plotting cell among the cells the docs build runs (not slow, not hidden)."
    out = {}
    for f in sorted((ROOT / 'nbs').glob('*.ipynb')):
        cells = json.loads(f.read_text())['cells']
        sources = [''.join(c['source']) for c in cells if c['cell_type'] == 'code']
        if any(PLOT.search(s) and not SKIP.search(s) for s in sources):
            out[page_name(f)] = f.name
    return out


def test_pages_with_plotting_cells_show_their_figures(site):
    "Each page whose notebook plots in its default cells holds the figures, as PNG images that are not blank."
    from PIL import Image
    import numpy as np
    pages = plotting_pages()
    assert len(pages) >= 10, pages  # the studio, the data, both methods' samplers and analyses draw pictures
    for page, nb in pages.items():
        imgs = IMG.findall((site / page).read_text(encoding='utf-8'))
        assert imgs, f'{page} shows no figure, though {nb} plots in its default cells'
        for b in imgs:
            a = np.asarray(Image.open(io.BytesIO(base64.b64decode(b))).convert('L'), float)
            assert a.std() > 1, f'a blank figure on {page}'


def test_slow_cells_say_they_were_not_run(site):
    "A `#| slow` cell, which the docs build does not run, says so on its page, with the command that runs it."
    slow = re.compile(r'^#\|\s*slow\s*$', re.M)
    hidden = re.compile(r'^#\|\s*(hide|export)', re.M)
    n_pages = 0
    for f in sorted((ROOT / 'nbs').glob('*.ipynb')):
        cells = [''.join(c['source']) for c in json.loads(f.read_text())['cells'] if c['cell_type'] == 'code']
        n = sum(bool(slow.search(s) and not hidden.search(s)) for s in cells)
        if not n: continue
        page = (site / page_name(f)).read_text(encoding='utf-8')
        assert page.count('Not run for these pages') == n, f'{f.name}: {n} slow cells'
        assert f'nbdev-test --flags slow nbs/{f.name}' in page
        n_pages += 1
    assert n_pages >= 5  # the long experiments and the temporal method's Fig. 5 pictures


def _chromium():
    return next((shutil.which(n) for n in ('chromium', 'chromium-browser', 'google-chrome') if shutil.which(n)), None)


def _screenshots(exe, pages: dict):
    """Screenshot each of `pages` ({html file: png file}) at once, in processes of their own. Drawn at half scale: a 1280 x 16000
    window then makes a 640 x 8000 image, which shows the figures as well and takes far less time to draw and encode."""
    opts = ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--window-size=1280,16000',
            '--force-device-scale-factor=0.5']
    procs = [subprocess.Popen([exe, *opts, f'--screenshot={png}', page.resolve().as_uri()], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL) for page, png in pages.items()]
    for p, png in zip(procs, pages.values()):
        assert p.wait(timeout=120) == 0 and png.exists(), f'Chromium made no screenshot {png.name}'


def test_screenshots_show_the_figures(site, tmp_path):
    """Headless Chromium draws each page with plotting cells; the screenshot differs from the same page with its images taken out,
    so the figures are shown, not only present in the HTML."""
    exe = _chromium()
    if exe is None: pytest.skip('no Chromium on this machine (.ci/run installs it: apt-get install chromium)')
    from PIL import Image
    import numpy as np
    for page in plotting_pages():
        text = (site / page).read_text(encoding='utf-8')
        bare = tmp_path / f'bare_{page}'
        bare.write_text(IMG.sub('<span></span>', text), encoding='utf-8')
        pngs = {'page': tmp_path / f'page_{page}.png', 'bare': tmp_path / f'bare_{page}.png'}
        _screenshots(exe, {site / page: pngs['page'], bare: pngs['bare']})
        shots = {k: np.asarray(Image.open(f).convert('L'), float) for k, f in pngs.items()}
        assert shots['page'].std() > 1, f'{page}: a blank screenshot'
        assert (np.abs(shots['page'] - shots['bare']) > 8).mean() > 0.002, f'{page}: the screenshot shows no figure'


TEX = re.compile(r'\$\$|\$[^$\n]*\\[A-Za-z]+[^$\n]*\$')  # display math, or inline math with a TeX command


def prose(page_html: str) -> str:
    "The text of a page outside code, scripts and styles: where math must have been typeset."
    t = re.sub(r'<(script|style|pre|code)\b.*?</\1>', ' ', page_html, flags=re.S | re.I)
    return html.unescape(re.sub(r'<[^>]+>', ' ', t))


def _doms(exe, pages) -> dict:
    "Each page's document after its scripts ran (headless Chromium, at most 20 s of page time), four pages at a time."
    opts = ['--headless', '--no-sandbox', '--disable-gpu', '--virtual-time-budget=20000', '--dump-dom']
    out = {}
    for i in range(0, len(pages), 4):
        procs = {p: subprocess.Popen([exe, *opts, p.resolve().as_uri()], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     text=True) for p in pages[i:i + 4]}
        out |= {p: pr.communicate(timeout=180)[0] for p, pr in procs.items()}
    return out


def test_math_renders_offline(site):
    """Every page with math loads the site's own copy of MathJax, none asks a CDN for it; and once Chromium has run the scripts
    of the four pages with the most math (with no network, as in CI), no TeX is left in their prose and MathJax reported no
    error."""
    pages = sorted(site.glob('*.html'))
    assert (site / 'mathjax' / 'MathJax.js').exists()
    n_tex = {p: len(TEX.findall(prose(p.read_text(encoding='utf-8')))) for p in pages}
    with_math = [p for p in pages if n_tex[p]]
    assert len(with_math) >= 20, [p.name for p in with_math]  # the methods' pages cite their equations
    for p in with_math:
        text = p.read_text(encoding='utf-8')
        assert 'src="mathjax/MathJax.js' in text and 'cdnjs.cloudflare.com/ajax/libs/mathjax' not in text, p.name
    exe = _chromium()
    if exe is None: pytest.skip('no Chromium on this machine (.ci/run installs it: apt-get install chromium)')
    for p, dom in _doms(exe, sorted(with_math, key=n_tex.get)[-4:]).items():
        ran, failed, left = 'class="MathJax"' in dom, 'class="MathJax_Error"' in dom, TEX.findall(prose(dom))
        assert ran, f'{p.name}: MathJax did not run'
        assert not failed, f'{p.name}: MathJax could not typeset some of its math'
        assert not left, f'{p.name} shows raw TeX: {left[:3]}'
