"""Self-supervised 3D human pose estimation, method by method, in notebooks

Modules:

- `poseself.datasets.common`: What every dataset loader shares: videos and image folders decoded only when a crop needs a frame, one registry that turns `--data <dataset>=<path>` into sequences and splits, `poseself data check` and a crop cache that resumes after an interruption.
- `poseself.datasets.h36m`: The original Human3.6M layout (videos, D3_Positions `.cdf` files, the published calibration with its own distortion model), the 32 -> 17 joint reduction, the action-name quirks, and the preprocessed `.npz` files as a pose-only source.
- `poseself.datasets.mpi3dhp`: The training set's per-sequence `annot.mat` and `camera.calibration` with one video per camera, the test set's MATLAB v7.3 `annot_data.mat` with its valid frames and no calibration (fitted from the annotations), and the 28 -> 17 joint mapping.
- `poseself.datasets.panoptic`: The Panoptic Studio's HD cameras and 3D body poses as the panoptic-toolbox publishes them: one JSON file of bodies per frame, one calibration file per sequence, frames as JPEG folders or HD videos; centimetres and a y-down world turned into the project's millimetres and z-up world.
- `poseself.datasets.shelf`: The two small multi-person benchmarks as the multi-person papers read them: `actorsGT.mat` (actors x frames, empty when an actor is absent), the cameras' calibration file, one image folder per camera, the test frames, and the PCP protocol with its mid-hip torso over actors 1-3.
- `poseself.distributed`: Every method's training on several GPUs or machines through fastai's own distributed support (Accelerate underneath), on CPUs as on GPUs: one process per device, each batch shared out, gradients averaged, files written once.
- `poseself.experiments`: Every experiment of the library as a registered runner with presets: one way to run them from Python and from the command line, and one run record each.
- `poseself.mcss.analysis`: How far the embedding is the same from every camera, which poses it retrieves across subjects and views (supp. Fig. 1), and a t-SNE of it coloured by pose cluster (supp. Fig. 2).
- `poseself.mcss.experiments`: `poseself mcss`: MCSS against random initialization and against the sync+flip pretext of Jenni & Favaro, on the same data, trunk, labels and budget; the margin table of the supplementary; view invariance, retrieval and t-SNE figures; one run record.
- `poseself.mcss.model`: A 128-D embedding on the unit sphere, the hard-negative loss with margin $m$ and minimum distance $\beta$, a pose regressor on top, and the fastai learner that trains both objectives jointly.
- `poseself.report`: Tables of results from run records: the tables of the README and the results page are regenerated from the records in `results/` by `poseself report`, so that every published figure has a file behind it.
- `poseself.runs`: What every experiment shares before and after it trains: telling the user's mistakes from the library's, checking the output folder, and the run record (`results.json`) that every published figure comes from."""

__version__ = "0.1.0"
