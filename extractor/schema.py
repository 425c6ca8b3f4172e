"""The exported JSON Schema of a record (schemas/record.schema.json)."""
from __future__ import annotations

import json

from .models import Record


def schema_dict() -> dict:
    schema = Record.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://gongwen-extractor/schemas/record.schema.json"
    return schema


def schema_json() -> str:
    return json.dumps(schema_dict(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
