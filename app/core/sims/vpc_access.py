"""What a Lambda function can reach from where it runs: the internet, your VPC, AWS services.

Rules (lambda-facts.md §10):
1. Not attached to a VPC, a function runs in an AWS-owned VPC: it reaches the internet (and public AWS
   endpoints) but not private resources in *your* VPC.
2. Attached to a VPC, it reaches resources in that VPC. A public subnet gives it neither internet access
   nor a public IP.
3. Internet from a VPC function: a private subnet whose route table sends 0.0.0.0/0 to a NAT gateway; the
   NAT gateway sits in a public subnet that routes to an internet gateway; the security group allows
   outbound traffic.
5. AWS services without NAT: gateway endpoints for S3 and DynamoDB, interface endpoints for the others.
6. Lambda uses Hyperplane ENIs, one per subnet + security group combination, created when the function is
   created or its VPC settings change, reclaimed after 14 days idle (the function goes Inactive).
7. The execution role needs the ENI permissions (ec2:CreateNetworkInterface, Describe…, Delete…), for
   example through AWSLambdaVPCAccessExecutionRole; without them the VPC settings cannot be applied.
8. Function URLs are reachable only over the public internet.

view="decision": one row per destination; the rows marked deciding are the ones the function cannot
reach, which is what a learner has to fix.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .base import DecisionRow, Event, SimResult, Simulation, counted_by_output, fixed_work
from .generate import Ask, GeneratedQuestion, draw_params, make_choices
from .params import Param

SOURCES = (
    "https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html",
    "https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc-internet.html",
    "https://docs.aws.amazon.com/lambda/latest/dg/urls-configuration.html",
)

ENDPOINT_CHOICES = ("none", "s3-gateway", "dynamodb-gateway", "interface")
ENDPOINT_NAMES = {
    "s3-gateway": "an S3 gateway endpoint",
    "dynamodb-gateway": "a DynamoDB gateway endpoint",
    "interface": "an interface endpoint for the service",
}
SHORT_NAMES = ("the internet", "your VPC", "S3", "DynamoDB", "other AWS APIs")

PARAMS: tuple[Param, ...] = (
    Param("attached", "Attached to your VPC", "bool", False),
    Param("subnet", "Subnet", "choice", "private", choices=("private", "public"),
          help="the subnet the function's ENIs are in (when attached)"),
    Param("nat_gateway", "NAT gateway", "bool", False,
          help="the subnet's route table sends 0.0.0.0/0 to a NAT gateway that sits in a public subnet"),
    Param("internet_gateway", "Internet gateway", "bool", False,
          help="the VPC has an internet gateway that public subnets route to"),
    Param("endpoints", "VPC endpoints", "text", "none", choices=ENDPOINT_CHOICES, repeats=False,
          help="comma-separated: s3-gateway, dynamodb-gateway, and interface (for another AWS service such as SQS "
          "or Secrets Manager); none for no endpoints"),
    Param("outbound_allowed", "Security group allows outbound", "bool", True),
    Param("eni_permissions", "Role has the ENI permissions", "bool", True,
          help="ec2:CreateNetworkInterface, DescribeNetworkInterfaces, DeleteNetworkInterface "
          "(e.g. the AWSLambdaVPCAccessExecutionRole managed policy)"),
)


@dataclass(frozen=True)
class Reach:
    """Whether the function reaches one destination, by which path, and what would fix it."""

    destination: str
    reachable: bool
    path: str
    fix: str = ""


DESTINATIONS = (
    "Public internet (a third-party API)",
    "Private resources in your VPC (RDS, ElastiCache, internal ALB)",
    "Amazon S3",
    "Amazon DynamoDB",
    "Another AWS service's API (e.g. SQS, Secrets Manager)",
    "Callers of the function URL",
)


def reach(params: dict[str, Any]) -> list[Reach]:
    """Where the function can get to, one entry per destination in DESTINATIONS order."""
    endpoints = {e for e in params["endpoints"].split(",") if e and e != "none"}
    url = Reach(DESTINATIONS[5], True, "over the public internet only, whether or not the function is in a VPC")
    if not params["attached"]:
        via_internet = "out through the AWS-owned VPC Lambda runs in"
        return [
            Reach(DESTINATIONS[0], True, via_internet),
            Reach(DESTINATIONS[1], False, "the function runs in an AWS-owned VPC, not yours",
                  "attach the function to your VPC (subnets and security groups)"),
            Reach(DESTINATIONS[2], True, f"its public endpoint, {via_internet}"),
            Reach(DESTINATIONS[3], True, f"its public endpoint, {via_internet}"),
            Reach(DESTINATIONS[4], True, f"its public endpoint, {via_internet}"),
            url,
        ]
    if not params["eni_permissions"]:
        blocked = ("the execution role lacks ec2:CreateNetworkInterface and friends, so Lambda cannot create the "
                   "Hyperplane ENIs and the VPC settings cannot be applied")
        fix = "give the role the ENI permissions, e.g. AWSLambdaVPCAccessExecutionRole"
        return [*(Reach(d, False, blocked, fix) for d in DESTINATIONS[:5]), url]
    if not params["outbound_allowed"]:
        blocked = "the security group allows no outbound traffic"
        fix = "allow outbound traffic in the function's security group"
        return [*(Reach(d, False, blocked, fix) for d in DESTINATIONS[:5]), url]
    nat = params["subnet"] == "private" and params["nat_gateway"] and params["internet_gateway"]
    if nat:
        internet = Reach(DESTINATIONS[0], True, "private subnet → NAT gateway (in a public subnet) → internet gateway")
    elif params["subnet"] == "public":
        internet = Reach(DESTINATIONS[0], False,
                         "a public subnet gives a Lambda function neither internet access nor a public IP",
                         "move it to private subnets that route 0.0.0.0/0 to a NAT gateway")
    elif not params["nat_gateway"]:
        internet = Reach(DESTINATIONS[0], False, "the private subnet has no route to a NAT gateway",
                         "add a NAT gateway in a public subnet and route 0.0.0.0/0 to it")
    else:
        internet = Reach(DESTINATIONS[0], False, "the NAT gateway has no internet gateway to send traffic to",
                         "add an internet gateway and route the NAT gateway's public subnet to it")

    def service(index: int, endpoint: str) -> Reach:
        if endpoint in endpoints:
            return Reach(DESTINATIONS[index], True, f"{ENDPOINT_NAMES[endpoint]}, privately, without NAT")
        if nat:
            return Reach(DESTINATIONS[index], True, "its public endpoint through the NAT gateway")
        return Reach(DESTINATIONS[index], False, "no NAT gateway path and no VPC endpoint for it",
                     f"add {ENDPOINT_NAMES[endpoint]} (or internet access through a NAT gateway)")

    return [
        internet,
        Reach(DESTINATIONS[1], True, "the function's Hyperplane ENI in your VPC (security groups permitting)"),
        service(2, "s3-gateway"),
        service(3, "dynamodb-gateway"),
        service(4, "interface"),
        url,
    ]


def _setup(params: dict[str, Any]) -> str:
    if not params["attached"]:
        return "not attached to a VPC"
    has = ["a NAT gateway" if params["nat_gateway"] else "no NAT gateway",
           "an internet gateway" if params["internet_gateway"] else "no internet gateway"]
    endpoints = [ENDPOINT_NAMES[e].replace(" for the service", "") for e in params["endpoints"].split(",")
                 if e in ENDPOINT_NAMES]
    has += endpoints or ["no VPC endpoints"]  # one list, so it reads "a, b, c and d", not "a, b and c and d"
    return f"attached to a {params['subnet']} subnet of a VPC with {', '.join(has[:-1])} and {has[-1]}"


def _run(params: dict[str, Any], seed: int) -> SimResult:
    rows = reach(params)
    decision = tuple(
        DecisionRow(
            requirement=r.destination,
            value="reachable" if r.reachable else "not reachable",
            options={"Path": r.path, "To fix": r.fix or "-"},
            deciding=not r.reachable,
            reason=r.path if r.reachable else f"{r.path}; {r.fix}",
        )
        for r in rows
    )
    reachable = [name for name, r in zip(SHORT_NAMES, rows) if r.reachable]
    summary: dict[str, Any] = {"Setup": _setup(params)}
    summary.update({r.destination: ("yes: " if r.reachable else "no: ") + r.path for r in rows})
    if params["attached"]:
        summary["ENIs"] = (
            "Hyperplane ENIs, one per subnet + security group combination, created when the function is created "
            "or its VPC settings change (the function is Pending meanwhile); reclaimed after 14 days idle, when "
            "the function goes Inactive"
        )
        summary["Permissions"] = (
            "the execution role needs ec2:CreateNetworkInterface, DescribeNetworkInterfaces and "
            "DeleteNetworkInterface (AWSLambdaVPCAccessExecutionRole is the managed convenience policy); they "
            "are needed only to create the ENIs"
        )
    events = tuple(
        Event(0.0, "reach" if r.reachable else "blocked",
              f"{r.destination}: {'reachable' if r.reachable else 'not reachable'}: {r.path}", "network")
        for r in rows
    )
    return SimResult(
        simulation="vpc-access",
        params=params,
        seed=seed,
        events=events,
        summary=summary,
        view="decision",
        decision=decision,
        verdict=_verdict(params, reachable),
    )


def _verdict(params: dict[str, Any], reachable: list[str]) -> str:
    if params["attached"] and not params["eni_permissions"]:
        return "The VPC settings cannot be applied: the execution role lacks the ENI permissions"
    setup = _setup(params)
    return f"{setup[0].upper()}{setup[1:]}: reaches " + (", ".join(reachable) if reachable else "nothing outbound")


SIMULATION = Simulation(
    name="vpc-access",
    title="What a function in (or out of) a VPC can reach",
    summary="Subnets, NAT and internet gateways, VPC endpoints and ENI permissions decide what a function reaches.",
    params=PARAMS,
    runner=counted_by_output(_run),
    sources=SOURCES,
    work=fixed_work(40),
    budget=40,
)


# ---------------------------------------------------------------------------------------------- asks

_SHORT = ("the internet", "your VPC's private resources", "S3", "DynamoDB")
_SCENARIOS: list[dict[str, Any]] = [
    {"attached": False},
    {"attached": True, "subnet": "public", "internet_gateway": True},
    {"attached": True, "subnet": "private"},
    {"attached": True, "subnet": "private", "nat_gateway": True, "internet_gateway": True},
    {"attached": True, "subnet": "private", "endpoints": "s3-gateway"},
    {"attached": True, "subnet": "public", "internet_gateway": True, "endpoints": "dynamodb-gateway"},
    {"attached": True, "subnet": "private", "nat_gateway": True, "internet_gateway": False},
]


def _scenario(spec: dict[str, Any], seed: int) -> dict[str, Any]:
    """Parameters for a question: the spec's, or (when it sets none) one of a few telling setups."""
    base = {} if spec else _SCENARIOS[seed % len(_SCENARIOS)]
    return draw_params(SIMULATION, {**base, **spec}, seed)


