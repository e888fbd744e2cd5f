"""CloudFront Functions, Lambda@Edge, or neither: each requirement against the AWS comparison table.

Rules (lambda-facts.md §5, the AWS table "Choosing between CloudFront Functions and Lambda@Edge"):

| | CloudFront Functions | Lambda@Edge |
|---|---|---|
| Language | JavaScript (ES 5.1 with some ES 6-12) | Node.js and Python |
| Triggers | viewer request, viewer response | viewer request/response, origin request/response |
| Scale | 10,000,000+ requests/s | up to 10,000 requests/s per Region |
| Max execution time | sub-millisecond | 5 s (viewer triggers), 30 s (origin triggers) |
| Max memory | 2 MB | 128 MB (viewer); origin: 10,240 MB in newer material, 3,008 MB in the archived table [VERIFY] |
| Max code and libraries | 10 KB | 1 MB (viewer), 50 MB (origin) |
| Network, file system, request body | no | yes |
| Geolocation and device data | yes | not at viewer request; yes at the other triggers |
| Pricing | free tier; per request | no free tier; per request and duration |

Pick Lambda@Edge when a requirement rules CloudFront Functions out (an origin trigger; network, file
system or body access; more than about 1 ms, 2 MB or 10 KB; Python or third-party libraries); otherwise
CloudFront Functions, which is cheaper and scales furthest. When neither fits, the job belongs behind the
origin: a regional Lambda function (up to 15 minutes, 10,240 MB, 250 MB unzipped or a 10 GB container
image, §8) behind API Gateway or an ALB as CloudFront's origin, or a service beyond Lambda past 15 minutes.

Presets fill the requirements for typical jobs; a requirement set to anything other than its default
overrides the preset. view="decision": one row per requirement, marked deciding when it rules an option out
(or, when both fit, the cost row that makes CloudFront Functions the choice).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .base import DecisionRow, Event, SimResult, Simulation, counted_by_output, fixed_work
from .generate import Ask, GeneratedQuestion, draw_params, make_choices
from .params import Param

SOURCES = (
    "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-functions-choosing.html",
    "https://github.com/awsdocs/amazon-cloudfront-developer-guide/blob/main/doc_source/edge-functions.md",
    "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html",
    "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-at-edge-function-restrictions.html",
    "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html",
)

CFF, LAE = "CloudFront Functions", "Lambda@Edge"
VIEWER_TRIGGERS = ("viewer-request", "viewer-response")
TRIGGERS = (*VIEWER_TRIGGERS, "origin-request", "origin-response")

# The comparison table, as numbers the rules use.
CFF_MAX_EXEC_MS = 1.0  # "sub-millisecond"; the decision rules say "more than about 1 ms" rules it out
CFF_MAX_MEMORY_MB = 2
CFF_MAX_PACKAGE_KB = 10
LAE_MAX_EXEC_MS = {"viewer": 5_000, "origin": 30_000}
LAE_MAX_MEMORY_MB = {"viewer": 128, "origin": 10_240}  # origin: [VERIFY]; the archived AWS table says 3,008
LAE_ARCHIVED_ORIGIN_MEMORY_MB = 3_008
LAE_MAX_PACKAGE_KB = {"viewer": 1_024, "origin": 50 * 1024}
LAE_MAX_RPS = 10_000  # per Region
CFF_MIN_RPS = 10_000_000  # "10,000,000+"
LAMBDA_MAX_EXEC_MS = 900_000  # a regional function's 15-minute timeout
LAMBDA_MAX_MEMORY_MB = 10_240

PARAMS: tuple[Param, ...] = (
    Param("preset", "Use case", "choice", "custom", choices=(
        "custom", "cache-key-normalization", "header-manipulation", "url-rewrite-redirect", "jwt-validation",
        "ab-testing-cookie", "geolocation-content", "image-resize-origin-response", "external-auth-api",
        "request-body-inspection", "python-personalization", "video-transcode",
    ), help="fills the requirements for a typical job; requirements you set yourself win"),
    Param("language", "Language", "choice", "javascript", choices=("javascript", "python", "other")),
    Param("third_party_libraries", "Third-party libraries", "bool", False),
    Param("trigger", "Trigger", "choice", "viewer-request", choices=TRIGGERS),
    Param("max_exec_ms", "Execution time", "float", 0.5, unit="ms", minimum=0.01, maximum=3_600_000),
    Param("memory_mb", "Memory needed", "float", 1.0, unit="MB", minimum=0.1, maximum=20_000),
    Param("package_kb", "Code and libraries", "float", 2.0, unit="KB", minimum=0.1, maximum=20_000_000),
    Param("network", "Network access (calls other services)", "bool", False),
    Param("file_system", "File system access", "bool", False),
    Param("request_body", "Reads the request body", "bool", False),
    Param("geolocation", "Needs geolocation or device data", "bool", False),
    Param("request_rate", "Peak requests per second", "int", 1_000, unit="req/s", minimum=1, maximum=100_000_000),
    Param("cost_sensitive", "Cost matters", "bool", True),
)
_DEFAULTS = {p.name: p.default for p in PARAMS}

PRESETS: dict[str, tuple[str, dict[str, Any]]] = {
    "custom": ("your own requirements", {}),
    "cache-key-normalization": ("normalise headers and query strings into a better cache key", {}),
    "header-manipulation": ("add security headers to every response", {"trigger": "viewer-response"}),
    "url-rewrite-redirect": ("rewrite URLs or redirect old paths", {}),
    "jwt-validation": ("validate a JWT in the request before it reaches the cache", {"max_exec_ms": 0.8}),
    "ab-testing-cookie": ("pick an A/B variant from a cookie", {}),
    "geolocation-content": ("serve different content by the viewer's country", {"geolocation": True}),
    "image-resize-origin-response": (
        "resize images with an image library when the origin returns them",
        {"trigger": "origin-response", "max_exec_ms": 2_000, "memory_mb": 1_024, "package_kb": 20_000,
         "network": True, "third_party_libraries": True},
    ),
    "external-auth-api": (
        "check each request against an external authorisation service",
        {"max_exec_ms": 300, "memory_mb": 64, "package_kb": 300, "network": True},
    ),
    "request-body-inspection": (
        "inspect POST bodies for bad input before they reach the origin",
        {"max_exec_ms": 20, "memory_mb": 64, "package_kb": 50, "request_body": True},
    ),
    "python-personalization": (
        "personalise pages with Python code at the origin request",
        {"language": "python", "trigger": "origin-request", "max_exec_ms": 150, "memory_mb": 256,
         "package_kb": 2_000, "network": True},
    ),
    "video-transcode": (
        "transcode uploaded videos",
        {"trigger": "origin-request", "max_exec_ms": 300_000, "memory_mb": 3_008, "package_kb": 200_000,
         "network": True, "file_system": True, "third_party_libraries": True},
    ),
}


def requirements(params: dict[str, Any]) -> dict[str, Any]:
    """The requirements in force: the preset's, with every parameter set away from its default on top."""
    merged = dict(_DEFAULTS)
    merged.update(PRESETS[params["preset"]][1])
    merged.update({k: v for k, v in params.items() if k != "preset" and v != _DEFAULTS.get(k)})
    merged["preset"] = params["preset"]
    return merged


