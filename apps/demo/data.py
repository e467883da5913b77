"""The demo that ``manage.py seed_demo`` loads: data only, no database access.

Its centre is the worked example of the career-mapping method (the seed document, section
"Career Mapping Example"): Maya Patel, a Customer Service Representative, aims to become a
Product Support Specialist. The two roles below carry that example's job descriptions and
skills word for word (curly apostrophes included), so the app can show it exactly.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from apps.learning.models import ResourceKind
from apps.roles.models import Importance, Track, TransitionKind

DEMO_PASSWORD = "careermap-demo"
DEMO_DOMAIN = "demo.careermap.test"
LARGE_DOMAIN = "large.careermap.test"

EMPLOYEE_LOGIN = f"employee@{DEMO_DOMAIN}"
MANAGER_LOGIN = f"manager@{DEMO_DOMAIN}"
DIRECTOR_LOGIN = f"director@{DEMO_DOMAIN}"
HR_LOGIN = f"hr@{DEMO_DOMAIN}"
ADMIN_LOGIN = f"admin@{DEMO_DOMAIN}"

# ---------------------------------------------------------------------------------------------
# The worked example, as the seed document words it.

WORKED_EXAMPLE_CURRENT_ROLE = "Customer Service Representative"
WORKED_EXAMPLE_TARGET_ROLE = "Product Support Specialist"
WORKED_EXAMPLE_EMPLOYEE = EMPLOYEE_LOGIN

CSR_RESPONSIBILITIES = (
    "Handle customer inquiries and complaints",
    "Provide information about products and services",
    "Maintain customer records by updating account information",
    "Resolve product or service problems by clarifying the customer’s complaint",  # noqa: RUF001
)
CSR_SKILLS = (
    "Strong communication skills",
    "Problem-solving abilities",
    "Customer relationship management (CRM) software proficiency",
    "Time management skills",
    "Basic computer skills",
)
PSS_RESPONSIBILITIES = (
    "Provide technical support and assistance to customers regarding product usage",
    "Troubleshoot and resolve product-related issues via phone, email, or chat",
    "Document and track support cases, ensuring timely resolution",
    "Collaborate with product development teams to identify and resolve product defects",
    "Develop and maintain knowledge base articles and support documentation",
    "Conduct training sessions for customers on product features and functionalities",
)
PSS_SKILLS = (
    "Technical proficiency in the specific product or software being supported",
    "Strong problem-solving and analytical skills",
    "Excellent communication and customer service skills",
    "Ability to explain technical concepts to non-technical users",
    "Experience with helpdesk software and support ticketing systems",
    "Knowledge of software troubleshooting and debugging techniques",
)

# The example's three goals, as written; ``maps`` puts them on Maya's map.
WORKED_EXAMPLE_GOALS = (
    "Gain technical proficiency in the product or software relevant to the support specialist "
    "role by completing targeted training and certification programs.",
    "Develop a thorough understanding of customer support processes and tools, including "
    "helpdesk software and support ticketing systems.",
    "Secure an entry-level position or internship as a product support specialist within a "
    "tech company to gain hands-on experience.",
)

# The seed text gives each goal as one sentence: that sentence is the goal's specific outcome,
# word for word. The other SMART parts are the demo employee's own words:
# (measurable, achievable, relevant, months to the target date), one per goal.
WORKED_EXAMPLE_SMART = (
    (
        "Pass the product certification exam with a score of 80% or more",
        "The certification programme runs alongside my job with two study hours a week agreed",
        "Product Support Specialists are expected to hold the product certification",
        4,
    ),
    (
        "Resolve 20 practice tickets in the helpdesk sandbox and shadow the support team "
        "for a week",
        "The support team lead has agreed to let me shadow and use the sandbox",
        "Helpdesk tools and ticketing are the daily work of the target role",
        7,
    ),
    (
        "An offer for a product support specialist role or internship",
        "Certification plus hands-on ticket experience make me a credible internal candidate",
        "It is the targeted role of this map",
        12,
    ),
)


@dataclass(frozen=True)
class PlanSection:
    heading: str
    actions: tuple[str, ...]


WORKED_EXAMPLE_DEVELOPMENT_PLAN = (
    PlanSection(
        "Educational Development",
        (
            "Enroll in product-specific training courses or certifications (e.g., Salesforce, "
            "Microsoft Certified: Dynamics 365 Fundamentals).",
            "Complete relevant coursework and earn certifications.",
        ),
    ),
    PlanSection(
        "Skill Enhancement",
        (
            "Practice using the product or software you aim to support, focusing on "
            "understanding its features and common issues.",
            "Participate in online forums and communities related to the product to gain "
            "insights and tips.",
        ),
    ),
)

# Maya's ratings: (self, manager or None). Strong in her current role, with real gaps for
# the target role so the gap view has something to say.
WORKED_EXAMPLE_RATINGS: dict[str, tuple[int, int | None]] = {
    "Strong communication skills": (4, 4),
    "Problem-solving abilities": (3, 3),
    "Customer relationship management (CRM) software proficiency": (4, 3),
    "Time management skills": (3, None),
    "Basic computer skills": (4, 4),
    "Technical proficiency in the specific product or software being supported": (2, 2),
    "Strong problem-solving and analytical skills": (3, None),
    "Excellent communication and customer service skills": (4, 4),
    "Ability to explain technical concepts to non-technical users": (2, None),
    "Experience with helpdesk software and support ticketing systems": (2, 2),
    "Knowledge of software troubleshooting and debugging techniques": (1, None),
}

# ---------------------------------------------------------------------------------------------
# Skills: a two-level category tree.


@dataclass(frozen=True)
class CategorySpec:
    name: str
    parent: str | None
    description: str


@dataclass(frozen=True)
class SkillSpec:
    name: str
    category: str
    description: str
    synonyms: tuple[str, ...] = ()


SKILL_CATEGORIES = (
    CategorySpec("Core Skills", None, "Skills every role draws on."),
    CategorySpec("Communication", "Core Skills", "Speaking, writing and listening."),
    CategorySpec("Problem Solving", "Core Skills", "Working out what is wrong and fixing it."),
    CategorySpec("Personal Effectiveness", "Core Skills", "Managing one's own work and growth."),
    CategorySpec("Digital Literacy", "Core Skills", "Everyday software and computer use."),
    CategorySpec("Customer & Support", None, "Serving and supporting customers."),
    CategorySpec("Customer Service", "Customer & Support", "Looking after customers directly."),
    CategorySpec(
        "Support Tools & Operations", "Customer & Support", "The tools and processes of support."
    ),
    CategorySpec("Technical", None, "Building and running the product."),
    CategorySpec("Software Engineering", "Technical", "Designing, writing and running software."),
    CategorySpec("Product Management", "Technical", "Deciding what to build and why."),
    CategorySpec("Data & Analytics", "Technical", "Turning data into decisions."),
    CategorySpec("Business", None, "Running and growing the business."),
    CategorySpec("Sales", "Business", "Finding and winning customers."),
    CategorySpec("Marketing", "Business", "Telling the market about us."),
    CategorySpec("Finance", "Business", "Money in, money out, and the plan."),
    CategorySpec("People & HR", "Business", "Hiring, looking after and developing staff."),
    CategorySpec("Operations Management", "Business", "Keeping the company running smoothly."),
    CategorySpec("Leadership", None, "Leading people and the organisation."),
    CategorySpec("People Leadership", "Leadership", "Leading and growing a team."),
    CategorySpec("Strategy & Change", "Leadership", "Setting direction and leading change."),
)

SKILLS = (
    # Communication
    SkillSpec(
        "Strong communication skills",
        "Communication",
        "Expresses ideas clearly and listens well, in speech and in writing.",
        ("Communication",),
    ),
    SkillSpec(
        "Ability to explain technical concepts to non-technical users",
        "Communication",
        "Makes technical ideas understandable without jargon.",
        ("Technical explanation",),
    ),
    SkillSpec("Written communication", "Communication", "Clear, concise emails, docs and replies."),
    SkillSpec("Presenting", "Communication", "Presents to groups with confidence and structure."),
    SkillSpec("Active listening", "Communication", "Listens to understand before responding."),
    SkillSpec("Negotiation", "Communication", "Reaches agreements that both sides accept."),
    SkillSpec(
        "Stakeholder management", "Communication", "Keeps the right people informed and aligned."
    ),
    # Problem solving
    SkillSpec(
        "Problem-solving abilities",
        "Problem Solving",
        "Works out what is wrong and finds a way to fix it.",
        ("Problem solving",),
    ),
    SkillSpec(
        "Strong problem-solving and analytical skills",
        "Problem Solving",
        "Breaks complex problems down and reasons from evidence.",
        ("Analytical skills",),
    ),
    SkillSpec("Critical thinking", "Problem Solving", "Questions assumptions and weighs evidence."),
    SkillSpec(
        "Root cause analysis", "Problem Solving", "Finds why something happened, not only what."
    ),
    # Personal effectiveness
    SkillSpec(
        "Time management skills",
        "Personal Effectiveness",
        "Plans and prioritises work to meet deadlines.",
        ("Time management",),
    ),
    SkillSpec("Attention to detail", "Personal Effectiveness", "Gets the small things right."),
    SkillSpec("Adaptability", "Personal Effectiveness", "Stays effective when things change."),
    SkillSpec("Continuous learning", "Personal Effectiveness", "Keeps learning and applies it."),
    # Digital literacy
    SkillSpec(
        "Basic computer skills",
        "Digital Literacy",
        "Uses a computer, email, browser and office software confidently.",
        ("Computer literacy",),
    ),
    SkillSpec("Spreadsheets", "Digital Literacy", "Formulas, pivots and charts in spreadsheets."),
    # Customer service
    SkillSpec(
        "Excellent communication and customer service skills",
        "Customer Service",
        "Communicates warmly and clearly and puts the customer's outcome first.",
        ("Customer service",),
    ),
    SkillSpec(
        "De-escalation", "Customer Service", "Calms upset customers and finds a way forward."
    ),
    SkillSpec("Customer empathy", "Customer Service", "Understands how the customer feels."),
    SkillSpec("Complaint handling", "Customer Service", "Resolves complaints fairly and quickly."),
    SkillSpec("Customer onboarding", "Customer Service", "Gets new customers to first success."),
    SkillSpec("Product knowledge", "Customer Service", "Knows what our products do and for whom."),
    # Support tools and operations
    SkillSpec(
        "Customer relationship management (CRM) software proficiency",
        "Support Tools & Operations",
        "Keeps customer records accurate and uses the CRM to its full extent.",
        ("CRM", "Salesforce", "HubSpot"),
    ),
    SkillSpec(
        "Experience with helpdesk software and support ticketing systems",
        "Support Tools & Operations",
        "Works cases through a helpdesk: triage, macros, SLAs and reporting.",
        ("Zendesk", "Freshdesk", "Ticketing"),
    ),
    SkillSpec(
        "Technical proficiency in the specific product or software being supported",
        "Support Tools & Operations",
        "Knows the supported product in depth, including its configuration and limits.",
        ("Product expertise",),
    ),
    SkillSpec(
        "Knowledge of software troubleshooting and debugging techniques",
        "Support Tools & Operations",
        "Reproduces issues, reads logs and isolates the cause of a defect.",
        ("Troubleshooting", "Debugging"),
    ),
    SkillSpec(
        "Knowledge base writing",
        "Support Tools & Operations",
        "Writes help articles customers can follow.",
    ),
    SkillSpec(
        "Support quality assurance",
        "Support Tools & Operations",
        "Reviews support conversations against a quality standard.",
    ),
    SkillSpec(
        "Service level management",
        "Support Tools & Operations",
        "Plans staffing and queues to meet response-time targets.",
    ),
    # Software engineering
    SkillSpec("Python", "Software Engineering", "Writes idiomatic, tested Python."),
    SkillSpec("JavaScript", "Software Engineering", "Builds browser features in JavaScript."),
    SkillSpec("SQL", "Software Engineering", "Queries and models relational data."),
    SkillSpec("Code review", "Software Engineering", "Gives and takes useful code review."),
    SkillSpec("Automated testing", "Software Engineering", "Writes tests that catch regressions."),
    SkillSpec("System design", "Software Engineering", "Designs systems that scale and last."),
    SkillSpec(
        "Cloud infrastructure", "Software Engineering", "Runs services on cloud infrastructure."
    ),
    SkillSpec("API design", "Software Engineering", "Designs clear, stable interfaces."),
    SkillSpec("Incident response", "Software Engineering", "Leads the response to an outage."),
    # Product management
    SkillSpec("Product discovery", "Product Management", "Finds problems worth solving."),
    SkillSpec("User research", "Product Management", "Learns from users through interviews."),
    SkillSpec("Roadmapping", "Product Management", "Plans and communicates what comes next."),
    SkillSpec("Requirements writing", "Product Management", "Specifies what to build, clearly."),
    SkillSpec("Prioritisation", "Product Management", "Chooses what matters most, and says no."),
    # Data and analytics
    SkillSpec("Data analysis", "Data & Analytics", "Answers questions with data."),
    SkillSpec("Data visualisation", "Data & Analytics", "Shows data so it is understood."),
    SkillSpec("Experiment design", "Data & Analytics", "Runs fair tests of an idea."),
    # Sales
    SkillSpec("Prospecting", "Sales", "Finds and qualifies potential customers."),
    SkillSpec("Sales pipeline management", "Sales", "Keeps deals moving and forecasts honestly."),
    SkillSpec("Consultative selling", "Sales", "Sells by understanding the buyer's problem."),
    SkillSpec("Account management", "Sales", "Grows long-term customer relationships."),
    # Marketing
    SkillSpec("Content marketing", "Marketing", "Creates content that attracts buyers."),
    SkillSpec("Digital marketing", "Marketing", "Runs paid, search and email campaigns."),
    SkillSpec("Market research", "Marketing", "Understands the market and competitors."),
    SkillSpec("Brand management", "Marketing", "Keeps the brand consistent and strong."),
    # Finance
    SkillSpec("Financial reporting", "Finance", "Produces accurate management accounts."),
    SkillSpec("Budgeting and forecasting", "Finance", "Plans spend and predicts results."),
    SkillSpec("Financial modelling", "Finance", "Builds models of the business."),
    SkillSpec("Accounts payable and receivable", "Finance", "Pays suppliers and collects on time."),
    # People and HR
    SkillSpec("Recruiting", "People & HR", "Finds and attracts the right candidates."),
    SkillSpec("Employee relations", "People & HR", "Handles concerns, grievances and conduct."),
    SkillSpec("Employment law", "People & HR", "Applies employment law correctly."),
    SkillSpec("Compensation and benefits", "People & HR", "Designs fair pay and benefits."),
    SkillSpec("Learning and development", "People & HR", "Designs ways for people to grow."),
    # Operations management
    SkillSpec("Process improvement", "Operations Management", "Makes processes simpler."),
    SkillSpec("Project management", "Operations Management", "Delivers projects on time."),
    SkillSpec("Vendor management", "Operations Management", "Chooses and manages suppliers."),
    SkillSpec("Risk and compliance", "Operations Management", "Keeps the company compliant."),
    # People leadership
    SkillSpec("Coaching", "People Leadership", "Helps others find their own answers and grow."),
    SkillSpec("Performance management", "People Leadership", "Sets goals and gives feedback."),
    SkillSpec("Delegation", "People Leadership", "Hands over work with the right context."),
    SkillSpec("Hiring and interviewing", "People Leadership", "Runs fair, useful interviews."),
    SkillSpec("Conflict resolution", "People Leadership", "Resolves disagreements constructively."),
    # Strategy and change
    SkillSpec("Strategic planning", "Strategy & Change", "Sets direction and plans to get there."),
    SkillSpec("Business acumen", "Strategy & Change", "Understands how the company makes money."),
    SkillSpec("Change management", "Strategy & Change", "Leads people through change."),
    SkillSpec("Decision making", "Strategy & Change", "Makes timely, well-reasoned decisions."),
)

# ---------------------------------------------------------------------------------------------
# Job families and roles.

CUSTOMER_SUPPORT = "Customer Support"
PRODUCT_ENGINEERING = "Product & Engineering"
SALES_MARKETING = "Sales & Marketing"
PEOPLE_FINANCE = "People & Finance"
OPERATIONS = "Operations"

JOB_FAMILIES = {
    CUSTOMER_SUPPORT: "Helping customers by phone, email and chat, and running the support desk.",
    PRODUCT_ENGINEERING: "Deciding, building, running and supporting the product.",
    SALES_MARKETING: "Finding customers, winning them and telling the market about us.",
    PEOPLE_FINANCE: "Looking after our people and our money.",
    OPERATIONS: "Running the company: processes, suppliers, facilities and leadership.",
}


@dataclass(frozen=True)
class Requirement:
    skill: str
    level: int
    importance: Importance
    weight: Decimal


def ess(skill: str, level: int, weight: str = "1.00") -> Requirement:
    return Requirement(skill, level, Importance.ESSENTIAL, Decimal(weight))


def des(skill: str, level: int, weight: str = "1.00") -> Requirement:
    return Requirement(skill, level, Importance.DESIRABLE, Decimal(weight))


@dataclass(frozen=True)
class RoleSpec:
    title: str
    family: str
    level: int
    track: Track
    summary: str
    responsibilities: tuple[str, ...]
    requirements: tuple[Requirement, ...]
    is_key_position: bool = False


IC, MANAGER = Track.INDIVIDUAL, Track.MANAGER

ROLES = (
    # Customer Support
    RoleSpec(
        WORKED_EXAMPLE_CURRENT_ROLE,
        CUSTOMER_SUPPORT,
        1,
        IC,
        "The first point of contact for customers: answers their questions, resolves their "
        "problems and keeps their records up to date.",
        CSR_RESPONSIBILITIES,
        (
            ess(CSR_SKILLS[0], 3, "1.50"),
            ess(CSR_SKILLS[1], 3),
            ess(CSR_SKILLS[2], 3),
            des(CSR_SKILLS[3], 3),
            ess(CSR_SKILLS[4], 2),
        ),
    ),
    RoleSpec(
        "Senior Customer Service Representative",
        CUSTOMER_SUPPORT,
        2,
        IC,
        "Takes the hardest customer cases and helps new representatives find their feet.",
        (
            "Handle escalated and complex customer cases",
            "Mentor new representatives during their first months",
            "Spot recurring issues and report them to the team lead",
            "Keep macros and canned replies accurate",
        ),
        (
            ess(CSR_SKILLS[0], 4),
            ess(CSR_SKILLS[1], 4),
            ess(CSR_SKILLS[2], 4),
            ess("De-escalation", 3),
            ess("Complaint handling", 4),
            des("Coaching", 2),
        ),
    ),
    RoleSpec(
        "Customer Support Quality Analyst",
        CUSTOMER_SUPPORT,
        3,
        IC,
        "Measures and raises the quality of support conversations.",
        (
            "Review a sample of conversations against the quality scorecard",
            "Report quality trends to support leadership every month",
            "Run calibration sessions with team leads",
            "Recommend training based on quality findings",
        ),
        (
            ess("Support quality assurance", 4, "1.50"),
            ess("Attention to detail", 4),
            ess("Data analysis", 3),
            des("Written communication", 3),
            des("Coaching", 2),
        ),
    ),
    RoleSpec(
        "Customer Support Team Lead",
        CUSTOMER_SUPPORT,
        3,
        MANAGER,
        "Leads a team of representatives and owns its service levels.",
        (
            "Lead, coach and schedule a team of six to ten representatives",
            "Own the team's response-time and satisfaction targets",
            "Handle escalations that representatives cannot resolve",
            "Hire and onboard new team members",
        ),
        (
            ess("Coaching", 3),
            ess("Performance management", 3),
            ess("Service level management", 3),
            ess("De-escalation", 4),
            ess(CSR_SKILLS[0], 4),
            des("Hiring and interviewing", 2),
        ),
    ),
    RoleSpec(
        "Customer Support Manager",
        CUSTOMER_SUPPORT,
        4,
        MANAGER,
        "Runs several support teams and the processes they share.",
        (
            "Manage the team leads of several support teams",
            "Plan staffing against forecast contact volumes",
            "Improve support processes and tooling",
            "Represent support in cross-functional planning",
        ),
        (
            ess("Performance management", 4),
            ess("Service level management", 4),
            ess("Stakeholder management", 3),
            ess("Process improvement", 3),
            des("Budgeting and forecasting", 2),
        ),
    ),
    RoleSpec(
        "Head of Customer Support",
        CUSTOMER_SUPPORT,
        5,
        MANAGER,
        "Leads customer support worldwide and answers for the customer experience.",
        (
            "Set the support strategy and targets",
            "Lead the support managers and team leads",
            "Own the support budget and headcount plan",
            "Bring the voice of the customer to the leadership team",
        ),
        (
            ess("Strategic planning", 4),
            ess("Stakeholder management", 4),
            ess("Performance management", 4),
            ess("Change management", 3),
            des("Budgeting and forecasting", 3),
            des("Customer empathy", 4),
        ),
        is_key_position=True,
    ),
    # Product & Engineering
    RoleSpec(
        WORKED_EXAMPLE_TARGET_ROLE,
        PRODUCT_ENGINEERING,
        2,
        IC,
        "Gives customers expert help with the product and feeds what they learn back to the "
        "product teams.",
        PSS_RESPONSIBILITIES,
        (
            ess(PSS_SKILLS[0], 4, "1.50"),
            ess(PSS_SKILLS[1], 4),
            ess(PSS_SKILLS[2], 4),
            ess(PSS_SKILLS[3], 3),
            des(PSS_SKILLS[4], 3),
            ess(PSS_SKILLS[5], 3),
        ),
    ),
    RoleSpec(
        "Senior Product Support Specialist",
        PRODUCT_ENGINEERING,
        3,
        IC,
        "Solves the hardest product problems and owns escalations to engineering.",
        (
            "Investigate the most complex product issues",
            "Escalate confirmed defects to engineering with a clear reproduction",
            "Own the support knowledge base for their product area",
            "Coach product support specialists",
        ),
        (
            ess(PSS_SKILLS[0], 5),
            ess(PSS_SKILLS[5], 4),
            ess("Root cause analysis", 4),
            des("SQL", 3),
            des("Knowledge base writing", 4),
            des("Coaching", 2),
        ),
    ),
    RoleSpec(
        "Software Engineer",
        PRODUCT_ENGINEERING,
        2,
        IC,
        "Builds and maintains features of the product.",
        (
            "Build features from design to production",
            "Write automated tests for the code they change",
            "Review teammates' code",
            "Take part in the on-call rota",
        ),
        (
            ess("Python", 3),
            ess("JavaScript", 3),
            ess("SQL", 3),
            ess("Automated testing", 3),
            des("Code review", 2),
        ),
    ),
    RoleSpec(
        "Senior Software Engineer",
        PRODUCT_ENGINEERING,
        3,
        IC,
        "Leads the technical side of projects and raises the team's engineering bar.",
        (
            "Lead the technical design of projects",
            "Break work down for the team",
            "Mentor engineers through review and pairing",
            "Improve the reliability of the services they own",
        ),
        (
            ess("Python", 4),
            ess("System design", 3),
            ess("Code review", 4),
            ess("Automated testing", 4),
            des("API design", 3),
            des("Coaching", 2),
        ),
    ),
    RoleSpec(
        "Staff Engineer",
        PRODUCT_ENGINEERING,
        4,
        IC,
        "Sets technical direction across teams.",
        (
            "Set technical direction for several teams",
            "Design the systems that cross team boundaries",
            "Lead the response to major incidents",
            "Grow senior engineers",
        ),
        (
            ess("System design", 5, "1.50"),
            ess("API design", 4),
            ess("Incident response", 4),
            des("Cloud infrastructure", 4),
            des("Stakeholder management", 3),
            des("Coaching", 3),
        ),
    ),
    RoleSpec(
        "Engineering Manager",
        PRODUCT_ENGINEERING,
        4,
        MANAGER,
        "Leads an engineering team and its delivery.",
        (
            "Lead and grow a team of engineers",
            "Plan and deliver the team's roadmap with product",
            "Hire engineers",
            "Keep the team's services healthy",
        ),
        (
            ess("Performance management", 4),
            ess("Hiring and interviewing", 4),
            ess("Coaching", 4),
            ess("Delegation", 3),
            des("System design", 3),
            des("Incident response", 3),
        ),
    ),
    RoleSpec(
        "Product Manager",
        PRODUCT_ENGINEERING,
        3,
        IC,
        "Decides what a product team builds next, and why.",
        (
            "Discover customer problems worth solving",
            "Write clear requirements with the team",
            "Prioritise the team's backlog",
            "Measure whether releases worked",
        ),
        (
            ess("Product discovery", 3),
            ess("User research", 3),
            ess("Prioritisation", 3),
            ess("Requirements writing", 3),
            des("Stakeholder management", 3),
            des("Data analysis", 2),
        ),
    ),
    RoleSpec(
        "Senior Product Manager",
        PRODUCT_ENGINEERING,
        4,
        IC,
        "Owns the strategy and roadmap of a product area.",
        (
            "Own the roadmap of a product area",
            "Align stakeholders on priorities",
            "Run experiments to test ideas",
            "Coach product managers",
        ),
        (
            ess("Product discovery", 4),
            ess("Roadmapping", 4),
            ess("Prioritisation", 4),
            ess("Stakeholder management", 4),
            des("Experiment design", 3),
            des("Business acumen", 3),
        ),
    ),
    RoleSpec(
        "Head of Product & Engineering",
        PRODUCT_ENGINEERING,
        6,
        MANAGER,
        "Leads product management, engineering and product support.",
        (
            "Set the product and technology strategy",
            "Lead the engineering managers and product managers",
            "Own the engineering budget and hiring plan",
            "Report product progress to the leadership team",
        ),
        (
            ess("Strategic planning", 5),
            ess("Roadmapping", 4),
            ess("Performance management", 4),
            ess("Change management", 4),
            des("Business acumen", 4),
            des("Hiring and interviewing", 4),
        ),
        is_key_position=True,
    ),
    # Sales & Marketing
    RoleSpec(
        "Sales Development Representative",
        SALES_MARKETING,
        1,
        IC,
        "Finds and qualifies new sales opportunities.",
        (
            "Research and contact prospective customers",
            "Qualify inbound leads",
            "Book first meetings for account executives",
            "Keep the CRM up to date",
        ),
        (
            ess("Prospecting", 3),
            ess(CSR_SKILLS[0], 3),
            ess(CSR_SKILLS[2], 3),
            des(CSR_SKILLS[3], 3),
            des("Active listening", 3),
        ),
    ),
    RoleSpec(
        "Account Executive",
        SALES_MARKETING,
        2,
        IC,
        "Wins new customers.",
        (
            "Run sales cycles from first meeting to signature",
            "Present the product to buyers",
            "Negotiate terms",
            "Forecast their pipeline accurately",
        ),
        (
            ess("Consultative selling", 3),
            ess("Negotiation", 3),
            ess("Sales pipeline management", 3),
            des("Presenting", 3),
            des(CSR_SKILLS[2], 3),
        ),
    ),
    RoleSpec(
        "Senior Account Executive",
        SALES_MARKETING,
        3,
        IC,
        "Wins and grows the largest customers.",
        (
            "Win complex, multi-stakeholder deals",
            "Grow strategic accounts",
            "Mentor account executives",
            "Feed market insight back to product",
        ),
        (
            ess("Consultative selling", 4),
            ess("Negotiation", 4),
            ess("Account management", 4),
            des("Stakeholder management", 3),
            des("Business acumen", 3),
        ),
    ),
    RoleSpec(
        "Marketing Specialist",
        SALES_MARKETING,
        2,
        IC,
        "Plans and runs marketing campaigns.",
        (
            "Plan and run campaigns",
            "Write content for the website and social channels",
            "Report on campaign results",
            "Support events and launches",
        ),
        (
            ess("Content marketing", 3),
            ess("Digital marketing", 3),
            ess("Written communication", 4),
            des("Market research", 2),
            des("Data analysis", 2),
        ),
    ),
    RoleSpec(
        "Sales Manager",
        SALES_MARKETING,
        4,
        MANAGER,
        "Leads a sales team to its target.",
        (
            "Lead and coach a team of sellers",
            "Own the team's forecast and target",
            "Review deals and help close them",
            "Hire sellers",
        ),
        (
            ess("Sales pipeline management", 4),
            ess("Coaching", 4),
            ess("Performance management", 3),
            des("Budgeting and forecasting", 3),
            des("Negotiation", 4),
        ),
    ),
    RoleSpec(
        "Head of Sales & Marketing",
        SALES_MARKETING,
        6,
        MANAGER,
        "Leads revenue growth and the brand.",
        (
            "Set revenue targets and the go-to-market strategy",
            "Lead the sales and marketing teams",
            "Own the brand",
            "Report revenue to the leadership team",
        ),
        (
            ess("Strategic planning", 4),
            ess("Market research", 3),
            ess("Performance management", 4),
            ess("Business acumen", 4),
            des("Brand management", 4),
        ),
        is_key_position=True,
    ),
    # People & Finance
    RoleSpec(
        "People Coordinator",
        PEOPLE_FINANCE,
        1,
        IC,
        "Keeps people processes running from hire to leave.",
        (
            "Coordinate interviews and onboarding",
            "Keep employee records accurate",
            "Answer everyday people questions",
            "Prepare contracts and letters",
        ),
        (
            ess("Recruiting", 2),
            ess("Attention to detail", 3),
            ess("Written communication", 3),
            des("Employment law", 1),
            des("Spreadsheets", 3),
        ),
    ),
    RoleSpec(
        "HR Business Partner",
        PEOPLE_FINANCE,
        3,
        IC,
        "Partners with managers on people matters, from performance to organisation design.",
        (
            "Advise managers on people matters",
            "Handle employee relations cases",
            "Run talent reviews and succession planning",
            "Support change programmes",
        ),
        (
            ess("Employee relations", 4),
            ess("Employment law", 3),
            ess("Coaching", 3),
            des("Performance management", 3),
            des("Change management", 3),
        ),
    ),
    RoleSpec(
        "Financial Analyst",
        PEOPLE_FINANCE,
        2,
        IC,
        "Produces the numbers the company runs on.",
        (
            "Prepare monthly management accounts",
            "Build and maintain financial models",
            "Support budgeting and forecasting",
            "Analyse spend against budget",
        ),
        (
            ess("Financial reporting", 3),
            ess("Spreadsheets", 4),
            ess("Financial modelling", 3),
            ess("Attention to detail", 4),
            des("Budgeting and forecasting", 3),
        ),
    ),
    RoleSpec(
        "Finance Manager",
        PEOPLE_FINANCE,
        4,
        MANAGER,
        "Runs finance operations and the budget cycle.",
        (
            "Close the books every month",
            "Lead the budgeting cycle",
            "Manage the finance team",
            "Keep controls and compliance in order",
        ),
        (
            ess("Financial reporting", 4),
            ess("Budgeting and forecasting", 4),
            ess("Risk and compliance", 3),
            des("Performance management", 3),
            des("Stakeholder management", 3),
        ),
    ),
    RoleSpec(
        "Head of People & Finance",
        PEOPLE_FINANCE,
        6,
        MANAGER,
        "Leads people, finance and the policies that go with them.",
        (
            "Set the people and finance strategy",
            "Own pay, benefits and the annual budget",
            "Lead the people and finance teams",
            "Advise the leadership team on organisation and cost",
        ),
        (
            ess("Strategic planning", 4),
            ess("Compensation and benefits", 4),
            ess("Budgeting and forecasting", 4),
            des("Employment law", 4),
            des("Change management", 4),
        ),
        is_key_position=True,
    ),
    # Operations
    RoleSpec(
        "Operations Coordinator",
        OPERATIONS,
        1,
        IC,
        "Keeps offices, suppliers and internal requests moving.",
        (
            "Handle internal requests and office logistics",
            "Raise purchase orders and track suppliers",
            "Keep operational records up to date",
            "Support small projects",
        ),
        (
            ess("Project management", 2),
            ess("Vendor management", 2),
            ess(CSR_SKILLS[3], 3),
            des("Attention to detail", 3),
            des("Spreadsheets", 3),
        ),
    ),
    RoleSpec(
        "Operations Analyst",
        OPERATIONS,
        2,
        IC,
        "Finds and fixes inefficiencies in how the company works.",
        (
            "Map and measure internal processes",
            "Recommend and implement improvements",
            "Build operational reports",
            "Support supplier reviews",
        ),
        (
            ess("Process improvement", 3),
            ess("Data analysis", 3),
            ess("Spreadsheets", 4),
            des("Project management", 3),
            des("Root cause analysis", 3),
        ),
    ),
    RoleSpec(
        "Operations Manager",
        OPERATIONS,
        4,
        MANAGER,
        "Leads the operations team and its projects.",
        (
            "Lead the operations team",
            "Run operational improvement projects",
            "Manage key suppliers",
            "Keep the company compliant",
        ),
        (
            ess("Process improvement", 4),
            ess("Project management", 4),
            ess("Vendor management", 3),
            ess("Performance management", 3),
            des("Risk and compliance", 3),
        ),
    ),
    RoleSpec(
        "Head of Operations",
        OPERATIONS,
        6,
        MANAGER,
        "Leads operations, facilities and compliance.",
        (
            "Set the operations strategy",
            "Own risk and compliance",
            "Lead the operations team",
            "Run company-wide change programmes",
        ),
        (
            ess("Strategic planning", 4),
            ess("Risk and compliance", 4),
            ess("Change management", 4),
            des("Process improvement", 4),
            des("Budgeting and forecasting", 3),
        ),
        is_key_position=True,
    ),
    RoleSpec(
        "Chief Executive Officer",
        OPERATIONS,
        8,
        MANAGER,
        "Leads the company.",
        (
            "Set the company's vision and strategy",
            "Lead the leadership team",
            "Answer to the board and investors",
            "Shape the company's culture",
        ),
        (
            ess("Strategic planning", 5, "2.00"),
            ess("Business acumen", 5),
            ess("Decision making", 5),
            ess("Stakeholder management", 5),
            des("Change management", 4),
        ),
        is_key_position=True,
    ),
)


@dataclass(frozen=True)
class TransitionSpec:
    from_role: str
    to_role: str
    kind: TransitionKind
    typical_months: int


PROMOTION = TransitionKind.PROMOTION
LATERAL = TransitionKind.LATERAL
CROSS_FAMILY = TransitionKind.CROSS_FAMILY

TRANSITIONS = (
    # The worked example's move.
    TransitionSpec(WORKED_EXAMPLE_CURRENT_ROLE, WORKED_EXAMPLE_TARGET_ROLE, CROSS_FAMILY, 12),
    TransitionSpec(
        WORKED_EXAMPLE_CURRENT_ROLE, "Senior Customer Service Representative", PROMOTION, 18
    ),
    TransitionSpec(
        WORKED_EXAMPLE_CURRENT_ROLE, "Sales Development Representative", CROSS_FAMILY, 12
    ),
    TransitionSpec(
        "Senior Customer Service Representative", WORKED_EXAMPLE_TARGET_ROLE, CROSS_FAMILY, 12
    ),
    TransitionSpec(
        "Senior Customer Service Representative", "Customer Support Team Lead", PROMOTION, 24
    ),
    TransitionSpec(
        "Senior Customer Service Representative", "Customer Support Quality Analyst", PROMOTION, 18
    ),
    TransitionSpec("Customer Support Quality Analyst", "Customer Support Team Lead", LATERAL, 12),
    TransitionSpec("Customer Support Quality Analyst", "Operations Analyst", CROSS_FAMILY, 12),
    TransitionSpec("Customer Support Team Lead", "Customer Support Manager", PROMOTION, 24),
    TransitionSpec("Customer Support Manager", "Head of Customer Support", PROMOTION, 36),
    TransitionSpec("Head of Customer Support", "Head of Operations", CROSS_FAMILY, 24),
    TransitionSpec(WORKED_EXAMPLE_TARGET_ROLE, "Senior Product Support Specialist", PROMOTION, 18),
    TransitionSpec("Senior Product Support Specialist", "Software Engineer", LATERAL, 18),
    TransitionSpec("Senior Product Support Specialist", "Product Manager", LATERAL, 24),
    TransitionSpec("Software Engineer", "Senior Software Engineer", PROMOTION, 24),
    TransitionSpec("Senior Software Engineer", "Staff Engineer", PROMOTION, 36),
    TransitionSpec("Senior Software Engineer", "Engineering Manager", PROMOTION, 24),
    TransitionSpec("Staff Engineer", "Engineering Manager", LATERAL, 12),
    TransitionSpec("Engineering Manager", "Head of Product & Engineering", PROMOTION, 36),
    TransitionSpec("Product Manager", "Senior Product Manager", PROMOTION, 24),
    TransitionSpec("Senior Product Manager", "Head of Product & Engineering", PROMOTION, 36),
    TransitionSpec("Sales Development Representative", "Account Executive", PROMOTION, 12),
    TransitionSpec("Account Executive", "Senior Account Executive", PROMOTION, 24),
    TransitionSpec("Senior Account Executive", "Sales Manager", PROMOTION, 24),
    TransitionSpec("Sales Manager", "Head of Sales & Marketing", PROMOTION, 36),
    TransitionSpec("Marketing Specialist", "Product Manager", CROSS_FAMILY, 24),
    TransitionSpec("Account Executive", "Marketing Specialist", LATERAL, 12),
    TransitionSpec("People Coordinator", "HR Business Partner", PROMOTION, 24),
    TransitionSpec("HR Business Partner", "Head of People & Finance", PROMOTION, 48),
    TransitionSpec("Financial Analyst", "Finance Manager", PROMOTION, 36),
    TransitionSpec("Financial Analyst", "Operations Analyst", CROSS_FAMILY, 12),
    TransitionSpec("Finance Manager", "Head of People & Finance", PROMOTION, 36),
    TransitionSpec("Operations Coordinator", "Operations Analyst", PROMOTION, 18),
    TransitionSpec("Operations Coordinator", "People Coordinator", CROSS_FAMILY, 12),
    TransitionSpec("Operations Analyst", "Operations Manager", PROMOTION, 30),
    TransitionSpec("Operations Manager", "Head of Operations", PROMOTION, 36),
    TransitionSpec("Head of Operations", "Chief Executive Officer", PROMOTION, 60),
)

# ---------------------------------------------------------------------------------------------
# Departments and people.

LOCATIONS = {
    "London": "Europe/London",
    "Dublin": "Europe/Dublin",
    "Berlin": "Europe/Berlin",
    "New York": "America/New_York",
    "Toronto": "America/Toronto",
    "San Francisco": "America/Los_Angeles",
    "Bangalore": "Asia/Kolkata",
    "Sydney": "Australia/Sydney",
}

# Department name -> its head (a person below).
DEPARTMENTS = {
    CUSTOMER_SUPPORT: "Daniel Okafor",
    PRODUCT_ENGINEERING: "Lukas Becker",
    SALES_MARKETING: "Rachel Goldberg",
    PEOPLE_FINANCE: "Fiona MacLeod",
    OPERATIONS: "Marco Bianchi",
}
# The job family generated people of each department are given roles from.
DEPARTMENT_FAMILY = {name: name for name in DEPARTMENTS}


@dataclass(frozen=True)
class PersonSpec:
    name: str
    role: str
    department: str
    manager: str | None
    location: str
    hired: date
    login: str | None = None

    @property
    def work_email(self) -> str:
        return self.login or f"{_email_local_part(self.name)}@{DEMO_DOMAIN}"

    @property
    def timezone(self) -> str:
        return LOCATIONS[self.location]


def _email_local_part(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return ".".join(re.sub(r"[^a-z]", "", part) for part in ascii_name.lower().split())


def P(
    name: str,
    role: str,
    department: str,
    manager: str | None,
    location: str,
    hired: str,
    login: str | None = None,
) -> PersonSpec:
    return PersonSpec(name, role, department, manager, location, date.fromisoformat(hired), login)


CS, PE, SM, PF, OPS = (
    CUSTOMER_SUPPORT,
    PRODUCT_ENGINEERING,
    SALES_MARKETING,
    PEOPLE_FINANCE,
    OPERATIONS,
)
CSR = WORKED_EXAMPLE_CURRENT_ROLE
SENIOR_CSR = "Senior Customer Service Representative"
TEAM_LEAD = "Customer Support Team Lead"

# Managers come before their reports.
# fmt: off
PEOPLE = (
    P("Eleanor Whitfield", "Chief Executive Officer", OPS, None, "London", "2014-03-03"),
    # Customer Support: the worked example's team.
    P("Daniel Okafor", "Head of Customer Support", CS, "Eleanor Whitfield", "London", "2016-09-12",
      DIRECTOR_LOGIN),
    P("Sofia Rossi", TEAM_LEAD, CS, "Daniel Okafor", "London", "2018-05-21", MANAGER_LOGIN),
    P("Maya Patel", CSR, CS, "Sofia Rossi", "London", "2023-02-06", EMPLOYEE_LOGIN),
    P("Tom Bennett", CSR, CS, "Sofia Rossi", "London", "2024-01-15"),
    P("Aisha Khan", SENIOR_CSR, CS, "Sofia Rossi", "London", "2020-10-05"),
    P("Oliver Hughes", CSR, CS, "Sofia Rossi", "London", "2024-06-03"),
    P("Chloe Evans", CSR, CS, "Sofia Rossi", "London", "2022-08-22"),
    P("Liam O'Connor", SENIOR_CSR, CS, "Sofia Rossi", "Dublin", "2021-04-12"),
    P("Marcus Johnson", TEAM_LEAD, CS, "Daniel Okafor", "New York", "2019-07-08"),
    P("Emily Davis", CSR, CS, "Marcus Johnson", "New York", "2023-09-11"),
    P("Carlos Mendez", CSR, CS, "Marcus Johnson", "New York", "2022-03-14"),
    P("Jasmine Lee", SENIOR_CSR, CS, "Marcus Johnson", "New York", "2019-11-18"),
    P("Ryan Murphy", CSR, CS, "Marcus Johnson", "New York", "2024-04-22"),
    P("Noah Tremblay", CSR, CS, "Marcus Johnson", "Toronto", "2023-05-29"),
    P("Priya Nair", TEAM_LEAD, CS, "Daniel Okafor", "Bangalore", "2019-01-14"),
    P("Arjun Reddy", CSR, CS, "Priya Nair", "Bangalore", "2023-07-03"),
    P("Kavya Iyer", CSR, CS, "Priya Nair", "Bangalore", "2024-02-12"),
    P("Rohan Desai", SENIOR_CSR, CS, "Priya Nair", "Bangalore", "2021-06-21"),
    P("Sneha Kulkarni", CSR, CS, "Priya Nair", "Bangalore", "2022-11-07"),
    P("Amelia Scott", CSR, CS, "Priya Nair", "Sydney", "2023-11-20"),
    P("Grace Kim", "Customer Support Quality Analyst", CS, "Daniel Okafor", "London", "2020-02-17"),
    # Product & Engineering
    P("Lukas Becker", "Head of Product & Engineering", PE, "Eleanor Whitfield", "Berlin",
      "2017-04-03"),
    P("Anna Schmidt", "Engineering Manager", PE, "Lukas Becker", "Berlin", "2018-09-10"),
    P("Felix Wagner", "Senior Software Engineer", PE, "Anna Schmidt", "Berlin", "2019-03-18"),
    P("Mia Hoffmann", "Software Engineer", PE, "Anna Schmidt", "Berlin", "2022-01-10"),
    P("Jonas Weber", "Staff Engineer", PE, "Anna Schmidt", "Berlin", "2017-11-06"),
    P("Lena Fischer", "Software Engineer", PE, "Anna Schmidt", "Berlin", "2023-10-02"),
    P("Vikram Shah", "Engineering Manager", PE, "Lukas Becker", "Bangalore", "2019-05-06"),
    P("Ananya Rao", "Senior Software Engineer", PE, "Vikram Shah", "Bangalore", "2020-08-17"),
    P("Karthik Menon", "Software Engineer", PE, "Vikram Shah", "Bangalore", "2022-06-13"),
    P("Divya Pillai", "Software Engineer", PE, "Vikram Shah", "Bangalore", "2024-03-04"),
    P("James Whitaker", "Engineering Manager", PE, "Lukas Becker", "London", "2020-01-13"),
    P("Ben Carter", "Senior Product Support Specialist", PE, "James Whitaker", "London",
      "2020-09-07"),
    P("Zoe Adams", WORKED_EXAMPLE_TARGET_ROLE, PE, "James Whitaker", "London", "2022-05-16"),
    P("Ethan Brooks", WORKED_EXAMPLE_TARGET_ROLE, PE, "James Whitaker", "New York", "2023-03-27"),
    P("Jack Nguyen", WORKED_EXAMPLE_TARGET_ROLE, PE, "James Whitaker", "Sydney", "2023-08-14"),
    P("Nadia Hassan", "Senior Product Manager", PE, "Lukas Becker", "London", "2019-10-21"),
    P("Samuel Owusu", "Product Manager", PE, "Lukas Becker", "London", "2021-08-30"),
    # Sales & Marketing
    P("Rachel Goldberg", "Head of Sales & Marketing", SM, "Eleanor Whitfield", "New York",
      "2017-06-19"),
    P("Michael Brown", "Sales Manager", SM, "Rachel Goldberg", "New York", "2018-02-26"),
    P("Olivia Martinez", "Senior Account Executive", SM, "Michael Brown", "New York", "2019-09-09"),
    P("William Chen", "Account Executive", SM, "Michael Brown", "San Francisco", "2021-11-01"),
    P("Isabella Garcia", "Account Executive", SM, "Michael Brown", "New York", "2022-07-18"),
    P("Jack Wilson", "Sales Development Representative", SM, "Michael Brown", "New York",
      "2024-01-08"),
    P("Sophie Turner", "Sales Development Representative", SM, "Michael Brown", "London",
      "2024-05-13"),
    P("Lucy Clarke", "Marketing Specialist", SM, "Rachel Goldberg", "London", "2021-03-22"),
    P("Matteo Ricci", "Marketing Specialist", SM, "Rachel Goldberg", "Berlin", "2022-09-05"),
    # People & Finance
    P("Fiona MacLeod", "Head of People & Finance", PF, "Eleanor Whitfield", "London",
      "2016-01-11"),
    P("Hannah Reid", "HR Business Partner", PF, "Fiona MacLeod", "London", "2019-04-15", HR_LOGIN),
    P("Ella Robinson", "People Coordinator", PF, "Fiona MacLeod", "London", "2023-01-23"),
    P("Peter Novak", "Finance Manager", PF, "Fiona MacLeod", "Berlin", "2018-11-12"),
    P("Laura Schneider", "Financial Analyst", PF, "Peter Novak", "Berlin", "2021-02-01"),
    P("Aditya Kumar", "Financial Analyst", PF, "Peter Novak", "Bangalore", "2022-10-10"),
    # Operations
    P("Marco Bianchi", "Head of Operations", OPS, "Eleanor Whitfield", "Berlin", "2017-08-14"),
    P("Sarah Mitchell", "Operations Manager", OPS, "Marco Bianchi", "London", "2019-06-03"),
    P("Owen Price", "Operations Analyst", OPS, "Sarah Mitchell", "London", "2021-05-10"),
    P("Ruby Walsh", "Operations Coordinator", OPS, "Sarah Mitchell", "London", "2023-06-19"),
    P("Nikhil Joshi", "Operations Analyst", OPS, "Sarah Mitchell", "Bangalore", "2022-02-28"),
    P("Elena Petrova", "Operations Coordinator", OPS, "Marco Bianchi", "Berlin", "2024-02-26"),
)
# fmt: on

# ---------------------------------------------------------------------------------------------
# The learning catalogue and the mentors.

# (title, provider, kind, hours, cost, url, {skill: level})
RESOURCES = (
    (
        "Product Support Fundamentals",
        "CareerMap Academy",
        ResourceKind.COURSE,
        12,
        None,
        "https://learning.example.com/product-support",
        {
            "Technical proficiency in the specific product or software being supported": 3,
            "Ability to explain technical concepts to non-technical users": 3,
        },
    ),
    (
        "Certified Helpdesk Analyst",
        "Service Desk Institute",
        ResourceKind.CERTIFICATION,
        30,
        Decimal("450.00"),
        "https://learning.example.com/helpdesk-analyst",
        {"Experience with helpdesk software and support ticketing systems": 4},
    ),
    (
        "Debugging for Support Teams",
        "Internal engineering",
        ResourceKind.WORKSHOP,
        6,
        None,
        "",
        {
            "Knowledge of software troubleshooting and debugging techniques": 3,
            "Strong problem-solving and analytical skills": 4,
        },
    ),
    (
        "The Effortless Experience",
        "Book",
        ResourceKind.BOOK,
        8,
        Decimal("20.00"),
        "",
        {"Excellent communication and customer service skills": 4},
    ),
    (
        "Support Shadowing Programme",
        "Product Support team",
        ResourceKind.PROGRAMME,
        20,
        None,
        "",
        {
            "Technical proficiency in the specific product or software being supported": 4,
            "Experience with helpdesk software and support ticketing systems": 3,
        },
    ),
    # The wider catalogue: every skill a demo person falls short of, for their role, their target
    # or a key position they are lined up for, has at least one resource (tests/demo asserts it).
    ("Leading Through Strategy", "London Business Academy", ResourceKind.PROGRAMME, 40,
     Decimal("2400.00"), "https://learning.example.com/strategy",
     {"Strategic planning": 5, "Business acumen": 5, "Decision making": 5, "Roadmapping": 4}),
    ("Finance for Managers", "Open Finance School", ResourceKind.COURSE, 16, Decimal("380.00"),
     "https://learning.example.com/finance-for-managers",
     {"Budgeting and forecasting": 4, "Financial reporting": 4, "Financial modelling": 4,
      "Spreadsheets": 4}),
    ("Coaching Conversations", "People team", ResourceKind.WORKSHOP, 8, None, "",
     {"Coaching": 4, "Performance management": 4, "Delegation": 4}),
    ("Leading Change", "Change Institute", ResourceKind.CERTIFICATION, 24, Decimal("900.00"),
     "https://learning.example.com/change-practitioner",
     {"Change management": 5, "Stakeholder management": 4, "Process improvement": 4}),
    ("Digital Essentials", "CareerMap Academy", ResourceKind.COURSE, 6, None,
     "https://learning.example.com/digital-essentials",
     {"Basic computer skills": 4, "Spreadsheets": 3, "Time management skills": 3}),
    ("Clear Communication at Work", "CareerMap Academy", ResourceKind.COURSE, 10, None,
     "https://learning.example.com/communication",
     {"Strong communication skills": 5, "Written communication": 4, "Presenting": 4}),
    ("Structured Problem Solving", "Internal engineering", ResourceKind.WORKSHOP, 6, None, "",
     {"Problem-solving abilities": 4, "Root cause analysis": 4, "Attention to detail": 4,
      "Data analysis": 3}),
    ("CRM for Customer Teams", "Salesforce Trailhead", ResourceKind.COURSE, 12, None,
     "https://learning.example.com/crm",
     {"Customer relationship management (CRM) software proficiency": 4,
      "Account management": 4, "Sales pipeline management": 4}),
    ("SQL and Data Analysis", "Data School", ResourceKind.COURSE, 20, Decimal("250.00"),
     "https://learning.example.com/sql",
     {"SQL": 4, "Data analysis": 4, "Experiment design": 3}),
    ("Modern Software Practice", "Internal engineering", ResourceKind.PROGRAMME, 30, None, "",
     {"Code review": 5, "Python": 4, "JavaScript": 4, "Automated testing": 4, "API design": 4,
      "System design": 5, "Cloud infrastructure": 4}),
    ("Incident Command", "SRE Guild", ResourceKind.WORKSHOP, 8, None,
     "https://learning.example.com/incident-command",
     {"Incident response": 4, "Service level management": 4}),
    ("Calm Under Pressure: De-escalation", "Customer Support Institute", ResourceKind.WORKSHOP, 4,
     Decimal("120.00"), "https://learning.example.com/de-escalation",
     {"De-escalation": 4, "Complaint handling": 4, "Customer empathy": 4}),
    ("Hiring Well", "People team", ResourceKind.WORKSHOP, 6, None, "",
     {"Hiring and interviewing": 4, "Compensation and benefits": 3}),
    ("Employment Law Essentials", "CIPD", ResourceKind.CERTIFICATION, 18, Decimal("650.00"),
     "https://learning.example.com/employment-law",
     {"Employment law": 4, "Risk and compliance": 4, "Vendor management": 3}),
    ("Marketing Foundations", "Digital Marketing Institute", ResourceKind.COURSE, 25,
     Decimal("495.00"), "https://learning.example.com/marketing",
     {"Market research": 4, "Brand management": 4, "Content marketing": 4}),
    ("Product Management Essentials", "Product School", ResourceKind.COURSE, 20,
     Decimal("600.00"), "https://learning.example.com/product",
     {"Product discovery": 4, "Requirements writing": 4, "Prioritisation": 4, "Roadmapping": 4}),
    ("Project Delivery", "APM", ResourceKind.CERTIFICATION, 35, Decimal("700.00"),
     "https://learning.example.com/project-delivery",
     {"Project management": 4, "Time management skills": 4, "Prioritisation": 3}),
    ("Consultative Selling and Negotiation", "Sales Academy", ResourceKind.COURSE, 14,
     Decimal("350.00"), "https://learning.example.com/selling",
     {"Consultative selling": 4, "Negotiation": 4, "Prospecting": 4}),
    ("Writing Knowledge Base Articles", "Product Support team", ResourceKind.WORKSHOP, 3, None,
     "", {"Knowledge base writing": 4}),
)  # fmt: skip
# (work email, skills they offer to mentor)
MENTORS = (
    (
        f"ben.carter@{DEMO_DOMAIN}",
        (
            "Knowledge of software troubleshooting and debugging techniques",
            "Experience with helpdesk software and support ticketing systems",
        ),
    ),
    (
        f"ethan.brooks@{DEMO_DOMAIN}",
        (
            "Technical proficiency in the specific product or software being supported",
            "Ability to explain technical concepts to non-technical users",
        ),
    ),
)

# ---------------------------------------------------------------------------------------------
# Names for the generated large organisation (``seed_demo --employees N``).

FIRST_NAMES = (
    "Adam", "Alice", "Amir", "Ana", "Ben", "Bianca", "Chen", "Clara", "David", "Deepa", "Elif",
    "Erik", "Fatima", "Finn", "Gabriel", "Hana", "Ivan", "Isla", "Jamal", "Julia", "Kai", "Keira",
    "Leo", "Lucia", "Mateo", "Mei", "Nia", "Omar", "Paula", "Quinn", "Rafael", "Rosa", "Sam",
    "Sara", "Theo", "Uma", "Victor", "Wen", "Yusuf", "Zara",
)  # fmt: skip
LAST_NAMES = (
    "Abbott", "Ahmed", "Alvarez", "Baker", "Berg", "Choi", "Costa", "Dubois", "Edwards", "Fischer",
    "Gupta", "Hall", "Ito", "Jensen", "Kowalski", "Larsen", "Lopez", "Moreau", "Nakamura",
    "Novak", "Okoye", "Olsen", "Park", "Quinn", "Rahman", "Rossi", "Santos", "Silva", "Singh",
    "Takahashi", "Usman", "Vargas", "Wong", "Xu", "Yilmaz", "Zhang",
)  # fmt: skip

# ---------------------------------------------------------------------------------------------
# Talent: a closed, calibrated review cycle, an open one, and the key positions' slates.

HIGH, MODERATE, LOW = 3, 2, 1
CLOSED_REVIEW = "Mid-year talent review"
OPEN_REVIEW = "Year-end talent review"
# Everyone but the CEO is rated in the closed cycle: moderate / moderate unless listed here.
# (name: (performance, potential))
CLOSED_RATINGS = {
    "Daniel Okafor": (HIGH, HIGH),
    "Sofia Rossi": (HIGH, MODERATE),
    "Maya Patel": (HIGH, HIGH),
    "Tom Bennett": (MODERATE, LOW),
    "Aisha Khan": (HIGH, HIGH),
    "Oliver Hughes": (LOW, MODERATE),
    "Liam O'Connor": (MODERATE, HIGH),
    "Marcus Johnson": (HIGH, MODERATE),
    "Jasmine Lee": (HIGH, HIGH),
    "Ryan Murphy": (LOW, LOW),
    "Priya Nair": (MODERATE, HIGH),
    "Rohan Desai": (HIGH, MODERATE),
    "Grace Kim": (MODERATE, HIGH),
    "Lukas Becker": (HIGH, HIGH),
    "Anna Schmidt": (HIGH, HIGH),
    "Felix Wagner": (HIGH, MODERATE),
    "Jonas Weber": (HIGH, MODERATE),
    "Vikram Shah": (MODERATE, HIGH),
    "Ananya Rao": (HIGH, HIGH),
    "Ben Carter": (HIGH, MODERATE),
    "Zoe Adams": (MODERATE, HIGH),
    "Nadia Hassan": (HIGH, MODERATE),
    "Rachel Goldberg": (HIGH, MODERATE),
    "Michael Brown": (MODERATE, MODERATE),
    "Olivia Martinez": (HIGH, HIGH),
    "Jack Wilson": (LOW, MODERATE),
    "Fiona MacLeod": (HIGH, MODERATE),
    "Peter Novak": (MODERATE, MODERATE),
    "Marco Bianchi": (MODERATE, MODERATE),
    "Sarah Mitchell": (HIGH, MODERATE),
    "Elena Petrova": (LOW, MODERATE),
}
# HR's calibration moves in the closed cycle: (name, performance, potential, reason).
CALIBRATIONS = (
    ("Rohan Desai", HIGH, HIGH,
     "Led the Bangalore escalation rota through the outage; peers across sites rate him higher."),
    ("Tom Bennett", MODERATE, MODERATE,
     "Only six months in the role at rating time; potential is too early to call low."),
    ("Felix Wagner", MODERATE, MODERATE,
     "Two late deliveries this half; calibrated against the other senior engineers."),
)  # fmt: skip
# The open cycle: what the managers have entered so far.
OPEN_RATINGS = {
    "Maya Patel": (HIGH, HIGH),
    "Aisha Khan": (HIGH, HIGH),
    "Chloe Evans": (MODERATE, MODERATE),
    "Anna Schmidt": (HIGH, HIGH),
}


@dataclass(frozen=True)
class SlateSpec:
    """A key position held by ``incumbent``: its risks and its successors, best first
    (name, readiness "now" / "1-2" / "3-5", emergency cover)."""

    role: str
    incumbent: str
    risk_of_loss: str
    impact_of_loss: str
    notes: str
    successors: tuple[tuple[str, str, bool], ...]


# Every role the catalogue flags as a key position, so coverage and bench strength have real
# gaps to show: Sales & Marketing has no one ready now, Operations has no successor at all.
KEY_POSITIONS = (
    SlateSpec("Chief Executive Officer", "Eleanor Whitfield", "low", "high",
              "Board expects an internal candidate within three years.",
              (("Lukas Becker", "1-2", True), ("Daniel Okafor", "3-5", False))),
    SlateSpec("Head of Customer Support", "Daniel Okafor", "medium", "high",
              "Three sites and 21 people; the team leads cover each other's queues today.",
              (("Sofia Rossi", "now", True), ("Marcus Johnson", "1-2", False),
               ("Priya Nair", "1-2", False))),
    SlateSpec("Head of Product & Engineering", "Lukas Becker", "high", "high",
              "Approached by two competitors this year.",
              (("Anna Schmidt", "now", True), ("Jonas Weber", "1-2", False),
               ("Vikram Shah", "3-5", False))),
    SlateSpec("Head of Sales & Marketing", "Rachel Goldberg", "medium", "medium",
              "No one is ready now: the pipeline depends on the sales manager's growth.",
              (("Michael Brown", "1-2", False), ("Olivia Martinez", "3-5", False))),
    SlateSpec("Head of People & Finance", "Fiona MacLeod", "low", "medium",
              "Finance and people could split into two roles at the next restructure.",
              (("Peter Novak", "3-5", False),)),
    SlateSpec("Head of Operations", "Marco Bianchi", "high", "medium",
              "Retiring within two years; no successor identified yet.",
              ()),
)  # fmt: skip
