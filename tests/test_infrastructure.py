"""The AWS stack that `ask deploy` creates (infrastructure/cfn-deployer/skill-stack.yaml, with
ask-resources.json and hooks/build.sh), checked without an AWS account: first the template's
least privilege and table settings as written, so a later edit cannot widen them unnoticed;
then the stack created in moto's server (moto[server], started here on a free port).

moto does not model everything the template sets. Its CloudFormation leaves out the table's
encryption, point-in-time recovery and Time to Live, its Lambda keeps no EventSourceToken
condition in the function's policy and no LoggingConfig: those are checked from the template
(the tests before the moto ones), the rest from what moto created."""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.parse
import zipfile
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from cfn_helpers import ROOT, TEMPLATE, resources_of_type, table_definition, template
from local_server import local_server
from skill_helpers import envelope

from household import dynamodb
from skill import lambda_entry
from skill.package import LAMBDA_ARCHITECTURE, LAMBDA_RUNTIME

SKILL_ID = "amzn1.ask.skill.5b1e6c2a-0d4e-4c1e-9d3a-0123456789ab"
# The parameters the ASK CLI's cfn-deployer passes, and nothing the template would need besides.
DEPLOYER_PARAMETERS = {"SkillId", "LambdaRuntime", "LambdaHandler", "CodeBucket", "CodeKey", "CodeVersion"}
RESOURCE_TYPES = {"AWS::DynamoDB::Table", "AWS::Logs::LogGroup", "AWS::IAM::Role", "AWS::Lambda::Function",
                  "AWS::Lambda::Permission"}
TABLE_ARN = {"Fn::GetAtt": ["HouseholdsTable", "Arn"]}
LOG_GROUP_ARN = {"Fn::GetAtt": ["SkillLogGroup", "Arn"]}
# (action, resource): everything the function's role may do.
ALLOWED = {
    ("dynamodb:GetItem", json.dumps(TABLE_ARN)),
    ("dynamodb:PutItem", json.dumps(TABLE_ARN)),
    ("dynamodb:DeleteItem", json.dumps(TABLE_ARN)),
    ("logs:CreateLogStream", json.dumps(LOG_GROUP_ARN)),
    ("logs:PutLogEvents", json.dumps(LOG_GROUP_ARN)),
}


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _role() -> dict[str, Any]:
    (role,) = resources_of_type("AWS::IAM::Role").values()
    return role["Properties"]


