"""vpc-access: each rule of lambda-facts.md §10 (VPC internet access), then properties and the asks."""

from __future__ import annotations

import itertools

import pytest
from coldstart.core.sims import registry
from coldstart.core.sims.vpc_access import ASKS, DESTINATIONS, SIMULATION, reach
from hypothesis import given, settings
from hypothesis import strategies as st
from sim_checks import assert_deterministic, assert_time_ordered, build_checked

INTERNET, VPC, S3, DYNAMODB, OTHER, URL = range(6)


def can(**params) -> list[bool]:
    return [r.reachable for r in reach(SIMULATION.resolve(params))]


def test_it_is_registered_with_its_sources() -> None:
    assert registry.get("vpc-access") is SIMULATION
    assert "https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc-internet.html" in SIMULATION.sources


def test_a_function_outside_your_vpc_reaches_the_internet_but_not_your_vpc() -> None:
    """§10 rule 1: not attached, it runs in an AWS-owned VPC: internet yes, your private resources no."""
    reached = can(attached=False)
    assert reached[INTERNET] and not reached[VPC]
    assert reached[S3] and reached[DYNAMODB]


def test_an_attached_function_reaches_its_vpc() -> None:
    """§10 rule 2: attached, it can reach resources in that VPC."""
    assert can(attached=True)[VPC]


def test_a_public_subnet_gives_no_internet_access() -> None:
    """§10 rule 2: a public subnet gives a VPC function neither internet access nor a public IP."""
    result = SIMULATION.run({"attached": True, "subnet": "public", "internet_gateway": True, "nat_gateway": True})
    assert not can(attached=True, subnet="public", internet_gateway=True, nat_gateway=True)[INTERNET]
    assert "public IP" in result.summary[DESTINATIONS[INTERNET]]


def test_internet_needs_a_private_subnet_a_nat_gateway_and_an_internet_gateway() -> None:
    """§10 rule 3: private subnet → NAT gateway (in a public subnet) → internet gateway."""
    assert can(attached=True, subnet="private", nat_gateway=True, internet_gateway=True)[INTERNET]
    assert not can(attached=True, subnet="private", nat_gateway=False, internet_gateway=True)[INTERNET]
    assert not can(attached=True, subnet="private", nat_gateway=True, internet_gateway=False)[INTERNET]


def test_the_security_group_must_allow_outbound_traffic() -> None:
    """§10 rule 3: the security group must allow outbound traffic."""
    reached = can(attached=True, nat_gateway=True, internet_gateway=True, outbound_allowed=False)
    assert not any(reached[:URL])


@pytest.mark.parametrize(
    ("endpoint", "index"), [("s3-gateway", S3), ("dynamodb-gateway", DYNAMODB), ("interface", OTHER)]
)
def test_vpc_endpoints_reach_aws_services_without_nat(endpoint: str, index: int) -> None:
    """§10 rule 5: gateway endpoints for S3 and DynamoDB, interface endpoints for other services; no NAT."""
    without = can(attached=True, subnet="private")
    with_endpoint = can(attached=True, subnet="private", endpoints=endpoint)
    assert not without[index] and with_endpoint[index]
    assert not with_endpoint[INTERNET]  # an endpoint is not a way to the internet
    assert sum(with_endpoint) == sum(without) + 1


def test_endpoints_combine() -> None:
    reached = can(attached=True, endpoints="s3-gateway,dynamodb-gateway")
    assert reached[S3] and reached[DYNAMODB] and not reached[OTHER]


def test_without_eni_permissions_the_vpc_settings_cannot_be_applied() -> None:
    """§10 rule 7: the execution role needs the ENI permissions (e.g. AWSLambdaVPCAccessExecutionRole)."""
    result = SIMULATION.run({"attached": True, "eni_permissions": False})
    assert not any(can(attached=True, eni_permissions=False)[:URL])
    assert "ENI permissions" in result.verdict
    assert "AWSLambdaVPCAccessExecutionRole" in result.summary["Permissions"]