@dataclass(frozen=True)
class Check:
    """One requirement against both options: what each allows and whether each fits."""

    requirement: str
    value: str
    cff: str
    lae: str
    cff_ok: bool
    lae_ok: bool
    why: str  # why the requirement rules something out (empty when it does not)
    beyond_lambda: bool = False  # too much even for a regional Lambda function
    note: str = ""


def _side(trigger: str) -> str:
    return "viewer" if trigger in VIEWER_TRIGGERS else "origin"


def checks(req: dict[str, Any]) -> list[Check]:
    """Every requirement against the comparison table, in table order."""
    trigger = req["trigger"]
    side = _side(trigger)
    language = req["language"]
    exec_ms, memory, package = req["max_exec_ms"], req["memory_mb"], req["package_kb"]
    lae_exec, lae_mem, lae_pkg = LAE_MAX_EXEC_MS[side], LAE_MAX_MEMORY_MB[side], LAE_MAX_PACKAGE_KB[side]
    out = [
        Check("Language", language, "JavaScript (ES 5.1 with some ES 6-12)", "Node.js and Python",
              language == "javascript", language in ("javascript", "python"),
              {"python": "CloudFront Functions run only JavaScript",
               "other": "edge functions run only JavaScript (CloudFront Functions) or Node.js and Python (Lambda@Edge)",
               }.get(language, "")),
        Check("Third-party libraries", _yes(req["third_party_libraries"]), "not available", "available",
              not req["third_party_libraries"], True,
              "third-party libraries need Lambda@Edge" if req["third_party_libraries"] else ""),
        Check("Trigger", trigger, "viewer request and viewer response", "all four: viewer and origin, request and response",
              trigger in VIEWER_TRIGGERS, True,
              "" if trigger in VIEWER_TRIGGERS else "CloudFront Functions cannot run on origin triggers"),
        Check("Execution time", f"{exec_ms:,g} ms", "sub-millisecond (about 1 ms at most)",
              f"{lae_exec // 1000} s on {side} triggers (viewer 5 s, origin 30 s)",
              exec_ms <= CFF_MAX_EXEC_MS, exec_ms <= lae_exec,
              _limit_why(exec_ms > CFF_MAX_EXEC_MS, exec_ms > lae_exec, "runs", f"{exec_ms:,g} ms",
                         "about 1 ms", f"{lae_exec // 1000} s at {side} triggers"),
              beyond_lambda=exec_ms > LAMBDA_MAX_EXEC_MS),
        Check("Memory", f"{memory:,g} MB", "2 MB",
              "128 MB on viewer triggers; origin triggers up to 10,240 MB (newer material) or 3,008 MB "
              "(archived AWS table) [VERIFY]",
              memory <= CFF_MAX_MEMORY_MB, memory <= lae_mem,
              _limit_why(memory > CFF_MAX_MEMORY_MB, memory > lae_mem, "needs", f"{memory:,g} MB", "2 MB",
                         f"{lae_mem:,} MB at {side} triggers"),
              beyond_lambda=memory > LAMBDA_MAX_MEMORY_MB,
              note=("[VERIFY] the archived AWS table allows only 3,008 MB at origin triggers"
                    if side == "origin" and memory > LAE_ARCHIVED_ORIGIN_MEMORY_MB else "")),
        Check("Code and libraries", f"{package:,g} KB", "10 KB", "1 MB on viewer triggers, 50 MB on origin triggers",
              package <= CFF_MAX_PACKAGE_KB, package <= lae_pkg,
              _limit_why(package > CFF_MAX_PACKAGE_KB, package > lae_pkg, "is", f"{package:,g} KB", "10 KB",
                         f"{lae_pkg // 1024:,} MB at {side} triggers")),
        _flag("Network access", req["network"], "network access"),
        _flag("File system access", req["file_system"], "file system access"),
        _flag("Request body access", req["request_body"], "access to the request body"),
        Check("Geolocation and device data", _yes(req["geolocation"]), "yes",
              "not at viewer request; yes at the other three triggers",
              True, not (req["geolocation"] and trigger == "viewer-request"),
              "Lambda@Edge gets no geolocation or device data at viewer request"
              if req["geolocation"] and trigger == "viewer-request" else ""),
        Check("Request rate", f"{req['request_rate']:,}/s", "10,000,000+ requests/s",
              "up to 10,000 requests/s per Region",
              True, req["request_rate"] <= LAE_MAX_RPS,
              "Lambda@Edge handles up to 10,000 requests/s per Region" if req["request_rate"] > LAE_MAX_RPS else ""),
    ]
    return out


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _flag(name: str, needed: bool, what: str) -> Check:
    return Check(name, _yes(needed), "not available", "available", not needed, True,
                 f"CloudFront Functions have no {what}" if needed else "")