def _set_text(flags: tuple[bool, ...]) -> str:
    names = [name for name, on in zip(_SHORT, flags) if on]
    if not names:
        return "None of them"
    text = names[0] + " only" if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return text[0].upper() + text[1:]


def _build_reachable(spec: dict[str, Any], seed: int) -> GeneratedQuestion:
    params = _scenario(spec, seed)
    result = SIMULATION.runner(params, seed)
    truth = tuple(r.reachable for r in reach(params)[:4])
    correct = (_set_text(truth), "; ".join(f"{d}: {r.path}" for d, r in zip(_SHORT, reach(params)[:4])))
    mistakes = (
        "That gets the internet wrong: only a private subnet with a NAT gateway (or no VPC at all) reaches it.",
        "That gets your VPC wrong: only a function attached to the VPC reaches its private resources.",
        "That gets S3 wrong: without NAT a VPC function needs the S3 gateway endpoint.",
        "That gets DynamoDB wrong: without NAT a VPC function needs the DynamoDB gateway endpoint.",
    )
    distractors = []
    for flip in (0, 1, 2, 3):  # each wrong answer gets one destination wrong, a typical mistake
        wrong = tuple(not on if index == flip else on for index, on in enumerate(truth))
        distractors.append((_set_text(wrong), mistakes[flip]))
    stem = (
        f"A Lambda function is {_setup(params)}. Which of these can it reach: the internet, your VPC's private "
        "resources, S3, DynamoDB?"
    )
    explanation = "\n".join(f"{k}: {v}" for k, v in list(result.summary.items())[:5])
    return GeneratedQuestion(stem, make_choices(correct, distractors, seed), explanation, result)


