"""What every part of the settings needs first: where the project and its working files are,
and whether this is a development machine."""

from pathlib import Path

from project.env import env_bool, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))
DEBUG = env_bool("DEBUG", False)
