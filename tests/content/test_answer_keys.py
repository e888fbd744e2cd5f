"""Answer keys checked against cited facts: the fact sheet (../shared/reference/lambda-facts.md) for Lambda, and
AWS documentation pages for the services around it (API Gateway, Step Functions, DynamoDB, SQS, Kinesis).

Wrong keys are the most common complaint about exam question banks. Every question whose stem asks about one
of the numbers or named limits below must have a correct choice stating the cited value; no correct choice may
state a figure that has since changed; and every "changed since the notes" callout carries its date and source.
The reviews that checked the AWS rows are docs/reviews/2026-12-fact-check.md and
docs/reviews/2026-12-second-fact-check.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pytest
from coldstart.core.course.loader import load_course
from coldstart.core.course.model import ChangedBlock, Question
from coldstart.core.paths import bundled_course_dir


@dataclass(frozen=True)
class Fact:
    name: str
    source: str  # where the fact is stated: a section of lambda-facts.md ("§8") or an AWS documentation URL
    asks: str  # a stem that matches this asks about the fact ...
    key: str  # ... and one of its correct choices must match this


FACTS = [
    Fact("function timeout maximum", "§8", r"runs? for about (2\d|[3-9]\d) minutes|\b(2\d|[3-9]\d)-minute job", r"15 minutes|900 seconds|Fargate"),
    Fact("default timeout", "§8", r"Task timed out after 3\.00 seconds", r"timeout"),
    Fact("unreserved floor", "§4", r"reserved concurrency of 9\d\d", r"at least 100|100 units"),
    Fact("scaling rate", "§4", r"how does lambda scale the function", r"1,000 execution environments every 10 seconds"),
    Fact("1,769 MB is one vCPU", "§7", r"(vCPU|single-threaded|threads?)\b.*\b(memory|MB)|\b(memory|MB)\b.*(vCPU|threads?)\b", r"1,769|7,076|four times"),
    Fact("pricing example", "§6", r"3 million.{0,80}1 second|\$0\.00001667 per GB-second", r"\$18\.74"),
    Fact("free tier", "§6", r"statements about the AWS Lambda free tier", r"1 million requests|400,000 GB-seconds"),
    Fact("free tier in a bill", "§6", r"2 million times a month, and each invocation bills 500 ms", r"\$10\.20"),
    Fact("SQS standard scaling", "§3", r"how lambda scales the event source mapping", r"300 concurrent invocations per minute|maximum concurrency"),
    Fact("SQS visibility timeout", "§3", r"visibility timeout.{0,80}(recommend|AWS)|following AWS recommendations", r"(at least|≥)\s*(6|six) ?×|12 minutes|six times"),
    Fact("maxReceiveCount", "§3", r"set aside automatically after a few attempts", r"maxReceiveCount of 5|maxReceiveCount"),
    Fact("layers per function", "§8", r"sixth layer|six separate Lambda layers", r"five"),
    Fact("async retry waits", "§1", r"throw an exception for every event", r"1 minute.{0,60}2 minutes|three times"),
    Fact("event age", "§1", r"cannot be processed immediately", r"6 hours"),
    Fact("INIT billing", "§4", r"How is that initialization time billed", r"billed.{0,40}1 August 2025|billed as function duration"),
    Fact("reserved concurrency is free", "§4", r"not want to pay extra for this guarantee", r"reserved concurrency"),
    # API Gateway in front of Lambda
    Fact("REST integration timeout 29 s, raisable since June 2024",
         "https://aws.amazon.com/about-aws/whats-new/2024/06/amazon-api-gateway-integration-timeout-limit-29-seconds/",
         r"reports take 40 seconds", r"higher integration timeout through Service Quotas"),
    Fact("stage cache TTL 300 s default, 3,600 s maximum",
         "https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-caching.html",
         r"statements about the stage cache", r"default TTL is 300 seconds.{0,40}3,600 seconds"),
    Fact("Lambda rejecting the invocation is a 500, a function error a 502, API Gateway's own limits a 429",
         "https://docs.aws.amazon.com/lambda/latest/dg/services-apigateway-errors.html",
         r"many 429 responses while the function's Throttles metric stays at zero|receive \"500 Internal server error\" at peak",
         r"429 responses come from API Gateway|reserved concurrency"),
    # Step Functions
    Fact("state input/output 256 KiB", "https://docs.aws.amazon.com/step-functions/latest/dg/limits.html",
         r"about 400 KB.{0,120}States\.DataLimitExceeded", r"S3"),
    Fact("Standard runs up to 1 year, Express up to 5 minutes",
         "https://docs.aws.amazon.com/step-functions/latest/dg/limits.html",
         r"can take up to five days|(take|takes) 20 minutes to answer", r"Standard"),
    Fact("retrier defaults 1 s, 3 attempts, rate 2", "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html",
         r"\"Retry\": \[\{\"ErrorEquals\": \[\"States\.ALL\"\]\}\]", r"three times.{0,40}1, 2 and then 4 seconds"),
    Fact("Lambda service exceptions: interval 2, 6 attempts, rate 2",
         "https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html",
         r"Lambda\.ServiceException although the function code never ran", r"interval 2, 6 attempts, rate 2"),
    Fact("function timeouts and out-of-memory report as Lambda.Unknown",
         "https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html",
         r"Catch for States\.Timeout does not fire|runs out of memory.{0,80}catcher", r"Lambda\.Unknown"),
    # DynamoDB: 1 RCU = one strongly consistent read of up to 4 KB per second (half for eventual, double in a
    # transaction); 1 WCU = one write of up to 1 KB (double in a transaction); each item rounds up separately,
    # a Query's items round up together.
    Fact("RCU: 6 KB strongly consistent rounds to 8 KB = 2 units",
         "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html",
         r"10 strongly consistent GetItem calls per second.{0,80}6 KB", r"^20 RCU"),
    Fact("RCU: eventual reads cost half", "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html",
         r"80 items per second with eventually consistent GetItem.{0,40}3 KB", r"^40 RCU"),
    Fact("WCU: 2.5 KB rounds to 3 KB = 3 units", "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html",
         r"writes 10 items per second.{0,80}2\.5 KB", r"^30 WCU"),
    Fact("WCU: transactional writes cost double", "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html",
         r"TransactWriteItems 5 times per second.{0,80}2\.5 KB", r"^30 WCU"),
    Fact("BatchGetItem rounds each item up", "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html",
         r"BatchGetItem with strongly consistent reads for two items.{0,40}1\.5 KB.{0,20}6\.5 KB", r"^3 RCU"),
    Fact("Query rounds the total up", "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html",
         r"strongly consistent Query that returns 10 items whose combined size is 40\.8 KB", r"^11 RCU"),
    Fact("item size at most 400 KB", "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Constraints.html",
         r"about 1 MB fail with a ValidationException about item size", r"S3"),
    Fact("ClientRequestToken idempotent for 10 minutes", "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html",
         r"could apply the transfer twice", r"ClientRequestToken.{0,60}10 minutes"),
    Fact("TransactWriteItems up to 100 actions at twice the capacity",
         "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html",
         r"statements about TransactWriteItems", r"up to 100 actions|twice the write capacity"),
    # SQS, SNS, EventBridge, Kinesis
    Fact("SQS visibility timeout 30 s by default", "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ChangeMessageVisibility.html",
         r"about two minutes to process.{0,120}processed twice", r"visibility timeout"),
    Fact("SQS long polling waits at most 20 s", "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/best-practices-setting-up-long-polling.html",
         r"ReceiveMessage calls return immediately with no messages", r"\b20\b"),
    Fact("SQS retention 4 days by default, 14 days at most",
         "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html",
         r"oldest messages are gone, although the queue has no dead-letter queue", r"4 days.{0,30}14 days"),
    Fact("SQS messages up to 1 MiB since August 2025", "https://aws.amazon.com/about-aws/whats-new/2025/08/amazon-sqs-max-payload-size-1mib/",
         r"SQS rejects anything above 256 KB", r"1 MiB"),
    Fact("SQS FIFO and SNS FIFO deduplicate for 5 minutes",
         "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/FIFO-key-terms.html",
         r"Seven minutes later a bug makes it send another message with the same deduplication ID", r"5 minutes"),
    Fact("Kinesis shard takes 1 MB/s or 1,000 records/s", "https://docs.aws.amazon.com/streams/latest/dev/working-with-streams.html",
         r"5,000 records per second to a provisioned Kinesis data stream", r"1,000 records per second"),
    Fact("Kinesis enhanced fan-out: 2 MB/s per shard per consumer", "https://docs.aws.amazon.com/streams/latest/dev/enhanced-consumers.html",
         r"fall further behind, although writes are well below the shards' limits", r"enhanced fan-out"),
    Fact("PutRecords takes up to 500 records", "https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html",
         r"writes clickstream records to a Kinesis data stream with PutRecords", r"up to 500 records"),
    Fact("PutEvents takes up to 10 entries", "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevents.html",
         r"statements about PutEvents", r"at most 10 entries"),
    # Identity: Cognito, STS, KMS, certificates
    Fact("a Cognito authorizer on a method with OAuth scopes wants an access token",
         "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-enable-cognito-user-pool.html",
         r"adds the OAuth scope .{0,60} to the GET /orders method", r"access token"),
    Fact("role chaining limits a session to 1 hour", "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use.html",
         r"DurationSeconds set to 7200", r"role chaining"),
    Fact("KMS Encrypt takes at most 4,096 bytes; larger data uses GenerateDataKey",
         "https://docs.aws.amazon.com/kms/latest/APIReference/API_Encrypt.html",
         r"encrypt 5 MB files with a customer managed KMS key", r"GenerateDataKey"),
    Fact("automatic rotation makes new key material every year and keeps the old",
         "https://docs.aws.amazon.com/kms/latest/APIReference/API_EnableKeyRotation.html",
         r"key material .{0,80} to change every year", r"automatic key rotation"),
    Fact("cross-account KMS use needs the key policy and an IAM policy",
         "https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html",
         r"A Lambda function in account B must read and decrypt them", r"key policy|IAM policy"),
    Fact("edge-optimized custom domains take an ACM certificate from us-east-1",
         "https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-custom-domains-prerequisites.html",
         r"edge-optimized custom domain name", r"us-east-1"),
    # Build, deploy and configure: SAM, CloudFormation, CodePipeline, Parameter Store, Secrets Manager
    Fact("AWS::Serverless::* resources need the SAM transform",
         "https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-template-anatomy.html",
         r"CloudFormation does not recognise the resource type", r"Transform: AWS::Serverless-2016-10-31"),
    Fact("Canary10Percent5Minutes sends 10% for 5 minutes, then the rest",
         "https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/automating-updates-to-serverless-apps.html",
         r"10% of traffic for 5 minutes", r"Canary10Percent5Minutes"),
    Fact("SAM's generated CodeDeploy role invokes only CodeDeployHook_* functions",
         "https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSCodeDeployRoleForLambda.html",
         r"FunctionName orders-pre-traffic", r"CodeDeployHook_"),
    Fact("DeletionPolicy Retain keeps a resource when its stack is deleted",
         "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-deletionpolicy.html",
         r"the table and its data must remain", r"DeletionPolicy: Retain"),
    Fact("rollback triggers watch alarms during an update and up to 180 minutes after",
         "https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_RollbackConfiguration.html",
         r"within 30 minutes after it", r"rollback trigger.{0,60}30 minutes"),
    Fact("a manual approval action pauses the pipeline (7 days by default)",
         "https://docs.aws.amazon.com/codepipeline/latest/userguide/approvals.html",
         r"approve each release before the production stage starts", r"manual approval action"),
    Fact("Secrets Manager rotates a database password on a schedule",
         "https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_lambda.html",
         r"password to be changed every 30 days", r"Secrets Manager.{0,40}rotation"),
    Fact("secrets under aws/secretsmanager cannot be shared across accounts",
         "https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples_cross.html",
         r"encrypted with the AWS managed key aws/secretsmanager", r"customer managed KMS key"),
    Fact("Parameter Store values: 4 KB standard, 8 KB advanced",
         "https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html",
         r"6 KB JSON configuration document in Parameter Store", r"advanced tier.{0,40}8 KB"),
    Fact("the Parameters and Secrets Lambda Extension caches for 300 s by default",
         "https://docs.aws.amazon.com/lambda/latest/dg/with-secrets-manager.html",
         r"rotated secret within about five minutes", r"Parameters and Secrets Lambda Extension"),
]

# Figures the fact sheet (section 12) says are outdated: no key may teach them as current.
STALE = [
    (r"1,792 ?MB", "one vCPU is at 1,769 MB, not 1,792 MB (§12 row 2)"),
    (r"\b60 (more )?(instances|concurrent|invocations)? ?(per|a|every) minute", "SQS scaling adds up to 300 per minute since late 2023 (§12 row 3)"),
    (r"\$1(\.00)? (for|per|buys) 600,000 GB", "$1 buys about 60,000 GB-s on x86 (§12 row 1)"),
    (r"\b500 (per|a|every) minute|3,000 (in the first minute|burst)", "the account burst model ended on 27 Nov 2023 (§12 row 7)"),
    (r"ThrottleError", "the error is TooManyRequestsException (§12 row 8)"),
    (r"\bgo1\.x\b(?! is deprecated| runtime is deprecated)", "go1.x is deprecated; Go uses provided.al2023 (§12 row 14)"),
    (r"async\w* (payload|invocations?).{0,40}256 KB", "asynchronous payloads are 1 MB since Oct 2025 (§12 row 11)"),
    (r"Kinesis Data Firehose", "renamed Amazon Data Firehose (§12 row 20)"),
    # Figures outside Lambda, from AWS pages checked in docs/reviews/2026-12-fact-check.md:
    (r"SQS\b.{0,60}\b256 ?KI?B\b(?!.{0,40}\b1 MiB)", "SQS messages may be up to 1 MiB since 4 Aug 2025 "
     "(https://aws.amazon.com/about-aws/whats-new/2025/08/amazon-sqs-max-payload-size-1mib/)"),
    (r"EventBridge\b.{0,60}\b256 ?KB\b", "EventBridge events may be up to 1 MB since Jan 2026 "
     "(https://aws.amazon.com/blogs/compute/more-room-to-build-serverless-services-now-support-payloads-up-to-1-mb)"),
    (r"(TransactWriteItems|TransactGetItems|transactions?)\b.{0,60}\b(up to|at most) 25 (actions|items)", "transactions "
     "take up to 100 actions (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html)"),
    (r"AWS managed (KMS )?keys?\b.{0,60}\bthree years", "AWS KMS rotates AWS managed keys every year since May 2022 "
     "(https://docs.aws.amazon.com/kms/latest/APIReference/API_EnableKeyRotation.html)"),
    (r"(cannot|can ?not|never) (be )?(raised|increased|exceed\w*|wait longer than).{0,30}29 seconds", "REST API "
     "integrations can wait beyond 29 s since 4 Jun 2024 after a Service Quotas increase (Regional and private APIs) "
     "(https://aws.amazon.com/about-aws/whats-new/2024/06/amazon-api-gateway-integration-timeout-limit-29-seconds/)"),
]


@cache
def questions() -> tuple[Question, ...]:
    return tuple(q for q in load_course(bundled_course_dir()).course.questions if q.generator is None)


def keys(question: Question) -> list[str]:
    return [" ".join(c.text.split()) for c in question.choices if c.correct]


@pytest.mark.parametrize("fact", FACTS, ids=lambda f: f.name)
def test_keys_agree_with_the_fact_sheet(fact: Fact) -> None:
    asking = [q for q in questions() if re.search(fact.asks, " ".join(q.stem.split()), re.IGNORECASE | re.DOTALL)]
    assert asking, f"no question asks about {fact.name} any more: update the pattern or the table"
    for question in asking:
        assert any(re.search(fact.key, k, re.IGNORECASE) for k in keys(question)), (
            f"{question.id} asks about {fact.name} ({fact.source}) but no correct choice says so: {keys(question)}"
        )


def test_no_key_teaches_an_outdated_figure() -> None:
    for question in questions():
        for key in keys(question):
            for pattern, why in STALE:
                assert not re.search(pattern, key, re.IGNORECASE), f"{question.id}: {key!r} — {why}"


def test_every_changed_callout_is_dated_and_sourced() -> None:
    """A "changed since the notes" callout without the date of the change cannot be checked for currency (issue 11)."""
    course = load_course(bundled_course_dir()).course
    undated = [
        f"{topic.id}/{section.id}"
        for topic in course.topics
        for section in topic.sections
        for block in section.blocks
        if isinstance(block, ChangedBlock) and not (block.changed_on and block.source)
    ]
    assert not undated, f"changed callouts without a date or source: {undated}"


def _content_strings() -> list[tuple[str, str]]:
    """Every string in the bundled modules' YAML (sections, blocks, captions, table cells), with its file name."""
    import yaml

    found: list[tuple[str, str]] = []

    def walk(node: object, where: str) -> None:
        if isinstance(node, str):
            found.append((where, " ".join(node.split())))
        elif isinstance(node, dict):
            for value in node.values():
                walk(value, where)
        elif isinstance(node, list) and node and all(isinstance(value, str) for value in node):
            found.append((where, " | ".join(" ".join(value.split()) for value in node)))  # a table row, read whole
        elif isinstance(node, list):
            for value in node:
                walk(value, where)

    for path in sorted((bundled_course_dir() / "content").glob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")), path.name)
    return found


def test_throttle_backoff_doubling_is_labelled_as_the_models_assumption() -> None:
    """AWS documents only that throttle backoff grows from 1 s to 5 min, not by what factor (issue 11, item 4)."""
    doubling = re.compile(r"(backoff|waits?)\b.{0,60}\bdoubl|\bdoubl\w*.{0,60}\b(backoff|throttle)", re.IGNORECASE)
    unlabelled = [
        f"{where}: {text[:80]}"
        for where, text in _content_strings()
        # A Step Functions retrier doubles its waits because its BackoffRate says so: documented, not assumed.
        if doubling.search(text) and "assumption" not in text.lower() and "BackoffRate" not in text
        and not where.startswith("step-functions.yaml")
    ]
    assert not unlabelled, f"teaches the doubling as AWS fact: {unlabelled}"


def test_iterator_age_is_defined_as_aws_defines_it() -> None:
    """https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html: the age of the last record in the
    event, from the stream receiving it to the event source mapping sending the event."""
    definitions = [
        (where, text)
        for where, text in _content_strings()
        if "IteratorAge" in text and re.search(r"\bage of\b", text)
    ]
    assert definitions, "no module defines IteratorAge any more"
    for where, text in definitions:
        assert re.search(r"age of the last record in the event", text), f"{where}: {text[:120]}"


# AWS changes after the notes that the new modules must record as dated "changed since the notes" callouts, each
# checked in docs/reviews/2026-12-second-fact-check.md: (module, the callout's source, what changed).
RECENT_CHANGES = [
    ("api-gateway", "https://aws.amazon.com/about-aws/whats-new/2024/06/amazon-api-gateway-integration-timeout-limit-29-seconds/",
     "REST integration timeout raisable beyond 29 s"),
    ("api-gateway", "https://aws.amazon.com/about-aws/whats-new/2025/11/api-gateway-response-streaming-rest-apis",
     "REST proxy integrations stream responses for up to 15 minutes"),
    ("step-functions", "https://docs.aws.amazon.com/lambda/latest/dg/durable-functions.html",
     "Lambda durable functions checkpoint and wait for up to one year"),
    ("messaging", "https://aws.amazon.com/about-aws/whats-new/2025/08/amazon-sqs-max-payload-size-1mib/",
     "SQS messages up to 1 MiB"),
]


@pytest.mark.parametrize(("topic_id", "source", "what"), RECENT_CHANGES, ids=[c[2] for c in RECENT_CHANGES])
def test_recent_aws_changes_have_a_dated_callout(topic_id: str, source: str, what: str) -> None:
    course = load_course(bundled_course_dir()).course
    topic = next(t for t in course.topics if t.id == topic_id)
    callouts = [
        block
        for section in topic.sections
        for block in section.blocks
        if isinstance(block, ChangedBlock) and block.source.rstrip("/") == source.rstrip("/")
    ]
    assert callouts, f"{topic_id} no longer records that {what} ({source})"
    assert all(block.changed_on for block in callouts)


def test_putevents_entry_limit_names_the_kind_of_bus() -> None:
    """The default bus and Custom Event Bus - Classic take 10 entries per PutEvents call; the newer Custom Event
    Bus's PutEvents takes 100 (https://docs.aws.amazon.com/eventbridgev2/latest/APIReference/API_PutEvents.html), so a
    key that teaches 10 is right only for a stem that says which bus it is."""
    limit = re.compile(r"PutEvents\b.{0,60}\b(at most|up to) 10 entries", re.IGNORECASE)
    for question in questions():
        if any(limit.search(key) for key in keys(question)):
            stem = " ".join(question.stem.split())
            assert re.search(r"\bClassic\b|\bdefault (event )?bus\b", stem), f"{question.id}: {stem[:100]}"