def _build_internet_fix(spec: dict[str, Any], seed: int) -> GeneratedQuestion:
    """A VPC function cannot call a third-party API: what gives it internet access?"""
    params = draw_params(SIMULATION, {"attached": True, "subnet": ["public", "private"], **spec}, seed)
    result = SIMULATION.runner(params, seed)
    internet = reach(params)[0]
    fixed = dict(params, subnet="private", nat_gateway=True, internet_gateway=True, outbound_allowed=True,
                 eni_permissions=True)
    assert reach(fixed)[0].reachable  # the fix the correct answer names must work in the model
    if internet.reachable:
        correct = ("Nothing: it already reaches the internet", internet.path)
    else:
        correct = (
            "Private subnets routing 0.0.0.0/0 to a NAT gateway in a public subnet with an internet gateway",
            "That is the one path from a VPC function to the internet.",
        )
    distractors = [
        ("Move it to a public subnet with a route to the internet gateway",
         "A public subnet gives a Lambda function neither internet access nor a public IP."),
        ("Add a gateway VPC endpoint for S3", "Endpoints reach AWS services privately, not the internet."),
        ("Attach the AWSLambdaVPCAccessExecutionRole policy",
         "That lets Lambda create the ENIs; it does not route traffic to the internet."),
        ("Give the function a function URL", "A function URL lets callers in; it does not let the function out."),
    ]
    stem = f"A Lambda function is {_setup(params)}. It must call a third-party HTTPS API. What gives it access?"
    explanation = "\n".join(f"{k}: {v}" for k, v in list(result.summary.items())[:2])
    return GeneratedQuestion(stem, make_choices(correct, distractors, seed), explanation, result)


ASKS: dict[str, Ask] = {
    "reachable": Ask("Which of the internet, the VPC, S3 and DynamoDB a function reaches", _build_reachable),
    "internet_fix": Ask("What gives a VPC function internet access", _build_internet_fix),
}
