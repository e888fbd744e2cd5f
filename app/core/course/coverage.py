"""How much of the real exam a course covers, from the `skills:` its sections and questions declare.

Every task statement and skill of the course's exam guide is mapped to the sections that teach it and the
questions that test it. A skill counts as covered when at least one question tests it: reading about a skill
without ever being asked about it is not evidence of being ready for it. The share of the real exam the course
covers is then

    Σ over domains of (the domain's weight × the fraction of its skills covered)

which treats the skills of a domain as equally likely on the exam; the guide publishes no finer weights.
`coldstart stats coverage` prints it, and docs/exam-coverage.md is generated from `to_markdown`.

Everything here counts the **exam pool**: the questions an exam may draw, i.e. the bank less its practice-only
questions (`exam: false`). A practice-only question tests no skill of the guide, so it cannot cover one, and
it never sits an exam, so it takes no part in the exam's mix of domains. The floors a course for the exam should
meet are checked over the same pool (`floor_problems`): every task statement taught by a section and tested by
`TASK_MIN_QUESTIONS` questions, every skill in scope tested, and the pool's domain mix within
`MIX_TOLERANCE_POINTS` of the exam's weights.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from .model import Course, ExamGuide, GuideDomain, GuideSkill, TaskStatement

TASK_MIN_SECTIONS = 1  # sections that teach a task statement
TASK_MIN_QUESTIONS = 8  # exam-pool questions that test a task statement
MIX_TOLERANCE_POINTS = 3.0  # how far a domain's share of the pool may stray from its exam weight, in points
T = TypeVar("T")


@dataclass(frozen=True)
class SectionRef:
    topic_id: str
    section_id: str
    title: str

    def __str__(self) -> str:
        return f"{self.topic_id}/{self.section_id}"


@dataclass(frozen=True)
class SkillCoverage:
    skill: GuideSkill
    sections: tuple[SectionRef, ...]
    questions: tuple[str, ...]  # question ids, in the course's order

    @property
    def covered(self) -> bool:
        return bool(self.questions)


@dataclass(frozen=True)
class TaskCoverage:
    task: TaskStatement
    skills: tuple[SkillCoverage, ...]

    @property
    def sections(self) -> tuple[SectionRef, ...]:
        return _unique(s for skill in self.skills for s in skill.sections)

    @property
    def questions(self) -> tuple[str, ...]:
        return _unique(q for skill in self.skills for q in skill.questions)


@dataclass(frozen=True)
class DomainCoverage:
    domain: GuideDomain
    tasks: tuple[TaskCoverage, ...]
    bank_questions: int  # questions of the course in this domain, tagged or not, practice-only included
    pool_questions: int  # the exam pool's questions in this domain: what an exam may draw

    @property
    def skills(self) -> tuple[SkillCoverage, ...]:
        return tuple(s for t in self.tasks for s in t.skills)

    @property
    def covered_skills(self) -> int:
        return sum(s.covered for s in self.skills)

    @property
    def fraction_covered(self) -> float:
        return self.covered_skills / len(self.skills) if self.skills else 0.0

    @property
    def exam_share(self) -> float:
        """This domain's part of the real exam that the course covers, as a fraction of the whole exam."""
        return self.domain.weight / 100 * self.fraction_covered