def test_hyperplane_enis_are_described() -> None:
    """§10 rule 6: Hyperplane ENIs per subnet + security group, reclaimed after 14 days idle (Inactive)."""
    text = SIMULATION.run({"attached": True}).summary["ENIs"]
    assert "subnet + security group" in text and "14 days" in text and "Inactive" in text


@pytest.mark.parametrize("attached", [True, False])
def test_function_urls_are_reachable_only_over_the_public_internet(attached: bool) -> None:
    """§10 rule 8: function URLs are reachable only over the public internet."""
    url = reach(SIMULATION.resolve({"attached": attached}))[URL]
    assert url.reachable and "public internet only" in url.path


def test_one_decision_row_per_destination_marking_the_blocked_ones() -> None:
    result = SIMULATION.run({"attached": True, "subnet": "public"})
    assert result.view == "decision"
    assert [row.requirement for row in result.decision] == list(DESTINATIONS)
    for row, reached in zip(result.decision, can(attached=True, subnet="public")):
        assert row.deciding == (not reached)
        assert row.value == ("reachable" if reached else "not reachable")
        assert set(row.options) == {"Path", "To fix"}


def test_every_setup_follows_the_internet_rule() -> None:
    """§10 rules 1-3 over every combination: internet iff outside a VPC, or private + NAT + IGW (and allowed)."""
    for attached, subnet, nat, igw, outbound, eni in itertools.product(
        (True, False), ("public", "private"), (True, False), (True, False), (True, False), (True, False)
    ):
        reached = can(attached=attached, subnet=subnet, nat_gateway=nat, internet_gateway=igw,
                      outbound_allowed=outbound, eni_permissions=eni)
        expected = (not attached) or (subnet == "private" and nat and igw and outbound and eni)
        assert reached[INTERNET] == expected
        assert reached[VPC] == (attached and outbound and eni)
        assert reached[URL]


@settings(max_examples=60, deadline=None)
@given(
    attached=st.booleans(), subnet=st.sampled_from(["public", "private"]), nat=st.booleans(), igw=st.booleans(),
    endpoints=st.lists(st.sampled_from(["s3-gateway", "dynamodb-gateway", "interface"]), unique=True),
    seed=st.integers(0, 1000),
)
def test_properties(attached, subnet, nat, igw, endpoints, seed) -> None:
    """Time never goes back; same run each time; an endpoint never takes a destination away."""
    params = {"attached": attached, "subnet": subnet, "nat_gateway": nat, "internet_gateway": igw,
              "endpoints": ",".join(endpoints) or "none"}
    result = assert_deterministic(SIMULATION, params, seed)
    assert_time_ordered(result)
    reached = can(**params)
    fewer = can(**{**params, "endpoints": "none"})
    assert all(r or not f for r, f in zip(reached, fewer))


@pytest.mark.parametrize("seed", range(8))
def test_reachable_ask_matches_the_run(seed: int) -> None:
    question, answer = build_checked(ASKS["reachable"], {}, seed)
    summary = question.result.summary
    reached = [summary[d].startswith("yes") for d in DESTINATIONS[:4]]
    names = [n for n, r in zip(("the internet", "your VPC's private resources", "S3", "DynamoDB"), reached) if r]
    assert (answer == "None of them") == (not names)
    for name in names:
        assert name.lower() in answer.lower()


@pytest.mark.parametrize("seed", range(6))
def test_internet_fix_ask_names_the_nat_path(seed: int) -> None:
    question, answer = build_checked(ASKS["internet_fix"], {}, seed)
    if question.result.summary[DESTINATIONS[INTERNET]].startswith("yes"):
        assert answer.startswith("Nothing")
    else:
        assert "NAT gateway" in answer


def test_asks_take_a_content_spec() -> None:
    _question, answer = build_checked(ASKS["reachable"], {"attached": False}, 0)
    assert answer == "The internet, S3 and DynamoDB"
