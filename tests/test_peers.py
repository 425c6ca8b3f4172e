"""Conformance with other projects' public suites (scripts/peers.py): tier-A pass rate ≥ 0.90."""
import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("peers_script", ROOT / "scripts" / "peers.py")
peers = importlib.util.module_from_spec(spec)
spec.loader.exec_module(peers)

PEERS = peers.default_peers()

pytestmark = [pytest.mark.peers,
              pytest.mark.skipif(not (PEERS / "recommended_subset.jsonl").exists(), reason="shared/peers not present")]


def test_overall_tier_a_pass_rate():
    per_suite, _ = peers.run(PEERS)
    table = peers.summarise(per_suite)
    overall = table["overall"]
    assert overall["applicable"] > 500
    assert overall["rate"] >= 0.90, table