def _statements(policies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [s for policy in policies for s in policy["PolicyDocument"]["Statement"]]


def test_the_stack_holds_only_the_skills_resources() -> None:
    data = template()
    assert {r["Type"] for r in data["Resources"].values()} == RESOURCE_TYPES
    assert len(data["Resources"]) == len(RESOURCE_TYPES)  # one of each: no second role or trigger
    assert set(data["Parameters"]) == DEPLOYER_PARAMETERS
    # With these names in the template the CLI would fetch the skill's messaging credentials.
    assert "SkillClientId" not in TEMPLATE.read_text() and "SkillClientSecret" not in TEMPLATE.read_text()
    assert data["Outputs"]["SkillEndpoint"]["Value"] == {"Fn::GetAtt": ["SkillFunction", "Arn"]}


def test_the_role_allows_only_item_calls_on_the_table_and_writing_its_own_log_group() -> None:
    role = _role()
    assert set(role) <= {"Description", "AssumeRolePolicyDocument", "Policies"}  # no managed policy, no path games
    assert role["AssumeRolePolicyDocument"]["Statement"] == [
        {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]
    granted = set()
    for statement in _statements(role["Policies"]):
        assert set(statement) == {"Effect", "Action", "Resource"}, statement  # no NotAction, NotResource
        assert statement["Effect"] == "Allow"
        for action in _as_list(statement["Action"]):
            for resource in _as_list(statement["Resource"]):
                granted.add((action, json.dumps(resource)))
    assert granted == ALLOWED
    assert "*" not in json.dumps(role["Policies"])  # no wildcard in any action or resource


def test_the_dynamodb_actions_are_the_calls_the_code_makes() -> None:
    """dynamodb:X for each `self._table.x_y(...)` in household/dynamodb.py: a new call (an
    update_item, a query) must be granted here on purpose, and an unused grant is removed."""
    tree = ast.parse(Path(dynamodb.__file__).read_text(encoding="utf-8"))
    calls = {
        node.func.attr for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Attribute) and node.func.value.attr == "_table"
    }
    assert calls == {"get_item", "put_item", "delete_item"}
    used = {"dynamodb:" + "".join(part.title() for part in call.split("_")) for call in calls}
    granted = {a for s in _statements(_role()["Policies"]) for a in _as_list(s["Action"]) if a.startswith("dynamodb:")}
    assert granted == used


def test_only_this_skill_may_invoke_the_function() -> None:
    (permission,) = resources_of_type("AWS::Lambda::Permission").values()
    assert permission["Properties"] == {
        "Action": "lambda:InvokeFunction",
        "FunctionName": {"Fn::GetAtt": ["SkillFunction", "Arn"]},
        "Principal": "alexa-appkit.amazon.com",
        "EventSourceToken": {"Ref": "SkillId"},
    }
    skill_id = template()["Parameters"]["SkillId"]
    assert "Default" not in skill_id
    pattern = re.compile(skill_id["AllowedPattern"])
    assert pattern.fullmatch(SKILL_ID)
    for wrong in ("", "*", "amzn1.ask.skill.*", f"{SKILL_ID} ", f"{SKILL_ID},amzn1.ask.skill.x"):
        assert not pattern.fullmatch(wrong), wrong


def test_the_table_keeps_the_households_history() -> None:
    (table,) = resources_of_type("AWS::DynamoDB::Table").values()
    # A stack removal or a replacement never deletes it; nor does anyone by mistake.
    assert table["DeletionPolicy"] == "Retain" and table["UpdateReplacePolicy"] == "Retain"
    properties = table["Properties"]
    assert properties["DeletionProtectionEnabled"] is True
    assert properties["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
    assert properties["SSESpecification"] == {"SSEEnabled": True}
    assert table_definition() == {
        "KeySchema": [{"AttributeName": dynamodb.PARTITION_KEY, "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": dynamodb.PARTITION_KEY, "AttributeType": "S"}],
        "BillingMode": "PAY_PER_REQUEST",
    }
    # The replay records (household/dynamodb.py: claim_request) expire by themselves.
    assert properties["TimeToLiveSpecification"] == {"AttributeName": "expires", "Enabled": True}
    assert '"expires": expires_at' in Path(dynamodb.__file__).read_text(encoding="utf-8")
    assert set(properties) == {"AttributeDefinitions", "KeySchema", "BillingMode", "PointInTimeRecoverySpecification",
                               "SSESpecification", "DeletionProtectionEnabled", "TimeToLiveSpecification"}


def test_the_function_runs_the_zip_for_its_platform_with_the_table_and_skill_id() -> None:
    data = template()
    (function,) = resources_of_type("AWS::Lambda::Function").values()
    properties = function["Properties"]
    assert properties["Runtime"] == {"Ref": "LambdaRuntime"}
    assert data["Parameters"]["LambdaRuntime"]["AllowedValues"] == [LAMBDA_RUNTIME]  # what the zip is built for
    assert properties["Architectures"] == [LAMBDA_ARCHITECTURE]
    assert properties["Handler"] == {"Ref": "LambdaHandler"}
    assert data["Parameters"]["LambdaHandler"]["AllowedValues"] == ["lambda_handler.lambda_handler"]
    assert properties["Role"] == {"Fn::GetAtt": ["SkillRole", "Arn"]}
    assert properties["Environment"]["Variables"] == {
        "SAMEN_STERKER_STORE": {"Fn::Sub": "dynamodb:${HouseholdsTable}"},
        "SAMEN_STERKER_SKILL_ID": {"Ref": "SkillId"},
        "SAMEN_STERKER_KEEP": "dates",  # a published skill keeps check-in dates only
    }
    assert properties["MemorySize"] == 1024
    assert properties["Timeout"] < 8  # Alexa waits 8 s for an answer
    assert properties["LoggingConfig"]["LogGroup"] == {"Ref": "SkillLogGroup"}
    (log_group,) = resources_of_type("AWS::Logs::LogGroup").values()
    assert log_group["Properties"]["RetentionInDays"] <= 14


def test_ask_resources_deploys_this_template_with_the_zips_runtime() -> None:
    resources = json.loads((ROOT / "ask-resources.json").read_text(encoding="utf-8"))
    assert resources["askcliResourcesVersion"] == "2020-03-31"
    profile = resources["profiles"]["default"]
    assert profile["skillMetadata"]["src"] == "./skill-package"  # make skill-package
    assert profile["code"] == {"default": {"src": "./dist"}}  # make lambda-zip
    infrastructure = profile["skillInfrastructure"]
    assert infrastructure["type"] == "@ask-cli/cfn-deployer"
    config = infrastructure["userConfig"]
    assert config["runtime"] == LAMBDA_RUNTIME
    assert config["handler"] == "lambda_handler.lambda_handler"
    assert (ROOT / config["templatePath"]).resolve() == TEMPLATE


def test_the_build_hook_hands_the_cli_the_built_zip(tmp_path: Path) -> None:
    """The ASK CLI runs hooks/build.sh ZIP (from where ask deploy runs) instead of its own pip build."""
    hook = tmp_path / "hooks" / "build.sh"
    hook.parent.mkdir()
    shutil.copy2(ROOT / "hooks" / "build.sh", hook)
    assert os.access(ROOT / "hooks" / "build.sh", os.X_OK)
    out = tmp_path / ".ask" / "dist" / "build.zip"
    out.parent.mkdir(parents=True)
    missing = subprocess.run([str(hook), str(out), "false"], capture_output=True, text=True, cwd=out.parent, check=False)
    assert missing.returncode != 0 and "make skill-package lambda-zip" in missing.stderr
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / "samen-sterker-lambda.zip").write_bytes(b"PK the zip")
    subprocess.run([str(hook), str(out), "false"], check=True, cwd=out.parent)
    assert out.read_bytes() == b"PK the zip"


# --- The stack in moto's server ------------------------------------------------------------


@pytest.fixture(scope="module")
def moto_endpoint() -> Iterator[str]:
    with local_server(lambda port: [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                      "moto's server") as address:
        yield address


class Aws:
    """boto3 clients for moto's server, with fake credentials (nothing reaches AWS)."""

    def __init__(self, endpoint: str) -> None:
        import boto3

        self.session = boto3.session.Session(aws_access_key_id="test", aws_secret_access_key="test",
                                             region_name="eu-west-1")
        self.endpoint = endpoint

    def client(self, service: str) -> Any:
        return self.session.client(service, endpoint_url=self.endpoint)


@pytest.fixture(scope="module")
def stack(moto_endpoint: str) -> dict[str, Any]:
    """Create the stack as the ASK CLI does: the zip in a versioned bucket, then CreateStack with
    the deployer's parameters and CAPABILITY_IAM only (no named IAM resources). moto never runs
    the code, so a small zip stands in for dist/samen-sterker-lambda.zip."""
    aws = Aws(moto_endpoint)
    s3 = aws.client("s3")
    s3.create_bucket(Bucket="ask-samensterker-artifacts", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    s3.put_bucket_versioning(Bucket="ask-samensterker-artifacts", VersioningConfiguration={"Status": "Enabled"})
    code = BytesIO()
    with zipfile.ZipFile(code, "w") as archive:
        archive.write(ROOT / "lambda_handler.py", "lambda_handler.py")
    version = s3.put_object(Bucket="ask-samensterker-artifacts", Key="endpoint/build.zip", Body=code.getvalue())["VersionId"]
    parameters = {"SkillId": SKILL_ID, "LambdaRuntime": LAMBDA_RUNTIME, "LambdaHandler": "lambda_handler.lambda_handler",
                  "CodeBucket": "ask-samensterker-artifacts", "CodeKey": "endpoint/build.zip", "CodeVersion": version}
    cloudformation = aws.client("cloudformation")
    stack_id = cloudformation.create_stack(
        StackName="ask-samensterker-default-skillStack-1", TemplateBody=TEMPLATE.read_text(encoding="utf-8"),
        Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in parameters.items()],
        Capabilities=["CAPABILITY_IAM"])["StackId"]
    for _ in range(200):
        described = cloudformation.describe_stacks(StackName=stack_id)["Stacks"][0]
        if not described["StackStatus"].endswith("_IN_PROGRESS"):
            break
        time.sleep(0.05)
    assert described["StackStatus"] == "CREATE_COMPLETE", described.get("StackStatusReason")
    resources = {r["LogicalResourceId"]: r.get("PhysicalResourceId")
                 for r in cloudformation.describe_stack_resources(StackName=stack_id)["StackResources"]}
    outputs = {o["OutputKey"]: o["OutputValue"] for o in described["Outputs"]}
    return {"aws": aws, "resources": resources, "outputs": outputs}


def test_moto_creates_the_table_with_the_templates_key_and_settings(stack: dict[str, Any]) -> None:
    table_name = stack["outputs"]["HouseholdsTableName"]
    assert table_name == stack["resources"]["HouseholdsTable"]
    table = stack["aws"].client("dynamodb").describe_table(TableName=table_name)["Table"]
    definition = table_definition()
    assert table["KeySchema"] == definition["KeySchema"]
    assert table["AttributeDefinitions"] == definition["AttributeDefinitions"]
    assert table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert table["DeletionProtectionEnabled"] is True
    # Encryption, point-in-time recovery and TTL: moto's CloudFormation does not set them
    # (checked from the template in test_the_table_keeps_the_households_history).


def _document(value: Any) -> Any:
    """A policy document from IAM: boto3 decodes AWS's URL-encoded JSON; moto's server may hand
    back the Python form of the document that CloudFormation gave it."""
    if not isinstance(value, str):
        return value
    text = urllib.parse.unquote(value)
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return ast.literal_eval(text)


def test_moto_holds_the_role_policy_the_template_writes(stack: dict[str, Any]) -> None:
    iam = stack["aws"].client("iam")
    role_name = stack["resources"]["SkillRole"]
    assert iam.list_attached_role_policies(RoleName=role_name)["AttachedPolicies"] == []
    table_arn = stack["aws"].client("dynamodb").describe_table(
        TableName=stack["outputs"]["HouseholdsTableName"])["Table"]["TableArn"]
    (group,) = stack["aws"].client("logs").describe_log_groups(
        logGroupNamePrefix=stack["outputs"]["LogGroupName"])["logGroups"]
    assert group["retentionInDays"] == 14
    # AWS gives a log group's Arn attribute as ...:log-group:NAME:* (its streams); moto without ':*'.
    log_arns = {group["arn"], group["logGroupArn"]}
    expected = json.loads(json.dumps(_role()["Policies"]).replace(json.dumps(TABLE_ARN), json.dumps(table_arn)))
    for policy in expected:
        document = _document(iam.get_role_policy(RoleName=role_name, PolicyName=policy["PolicyName"])["PolicyDocument"])
        for statement in document["Statement"]:
            if statement["Resource"] in log_arns:
                statement["Resource"] = LOG_GROUP_ARN
        assert document == policy["PolicyDocument"]
    assert sorted(iam.list_role_policies(RoleName=role_name)["PolicyNames"]) == sorted(
        p["PolicyName"] for p in expected)
    trust = _document(iam.get_role(RoleName=role_name)["Role"]["AssumeRolePolicyDocument"])
    assert trust == _role()["AssumeRolePolicyDocument"]


def test_moto_runs_the_function_with_the_zips_platform_the_table_and_the_skill_id(stack: dict[str, Any]) -> None:
    lam = stack["aws"].client("lambda")
    arn = stack["outputs"]["SkillEndpoint"]
    config = lam.get_function_configuration(FunctionName=arn)
    assert (config["Runtime"], config["Handler"], config["Architectures"]) == (
        LAMBDA_RUNTIME, "lambda_handler.lambda_handler", [LAMBDA_ARCHITECTURE])
    assert (config["MemorySize"], config["Timeout"]) == (1024, 7)
    assert config["Environment"]["Variables"] == {
        "SAMEN_STERKER_STORE": f"dynamodb:{stack['outputs']['HouseholdsTableName']}",
        "SAMEN_STERKER_SKILL_ID": SKILL_ID,
        "SAMEN_STERKER_KEEP": "dates",
    }
    assert config["Role"].endswith(f"/{stack['resources']['SkillRole']}")
    (statement,) = json.loads(lam.get_policy(FunctionName=arn)["Policy"])["Statement"]
    assert (statement["Effect"], statement["Action"], statement["Principal"], statement["Resource"]) == (
        "Allow", "lambda:InvokeFunction", "alexa-appkit.amazon.com", arn)
    # The condition on the skill id (EventSourceToken): moto keeps none; see test_only_this_skill_may_invoke_the_function.


def test_the_skill_keeps_a_household_in_the_table_the_stack_made(
    stack: dict[str, Any], moto_endpoint: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The function's environment as moto holds it, with the code: a launch stores the household."""
    variables = stack["aws"].client("lambda").get_function_configuration(
        FunctionName=stack["outputs"]["SkillEndpoint"])["Environment"]["Variables"]
    for name, value in {**variables, "AWS_ENDPOINT_URL_DYNAMODB": moto_endpoint, "AWS_DEFAULT_REGION": "eu-west-1",
                        "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    launch = envelope("launch")
    for place in (launch["session"]["application"], launch["context"]["System"]["application"]):
        place["applicationId"] = SKILL_ID
    lambda_entry.reset()
    try:
        result = lambda_entry.lambda_handler(launch, None)
    finally:
        lambda_entry.reset()
    assert result["response"]["shouldEndSession"] is False
    item = stack["aws"].client("dynamodb").get_item(
        TableName=stack["outputs"]["HouseholdsTableName"], Key={"id": {"S": launch["session"]["user"]["userId"]}})
    assert item["Item"]["attributes"]["M"]["introduced"] == {"BOOL": True}
