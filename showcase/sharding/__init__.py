"""The site built in shards: each renders its own pages with the whole navigation, in its own
process — on this machine or another CI runner — and the merge puts them together into the
site one build would make. Nothing here imports MkDocs (showcase/adapter/shard.py is the part
inside the build).

    plan.py      which shard renders which page        record.py   what a shard leaves for the merge
    state.py     what a shard's build knows             prepared.py the catalog read once for all shards
    merge.py     the shards into one site               local.py    `showcase.py build`: shards in parallel,
                                                                    then the merge
    inputs.py    the inputs key of a whole shard: unchanged shards are not built again
"""

from showcase.sharding.inputs import code_digest
from showcase.sharding.plan import (
    LOOSE_WEIGHT,
    MAX_SHARDS,
    PAGES_PER_SHARD,
    Plan,
    ShardError,
    ShardSpec,
    court_order,
    court_pages,
    default_count,
    parse_spec,
    plan_shards,
)
from showcase.sharding.prepared import load_prepared, save_prepared, slim
from showcase.sharding.record import (
    DOCS,
    RECORD,
    RECORD_DIR,
    Outlines,
    PageRecord,
    RecordError,
    ShardRecord,
    digest_of,
    key_of,
    link_or_copy,
    peak_rss,
    read_outlines,
    read_pages,
    read_record,
    write_record,
)
from showcase.sharding.state import ShardState

__all__ = [
    "DOCS",
    "LOOSE_WEIGHT",
    "MAX_SHARDS",
    "PAGES_PER_SHARD",
    "RECORD",
    "RECORD_DIR",
    "Outlines",
    "PageRecord",
    "Plan",
    "RecordError",
    "ShardError",
    "ShardRecord",
    "ShardSpec",
    "ShardState",
    "code_digest",
    "court_order",
    "court_pages",
    "default_count",
    "digest_of",
    "key_of",
    "link_or_copy",
    "load_prepared",
    "parse_spec",
    "peak_rss",
    "plan_shards",
    "read_outlines",
    "read_pages",
    "read_record",
    "save_prepared",
    "slim",
    "write_record",
]