def _limit_why(over_cff: bool, over_lae: bool, verb: str, value: str, cff_limit: str, lae_limit: str) -> str:
    if over_lae:
        return f"it {verb} {value}: more than CloudFront Functions ({cff_limit}) or Lambda@Edge ({lae_limit}) allow"
    if over_cff:
        return f"it {verb} {value}: more than CloudFront Functions allow ({cff_limit})"
    return ""


@dataclass(frozen=True)
class Verdict:
    """The choice and what to use when neither edge option fits."""

    choice: str  # CloudFront Functions | Lambda@Edge | Neither
    reason: str
    instead: str = ""


def decide(req: dict[str, Any], rows: list[Check]) -> Verdict:
    """CloudFront Functions if everything fits it, else Lambda@Edge if everything fits that, else neither."""
    if all(c.cff_ok for c in rows):
        return Verdict(CFF, "every requirement fits CloudFront Functions, the cheaper option with the highest scale")
    blockers = [c.why for c in rows if not c.cff_ok]
    if all(c.lae_ok for c in rows):
        return Verdict(LAE, "CloudFront Functions are ruled out: " + "; ".join(blockers))
    lae_blockers = [c.why for c in rows if not c.lae_ok]
    if any(c.beyond_lambda for c in rows):
        instead = ("not Lambda at all: the job is beyond a regional function's 15 minutes or 10,240 MB, so run it "
                   "on a container or batch service behind the origin")
    elif req["language"] == "other":
        instead = ("a regional Lambda function (any runtime, including OS-only runtimes) behind API Gateway or an "
                   "ALB as CloudFront's origin")
    else:
        instead = ("a regional Lambda function behind API Gateway or an ALB as CloudFront's origin: up to 15 "
                   "minutes, 10,240 MB, 250 MB unzipped or a 10 GB container image")
    side_hint = ""
    exec_check = next(c for c in rows if c.requirement == "Execution time")
    if _side(req["trigger"]) == "viewer" and not exec_check.lae_ok and req["max_exec_ms"] <= LAE_MAX_EXEC_MS["origin"]:
        side_hint = " (or Lambda@Edge on an origin trigger, which allows 30 s, if the job can run there)"
    return Verdict("Neither", "Lambda@Edge is ruled out too: " + "; ".join(lae_blockers), instead + side_hint)


