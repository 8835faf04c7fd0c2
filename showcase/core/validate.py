"""Check one parsed document against its model and explain every error in Chinese."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from showcase.core.problems import Problem
from showcase.core.yamlsource import YamlDocument

BOUNDS = {"greater_than_equal": "不小于", "less_than_equal": "不大于", "greater_than": "大于", "less_than": "小于"}
DATE_HINT = "请写成 ISO 格式：2023-12-27、2023-12 或 2023"


def suggest(word: str, choices: typing.Iterable[str]) -> str | None:
    """The closest known name to a typo, if any is close enough."""
    matches = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


def unwrap_type(annotation: Any) -> Any:
    """Strip Annotated and Optional to reach the type a value is checked against."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def _walk(model: type[BaseModel], loc: tuple[Any, ...]) -> tuple[type[BaseModel] | None, str | None, Any]:
    """Follow an error location through the model: (owning model, field name, type reached)."""
    current: Any = model
    owner: type[BaseModel] | None = None
    name: str | None = None
    for item in loc:
        current = unwrap_type(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            if isinstance(item, str) and item in current.model_fields:
                owner, name = current, item
                current = current.model_fields[item].annotation
                continue
            return current, None, current
        origin = typing.get_origin(current)
        args = typing.get_args(current)
        if origin is list and args:
            current = args[0]
        elif origin is dict and len(args) == 2:
            current = args[1] if not (isinstance(item, str) and item == "[key]") else args[0]
        elif origin is tuple and args:
            current = args[0]
        else:
            break
    return owner, name, unwrap_type(current)


def field_at(model: type[BaseModel], loc: tuple[Any, ...]) -> tuple[type[BaseModel] | None, str | None]:
    """The model class and field name that a pydantic error location points into."""
    owner, name, _ = _walk(model, loc)
    return owner, name


def container_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel]:
    """The model whose keys an unknown-key error at `loc + (key,)` should be compared with."""
    _, _, reached = _walk(model, loc)
    if isinstance(reached, type) and issubclass(reached, BaseModel):
        return reached
    return model


def _step(item: Any) -> str:
    """A location step for people: list indices count from 1, years stay years."""
    if isinstance(item, int) and item < 1000:
        return f"第 {item + 1} 项"
    return str(item)


def _field_title(model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    owner, name = field_at(model, loc)
    if owner and name:
        title = owner.model_fields[name].title
        label = f"“{name}”（{title}）" if title else f"“{name}”"
        position = len(loc) - 1 - list(reversed(loc)).index(name) if name in loc else len(loc)
        tail = [_step(item) for item in loc[position + 1 :] if item != "[key]"]
        if tail:
            label += "中的“" + " → ".join(tail) + "”"
        return label
    return f"“{loc[-1]}”" if loc else "该项"


def _doc_path(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Pydantic marks dict-key errors with '[key]'; drop it so the line lookup works."""
    return tuple(item for item in loc if item != "[key]")


def _choices(error: ErrorDetails) -> str:
    expected = str(error.get("ctx", {}).get("expected", ""))
    return expected.replace("'", "").replace(" or ", "、").replace(", ", "、")


def explain(error: ErrorDetails, model: type[BaseModel]) -> tuple[str, str]:
    """(message, hint) in Chinese for one pydantic error."""
    loc = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    label = _field_title(model, loc)
    if kind == "missing":
        return f"缺少必填字段{label}", f"请补上 {loc[-1]}: …（参见编辑指南）"
    if kind == "extra_forbidden":
        parent = container_at(model, loc[:-1])
        known = list(parent.model_fields)
        guess = suggest(str(loc[-1]), known)  # a YAML key may be a number (`2023:`)
        hint = f"是否想写“{guess}”？" if guess else f"可用字段：{'、'.join(known)}"
        return f"未知字段“{loc[-1]}”", hint
    if kind == "value_error" and "date_format" in error.get("msg", ""):
        return f"{label}的日期“{value}”格式不正确", DATE_HINT
    if kind in ("float_parsing", "float_type", "int_parsing", "int_type", "int_from_float"):
        if isinstance(value, str) and value.strip().endswith(("%", "％")):
            number = value.strip().rstrip("%％").strip()
            return f"{label}把百分比写成了文字“{value}”", f"直接写数字 {number}，单位“%”已在指标登记表中定义"
        if kind == "int_from_float":
            return f"{label}应为整数，现为“{value}”", "去掉小数部分"
        return f"{label}应为数字，现为“{value}”", "只写阿拉伯数字，不加单位和文字，如 13756"
    if kind == "value_error" and "boolean_number" in error.get("msg", ""):
        return f"{label}应为数字，现为“{value}”（yes/no/true/false 会被读成“是/否”）", "只写阿拉伯数字，如 13756"
    if kind == "finite_number":
        return f"{label}的“{value}”不是一个具体的数值", "写出具体数字；没有数据就删去这一项"
    if kind == "literal_error":
        return f"{label}的取值“{value}”无效", f"可选值：{_choices(error)}"
    if kind == "enum":
        return f"{label}的取值“{value}”无效", f"可选值：{_choices(error)}"
    if kind == "string_pattern_mismatch":
        return f"{label}的写法“{value}”不符合要求", "标识只能用小写英文字母、数字和连字符，如 xunzhou-fengqiao"
    if kind == "string_type":
        return f"{label}应为文字，现为“{value}”", "若是数字或日期，请加引号"
    if kind in ("list_type", "tuple_type"):
        return f"{label}应为列表", "每项另起一行，以“- ”开头"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"{label}应为键值对", "写成下一行缩进 2 个空格的“键: 值”"
    if kind in ("too_short", "string_too_short"):
        return f"{label}不能为空", "请填写内容"
    if kind in BOUNDS:
        limit = next(iter(error.get("ctx", {}).values()), "")
        return f"{label}的数值“{value}”超出允许范围", f"应{BOUNDS[kind]} {limit}"
    if kind == "bool_type" or kind == "bool_parsing":
        return f"{label}应为 true 或 false，现为“{value}”", "写 true 或 false"
    return f"{label}有误：{error.get('msg', '')}", "参见编辑指南"


def validate_document(document: YamlDocument, model: type[BaseModel]) -> tuple[Any, list[Problem]]:
    """Validate parsed data against a model; every error becomes a Problem at its line."""
    if not isinstance(document.data, dict):
        return None, [
            Problem(
                document.display,
                document.first_line,
                "文件内容应为“键: 值”形式的映射",
                "参见编辑指南中的完整示例",
                "not-mapping",
            )
        ]
    try:
        return model.model_validate(document.data), []
    except ValidationError as exc:
        problems = []
        seen: set[tuple[Any, ...]] = set()
        for error in exc.errors():
            loc = tuple(error["loc"])
            if loc in seen:  # union branches repeat the same location
                continue
            seen.add(loc)
            message, hint = explain(error, model)
            problems.append(
                Problem(document.display, document.line(_doc_path(loc)), message, hint, f"schema-{error['type']}")
            )
        return None, problems
