"""Self-supervised 3D human pose estimation, method by method, in notebooks

Modules:

- `poseself.distributed`: Every method's training on several GPUs or machines through fastai's own distributed support (Accelerate underneath), on CPUs as on GPUs: one process per device, each batch shared out, gradients averaged, files written once.
- `poseself.experiments`: Every experiment of the library as a registered runner with presets: one way to run them from Python and from the command line, and one run record each.
- `poseself.mcss.analysis`: How far the embedding is the same from every camera, which poses it retrieves across subjects and views (supp. Fig. 1), and a t-SNE of it coloured by pose cluster (supp. Fig. 2).
- `poseself.mcss.experiments`: `poseself mcss`: MCSS against random initialization and against the sync+flip pretext of Jenni & Favaro, on the same data, trunk, labels and budget; the margin table of the supplementary; view invariance, retrieval and t-SNE figures; one run record.
- `poseself.mcss.model`: A 128-D embedding on the unit sphere, the hard-negative loss with margin $m$ and minimum distance $\beta$, a pose regressor on top, and the fastai learner that trains both objectives jointly.
- `poseself.report`: Tables of results from run records: the tables of the README and the results page are regenerated from the records in `results/` by `poseself report`, so that every published figure has a file behind it.
- `poseself.runs`: What every experiment shares before and after it trains: telling the user's mistakes from the library's, checking the output folder, and the run record (`results.json`) that every published figure comes from."""

__version__ = "0.1.0"