def _run(params: dict[str, Any], seed: int) -> SimResult:
    req = requirements(params)
    rows = checks(req)
    verdict = decide(req, rows)
    both_fit = verdict.choice == CFF
    decision = [
        DecisionRow(
            requirement=c.requirement,
            value=c.value,
            options={CFF: c.cff + ("" if c.cff_ok else " - rules it out"),
                     LAE: c.lae + ("" if c.lae_ok else " - rules it out")},
            deciding=not (c.cff_ok and c.lae_ok),
            reason=c.why + (f"; {c.note}" if c.note else ""),
        )
        for c in rows
    ]
    decision.append(DecisionRow(
        requirement="Cost",
        value="matters" if req["cost_sensitive"] else "secondary",
        options={CFF: "free tier; charged per request", LAE: "no free tier; charged per request and duration"},
        deciding=both_fit,
        reason="both fit, so the cheaper CloudFront Functions win" if both_fit else "",
    ))
    description = PRESETS[req["preset"]][0]
    summary: dict[str, Any] = {
        "Job": description,
        "Choice": verdict.choice,
        "Why": verdict.reason,
    }
    if verdict.instead:
        summary["Use instead"] = verdict.instead
    summary["Deciding requirements"] = ", ".join(r.requirement for r in decision if r.deciding) or "none"
    if verdict.choice == LAE:
        summary["Deploying Lambda@Edge"] = (
            "author it in us-east-1 and reference a numbered version (not $LATEST or an alias); its role must "
            "trust edgelambda.amazonaws.com; no layers or container images; a viewer-response function cannot "
            "change the HTTP status code"
        )
    notes = [c.note for c in rows if c.note]
    if notes:
        summary["Caution"] = "; ".join(notes)
    events = (Event(0.0, "decision", f"{verdict.choice}: {verdict.reason}", "edge"),)
    return SimResult(
        simulation="edge-choice",
        params=params,
        seed=seed,
        events=events,
        summary=summary,
        view="decision",
        decision=tuple(decision),
        verdict=f"{verdict.choice}" + (f": use {verdict.instead}" if verdict.instead else f" for: {description}"),
    )


SIMULATION = Simulation(
    name="edge-choice",
    title="CloudFront Functions or Lambda@Edge?",
    summary="Each requirement against the AWS comparison table decides between the two edge options, or neither.",
    params=PARAMS,
    runner=counted_by_output(_run),
    sources=SOURCES,
    work=fixed_work(60),
    budget=60,
)


# ---------------------------------------------------------------------------------------------- asks

# Written to lengths that put whichever is right between a shorter and a longer choice (with the fourth
# choices below), so that no length strategy finds it.
_ANSWERS = {
    CFF: "CloudFront Functions, the lightweight runtime in each edge location",
    LAE: "Lambda@Edge, a Lambda function replicated to regional edge caches",
    "Neither": "Neither: a regional Lambda function that runs behind the origin server",
}