@dataclass(frozen=True)
class ExamCoverage:
    guide: ExamGuide
    domains: tuple[DomainCoverage, ...]
    questions_total: int
    questions_untagged: tuple[str, ...]
    questions_practice_only: tuple[str, ...]  # `exam: false`: outside the exam pool
    sections_total: int
    sections_untagged: int

    @property
    def exam_share(self) -> float:
        """Σ over domains of weight × fraction of the domain's skills that some question tests (0 to 1)."""
        return sum(d.exam_share for d in self.domains)

    @property
    def skills(self) -> tuple[SkillCoverage, ...]:
        return tuple(s for d in self.domains for s in d.skills)

    @property
    def in_scope_without_question(self) -> tuple[SkillCoverage, ...]:
        return tuple(s for s in self.skills if s.skill.in_scope and not s.covered)

    @property
    def out_of_scope(self) -> tuple[SkillCoverage, ...]:
        return tuple(s for s in self.skills if not s.skill.in_scope)

    @property
    def pool_total(self) -> int:
        """The exam pool's size: every question but the practice-only ones."""
        return self.questions_total - len(self.questions_practice_only)

    def bank_share(self, domain: DomainCoverage) -> float:
        """The share of the course's questions that belong to `domain` (the bank's domain mix)."""
        return domain.bank_questions / self.questions_total if self.questions_total else 0.0

    def pool_share(self, domain: DomainCoverage) -> float:
        """The share of the exam pool that belongs to `domain` (the mix a full exam draws from)."""
        return domain.pool_questions / self.pool_total if self.pool_total else 0.0

    def mix_off_by(self, domain: DomainCoverage) -> float:
        """How many points the pool's share of `domain` lies above (+) or below (−) its exam weight."""
        return self.pool_share(domain) * 100 - domain.domain.weight

    def floor_problems(self) -> list[str]:
        """What keeps the exam pool from the floors, one sentence each; empty when every floor holds."""
        problems = []
        for d in self.domains:
            for t in d.tasks:
                if len(t.sections) < TASK_MIN_SECTIONS or len(t.questions) < TASK_MIN_QUESTIONS:
                    problems.append(
                        f"task {t.task.id} has {_count(len(t.sections), 'section')} and "
                        f"{_count(len(t.questions), 'exam-pool question')}; the floor is {TASK_MIN_SECTIONS} and "
                        f"{TASK_MIN_QUESTIONS}"
                    )
        problems += [f"skill {s.skill.id} is in scope but no exam-pool question tests it"
                     for s in self.in_scope_without_question]
        for d in self.domains:
            if abs(self.mix_off_by(d)) > MIX_TOLERANCE_POINTS:
                problems.append(
                    f"{d.domain.name} is {self.pool_share(d):.1%} of the exam pool; the exam weighs it "
                    f"{d.domain.weight:g}% (±{MIX_TOLERANCE_POINTS:g} points)"
                )
        return problems

    def headline(self) -> str:
        covered = sum(s.covered for s in self.skills)
        return (
            f"The course tests {covered} of the {len(self.skills)} skills of the {self.guide.title} "
            f"(version {self.guide.version}): about {self.exam_share:.0%} of the real exam."
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "guide": {"title": self.guide.title, "exam": self.guide.exam, "version": self.guide.version,
                      "published": self.guide.published, "url": self.guide.url},
            "exam_share": round(self.exam_share, 4),
            "skills_total": len(self.skills),
            "skills_covered": sum(s.covered for s in self.skills),
            "questions_total": self.questions_total,
            "questions_untagged": list(self.questions_untagged),
            "pool_total": self.pool_total,
            "questions_practice_only": list(self.questions_practice_only),
            "floor_problems": self.floor_problems(),
            "sections_total": self.sections_total,
            "sections_untagged": self.sections_untagged,
            "in_scope_without_question": [s.skill.id for s in self.in_scope_without_question],
            "domains": [
                {
                    "id": d.domain.id,
                    "number": d.domain.number,
                    "name": d.domain.name,
                    "weight": d.domain.weight,
                    "skills_total": len(d.skills),
                    "skills_covered": d.covered_skills,
                    "fraction_covered": round(d.fraction_covered, 4),
                    "exam_share": round(d.exam_share, 4),
                    "bank_questions": d.bank_questions,
                    "bank_share": round(self.bank_share(d), 4),
                    "pool_questions": d.pool_questions,
                    "pool_share": round(self.pool_share(d), 4),
                    "tasks": [
                        {
                            "id": t.task.id,
                            "title": t.task.title,
                            "sections": [str(s) for s in t.sections],
                            "questions": len(t.questions),
                            "skills": [
                                {
                                    "id": s.skill.id,
                                    "text": s.skill.text,
                                    "in_scope": s.skill.in_scope,
                                    **({"out_of_scope": s.skill.out_of_scope} if not s.skill.in_scope else {}),
                                    "sections": [str(r) for r in s.sections],
                                    "questions": list(s.questions),
                                }
                                for s in t.skills
                            ],
                        }
                        for t in d.tasks
                    ],
                }
                for d in self.domains
            ],
        }

    def to_markdown(self) -> str:
        """docs/exam-coverage.md: the whole map, for readers and reviewers of the course."""
        guide = self.guide
        lines = [
            "# Exam coverage",
            "",
            "<!-- Generated by `coldstart stats coverage --markdown`; a test keeps it current. Do not edit by hand. -->",
            "",
            f"Mapped to the [{guide.title}]({guide.url}), version {guide.version}"
            + (f" ({guide.published})" if guide.published else "") + ".",
            "Each section and question of the course declares the exam-guide skills it teaches and tests "
            "(`skills:`); a skill counts as covered when at least one question tests it.",
            "",
            f"**{self.headline()}** The share is Σ over domains of the domain's weight × the fraction of its "
            "skills covered.",
            "",
            "| Domain | Weight | Skills covered | Share of the exam covered | Exam pool | Bank |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for d in self.domains:
            lines.append(
                f"| {d.domain.number}. {d.domain.name} | {d.domain.weight:g}% | {d.covered_skills} of {len(d.skills)} "
                f"| {d.exam_share:.1%} | {d.pool_questions} ({self.pool_share(d):.1%}) | {d.bank_questions} |"
            )
        lines.append(f"| **Total** | 100% | {sum(s.covered for s in self.skills)} of {len(self.skills)} "
                     f"| **{self.exam_share:.1%}** | {self.pool_total} | {self.questions_total} |")
        lines += ["", f"The exam pool is the bank less its {len(self.questions_practice_only)} practice-only "
                  "questions (`exam: false`), which topic practice asks but no exam draws; question counts "
                  "below are of the pool.",
                  f"{len(self.questions_untagged)} of {self.questions_total} questions and "
                  f"{self.sections_untagged} of {self.sections_total} sections declare no skill.", ""]
        floors = self.floor_problems()
        lines += ["## Floors", "",
                  f"Every task statement taught by at least {_count(TASK_MIN_SECTIONS, 'section')} and tested by "
                  f"{TASK_MIN_QUESTIONS} exam-pool questions; every skill in scope tested; each domain's share of "
                  f"the pool within {MIX_TOLERANCE_POINTS:g} points of its weight.", ""]
        lines += [f"- {problem}" for problem in floors] or ["All floors hold."]
        lines.append("")
        missing = self.in_scope_without_question
        lines += ["## Skills in scope without a question", ""]
        lines += [f"- {s.skill.id} {s.skill.text}" for s in missing] or ["None."]
        lines += ["", "## Skills outside the course's scope", ""]
        lines += [f"- {s.skill.id} {s.skill.text} — {s.skill.out_of_scope}" for s in self.out_of_scope] or ["None."]
        for d in self.domains:
            lines += ["", f"## Domain {d.domain.number}: {d.domain.name} ({d.domain.weight:g}%)"]
            for t in d.tasks:
                lines += ["", f"### Task {t.task.id}: {t.task.title}", "",
                          f"{len(t.sections)} section(s), {len(t.questions)} exam-pool question(s).", "",
                          "| Skill | Sections | Questions |", "|---|---|---|"]
                for s in t.skills:
                    text = s.skill.text + ("" if s.skill.in_scope else f" *(out of scope: {s.skill.out_of_scope})*")
                    sections = ", ".join(f"`{r}`" for r in s.sections) or "—"
                    questions = f"{len(s.questions)}: " + ", ".join(s.questions) if s.questions else "—"
                    lines.append(f"| **{s.skill.id}** {_cell(text)} | {sections} | {questions} |")
        return "\n".join(lines) + "\n"


def exam_coverage(course: Course) -> ExamCoverage | None:
    """The coverage map of `course`, or None when it names no exam guide (worked out once per course)."""
    return course.derived("exam_coverage", _work_out_exam_coverage)


def _work_out_exam_coverage(course: Course) -> ExamCoverage | None:
    guide = course.exam_guide
    if guide is None:
        return None
    sections: dict[str, list[SectionRef]] = {}
    section_count = untagged_sections = 0
    for topic in course.topics:
        for section in topic.sections:
            section_count += 1
            untagged_sections += not section.skills
            for skill_id in section.skills:
                sections.setdefault(skill_id, []).append(SectionRef(topic.id, section.id, section.title))
    pool = course.exam_questions
    questions: dict[str, list[str]] = {}
    for question in pool:
        for skill_id in question.skills:
            questions.setdefault(skill_id, []).append(question.id)

    def skill_coverage(skill: GuideSkill) -> SkillCoverage:
        return SkillCoverage(skill, tuple(sections.get(skill.id, ())), tuple(questions.get(skill.id, ())))

    domains = tuple(
        DomainCoverage(
            domain,
            tuple(TaskCoverage(task, tuple(skill_coverage(s) for s in task.skills)) for task in domain.tasks),
            sum(q.domain == domain.id for q in course.questions),
            sum(q.domain == domain.id for q in pool),
        )
        for domain in guide.domains
    )
    return ExamCoverage(
        guide=guide,
        domains=domains,
        questions_total=len(course.questions),
        questions_untagged=tuple(q.id for q in course.questions if not q.skills),
        questions_practice_only=tuple(q.id for q in course.questions if not q.exam),
        sections_total=section_count,
        sections_untagged=untagged_sections,
    )


def _unique(items: Iterable[T]) -> tuple[T, ...]:
    """The items without repeats, in their first order."""
    return tuple(dict.fromkeys(items))


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")
