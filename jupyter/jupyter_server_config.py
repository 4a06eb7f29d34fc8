"""The project's Jupyter server settings, read by `make lab` (the Makefile puts this folder on
JUPYTER_CONFIG_PATH; Jupyter writes nothing here: its own files stay in .cache/jupyter)."""

from pathlib import Path

c = get_config()  # noqa: F821 (given by Jupyter when it reads this file)

# Kernels get CurveZMQ keys from their manager (jupyter_client 8.10; ipykernel declares support), so code
# and outputs cross the loopback encrypted and no kernel warns that they go over TCP in plain text.
# mmn_analysis/edition/notebooks.py does the same for the kernels that `make` starts.
c.KernelManager.transport_encryption = "auto"

# JupyterLab's settings as the project sets them: lab/settings/overrides.json beside this file
# (news off, so JupyterLab does not greet every newcomer asking whether to fetch news).
c.LabApp.app_settings_dir = str(Path(__file__).resolve().parent / "lab" / "settings")

# jupyter_server's websockets ask for a ping timeout (90000) longer than their ping interval (30000), which
# Tornado 6.5 refuses with a warning in every session, then uses the interval (jupyter_server issue 1612).
# Asking for the interval itself gives the same behaviour without the warning.
c.ServerApp.tornado_settings = {"ws_ping_timeout": 30000}
