from __future__ import annotations

from pathlib import Path

import pytest

from sushasan.config import Config, Secret
from sushasan.errors import ConfigError


def test_option_beats_env_beats_file_beats_default(tmp_path: Path) -> None:
    data = tmp_path / "d"
    data.mkdir()
    (data / "sushasan.toml").write_text(
        '[sushasan]\ncoverage_threshold = 0.5\nmethod = "from-file.yaml"\n', encoding="utf-8"
    )
    env = {"SUSHASAN_DATA_DIR": str(data), "SUSHASAN_METHOD": "from-env.yaml"}
    cfg = Config.load(env=env)
    assert cfg.coverage_threshold == 0.5 and cfg.sources["coverage_threshold"] == "sushasan.toml"
    assert cfg.method == Path("from-env.yaml")
    assert Config.load(env=env, method="opt.yaml").method == Path("opt.yaml")
    assert Config.load(env={}).data_dir == Path("./sushasan-data")


def test_database_url_is_a_secret_that_does_not_print(tmp_path: Path) -> None:
    cfg = Config.load(env={"SUSHASAN_DATABASE_URL": "postgresql://u:hunter2@h/db"},
                      data_dir=str(tmp_path))
    assert isinstance(cfg.database_url, Secret)
    assert "hunter2" not in repr(cfg)
    assert cfg.database_url.reveal().endswith("@h/db")


def test_bad_values_name_the_setting(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="SUSHASAN_COVERAGE_THRESHOLD"):
        Config.load(env={"SUSHASAN_COVERAGE_THRESHOLD": "most"}, data_dir=str(tmp_path))
