"""Self-supervised 3D human pose estimation, method by method, in notebooks

Modules:

- `poseself.experiments`: Every experiment of the library as a registered runner with presets: one way to run them from Python and from the command line, and one run record each.
- `poseself.report`: Tables of results from run records: the tables of the README and the results page are regenerated from the records in `results/` by `poseself report`, so that every published figure has a file behind it.
- `poseself.runs`: What every experiment shares before and after it trains: telling the user's mistakes from the library's, checking the output folder, and the run record (`results.json`) that every published figure comes from."""

__version__ = "0.1.0"