# A fourth choice per verdict: a tempting mistake that never names the right option.
_EXTRA_DISTRACTOR = {
    CFF: ("Lambda@Edge, as CloudFront Functions cannot change headers or cookies",
          "CloudFront Functions read and change headers, cookies and URLs at viewer request and response."),
    LAE: ("CloudFront Functions with higher memory and code-size limits",
          "CloudFront Functions have fixed limits of 2 MB of memory and 10 KB of code; no setting raises them."),
    "Neither": ("CloudFront Functions with a KeyValueStore that holds the extra lookup data",
                "A KeyValueStore holds data; it lifts none of the limits that rule CloudFront Functions out."),
}


def _build_which(spec: dict[str, Any], seed: int) -> GeneratedQuestion:
    presets = [p for p in PRESETS if p != "custom"]
    params = draw_params(SIMULATION, {"preset": presets, **spec}, seed)
    result = SIMULATION.runner(params, seed)
    req = requirements(params)
    rows = checks(req)
    verdict = decide(req, rows)
    answers = dict(_ANSWERS)
    if verdict.choice == "Neither" and any(c.beyond_lambda for c in rows):
        answers["Neither"] = "Neither: not even a regional function (past 15 minutes or 10,240 MB)"
        answers["regional"] = _ANSWERS["Neither"]
    correct = (answers[verdict.choice], verdict.reason + (f"; use {verdict.instead}" if verdict.instead else ""))

    def why_not(choice: str) -> str:
        if choice == "regional":
            return "A regional function stops at 15 minutes and 10,240 MB."
        blockers = [c.why for c in rows if not (c.cff_ok if choice == CFF else c.lae_ok)]
        if choice == "Neither" and not blockers:
            return "An edge option fits, so the job need not leave the edge."
        return "Ruled out: " + "; ".join(blockers) if blockers else "It fits, but CloudFront Functions fit too and cost less."

    distractors = [(text, why_not(choice)) for choice, text in answers.items() if choice != verdict.choice]
    distractors.append(_EXTRA_DISTRACTOR[verdict.choice])
    facts = [f"{c.requirement.lower()}: {c.value}" for c in rows
             if c.requirement in ("Language", "Trigger") or not (c.cff_ok and c.lae_ok)]
    stem = (
        f"A CloudFront distribution needs to {PRESETS[req['preset']][0]} ({'; '.join(facts)}). "
        "Which should run this logic?"
    )
    explanation = "\n".join(
        f"{r.requirement} ({r.value}): {r.reason or 'both fit'}" for r in result.decision if r.deciding
    ) + f"\nChoice: {verdict.choice}" + (f"; use {verdict.instead}." if verdict.instead else ".")
    return GeneratedQuestion(stem, make_choices(correct, distractors, seed), explanation, result)


def _build_exec_limit(spec: dict[str, Any], seed: int) -> GeneratedQuestion:
    params = draw_params(SIMULATION, {"trigger": list(TRIGGERS), **spec}, seed)
    result = SIMULATION.runner(params, seed)
    trigger = requirements(params)["trigger"]
    side = _side(trigger)
    limit = LAE_MAX_EXEC_MS[side] // 1000
    other = LAE_MAX_EXEC_MS["origin" if side == "viewer" else "viewer"] // 1000
    # Each duration with what it is the limit of (in sentences of similar length), so that neither the
    # answer's length nor its unit gives it away.
    correct = (f"{limit} seconds, the Lambda@Edge limit on {side} triggers",
               "Lambda@Edge allows 5 s on viewer triggers and 30 s on origin triggers.")
    distractors = [
        (f"{other} seconds, the Lambda@Edge limit on {side} triggers",
         f"That is the limit on {'origin' if side == 'viewer' else 'viewer'} triggers."),
        ("Under 1 millisecond, like a CloudFront Function", "That is CloudFront Functions."),
        ("15 minutes, the same timeout as a regional Lambda function",
         "That is a regional Lambda function's timeout, not Lambda@Edge's."),
        ("3 seconds, the default timeout of a new function", "That is a regional function's default timeout."),
    ]
    stem = f"What is the longest a Lambda@Edge function may run on the {trigger.replace('-', ' ')} trigger?"
    return GeneratedQuestion(stem, make_choices(correct, distractors, seed), correct[1], result)


ASKS: dict[str, Ask] = {
    "which_option": Ask("CloudFront Functions, Lambda@Edge or neither for a typical job", _build_which, version=2),
    "exec_limit": Ask("Lambda@Edge's maximum execution time on a trigger", _build_exec_limit, version=2),
}
