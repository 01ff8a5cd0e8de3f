"""The CloudFormation template of the AWS stack (infrastructure/cfn-deployer/skill-stack.yaml),
read as plain data: the short forms (`!Ref X`, `!GetAtt A.B`, `!Sub ...`) become their long
forms ({"Ref": "X"}, {"Fn::GetAtt": ["A", "B"]}, {"Fn::Sub": ...}) as CloudFormation reads them."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "infrastructure" / "cfn-deployer" / "skill-stack.yaml"


class _TemplateLoader(yaml.SafeLoader):
    pass


def _intrinsic(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    name = "Ref" if suffix == "Ref" else f"Fn::{suffix}"
    value: Any
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
        if suffix == "GetAtt":
            value = value.split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    return {name: value}


_TemplateLoader.add_multi_constructor("!", _intrinsic)


@functools.cache
def _load(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def template(path: Path = TEMPLATE) -> dict[str, Any]:
    """The template as data (a fresh copy each call)."""
    data: dict[str, Any] = yaml.load(_load(path), Loader=_TemplateLoader)  # a SafeLoader with CloudFormation tags
    return data


def resources_of_type(kind: str, path: Path = TEMPLATE) -> dict[str, dict[str, Any]]:
    """The template's resources of one type, by logical id."""
    return {name: r for name, r in template(path)["Resources"].items() if r["Type"] == kind}


def table_definition(path: Path = TEMPLATE) -> dict[str, Any]:
    """The households' table as the template declares it: the arguments of DynamoDB's
    CreateTable that a local server (dynalite) understands."""
    (table,) = resources_of_type("AWS::DynamoDB::Table", path).values()
    properties = table["Properties"]
    return {key: properties[key] for key in ("KeySchema", "AttributeDefinitions", "BillingMode")}
